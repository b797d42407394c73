import { useMemo } from 'react';
import { traceFindings } from '../../shared/derive.ts';
import { COLUMNS, type Card, type ColumnId } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { CardText } from '../ui/CardText.tsx';
import { cardsByColumn, columnTitle, neighbourColumns } from '../derive/board.ts';
import { TraceBadge } from '../ui/TraceBadge.tsx';
import { useBadgeTone } from '../derive/useBadgeTone.ts';
import type { BadgeTone, TraceBadgeKind } from '../derive/traceBadges.ts';
import { Icon } from '../ui/Icon.tsx';
import { DeleteCardButton } from '../ui/GuardedDelete.tsx';
import { useLockedForMe } from '../sync/controlHooks.ts';
import { useProtection } from '../derive/useProtection.ts';
import { cardSummary } from '../derive/cardSummary.ts';
import { CardStatusTag } from '../ui/CardStatusTag.tsx';
import { cardOrigin, PortfolioMark } from '../ui/PortfolioMark.tsx';
import './OutlineView.css';
import { excerpt } from '../../shared/text.ts';

/**
 * The board as an accessible outline: one list per column in chain order (goal
 * first), with buttons for every operation the canvas offers by dragging.
 */
export function OutlineView() {
  const session = useSession();
  const { board, cards, links } = useBoard();
  const byColumn = useMemo(() => cardsByColumn(cards), [cards]);
  const findings = useMemo(() => traceFindings(cards, links), [cards, links]);
  const protection = useProtection();
  const locked = useLockedForMe();
  const toneOf = useBadgeTone();

  const add = (column: ColumnId) => {
    const id = session.edits.addCard(column);
    if (id) ui.startCard(id);
  };

  return (
    <div className="outline-view">
      {COLUMNS.filter((c) => board.kind !== 'portfolio' || c.id === 'goal' || c.id === 'segment').map((column) => (
        <section key={column.id} className="outline-column" aria-labelledby={`outline-${column.id}`}>
          <h2 id={`outline-${column.id}`}>{column.title}</h2>
          <p className="column-question">{column.question}</p>
          <ol className="outline-cards">
            {byColumn[column.id].map((card, index) => (
              <OutlineCard
                key={card.id}
                card={card}
                index={index}
                count={byColumn[column.id].length}
                badge={shownBadge(findings.orphans.has(card.id) ? 'orphan' : findings.deadEnds.has(card.id) ? 'dead-end' : null, card, toneOf)}
                protection={protection.card(card.id)}
                agreed={session.role === 'facilitator' ? undefined : protection.agreed(card.id)}
                locked={locked}
                portfolio={board.portfolio?.title}
              />
            ))}
          </ol>
          {session.canEdit && !locked.has(column.id) && (
            <button className="button ghost" type="button" onClick={() => add(column.id)}>
              <Icon name="plus" size={16} /> Add card to {column.title}
            </button>
          )}
          {session.canEdit && locked.has(column.id) && <p className="hint">Locked by the facilitator for now: read only.</p>}
        </section>
      ))}
    </div>
  );
}

type ShownBadge = { kind: TraceBadgeKind; tone: BadgeTone } | null;

function shownBadge(kind: TraceBadgeKind | null, card: Card, toneOf: ReturnType<typeof useBadgeTone>): ShownBadge {
  const tone = kind && toneOf(kind, card.column);
  return kind && tone ? { kind, tone } : null;
}

function OutlineCard({ card, index, count, badge, protection, agreed, portfolio, locked }: {
  card: Card; index: number; count: number; badge: ShownBadge; protection: string | undefined;
  /** The columns locked for this person: nothing in, into or out of them. */
  locked: ReadonlySet<ColumnId>;
  /** The board's portfolio title, when it is in one (its goals and segments are marked). */
  portfolio: string | undefined;
  /** Why its text is read only for this person (agreed content). */
  agreed: string | undefined;
}) {
  const session = useSession();
  const label = excerpt(card.text, 60, { empty: 'Empty card' });
  const { towardGoal, towardWork } = neighbourColumns(card.column);
  const summary = cardSummary(card);
  // A goal or segment from the portfolio is read only here (it is changed in the portfolio).
  const edit = session.canEdit && !card.portfolio && !locked.has(card.column);
  return (
    <li className="outline-card" data-card-id={card.id} data-status={card.status} data-badge={badge?.kind} aria-label={`${columnTitle(card.column)} card: ${label}${card.status === 'active' ? '' : ` (${card.status})`}`}>
      <div className="outline-card-main">
        <PortfolioMark origin={cardOrigin(card, portfolio)} />
        <CardStatusTag status={card.status} />
        <CardText cardId={card.id} text={card.text} readOnly={!edit} column={card.column} className="card-text boxed" agreed={edit ? agreed : null} />
        {summary && <p className="hint">{summary}</p>}
        {badge && <TraceBadge kind={badge.kind} tone={badge.tone} onOpen={() => ui.openPanel(card.id, 'links')} />}
      </div>
      <div className="outline-actions">
        <button className="chip-button" type="button" data-card-home onClick={() => ui.openPanel(card.id)} aria-label={`Details and links of card: ${label}`}>
          Details & links
        </button>
        {edit && (
          <>
            <button className="icon-button" type="button" disabled={index === 0} aria-label={`Move up: ${label}`} onClick={() => session.edits.moveCard(card.id, card.column, index - 1)}>
              <Icon name="up" />
            </button>
            <button className="icon-button" type="button" disabled={index === count - 1} aria-label={`Move down: ${label}`} onClick={() => session.edits.moveCard(card.id, card.column, index + 1)}>
              <Icon name="down" />
            </button>
            {towardGoal && !locked.has(towardGoal) && (
              <button className="chip-button" type="button" aria-label={`Move to ${columnTitle(towardGoal)}: ${label}`} onClick={() => notifyRefusal(session.edits.moveCard(card.id, towardGoal, Number.MAX_SAFE_INTEGER))}>
                Move to {columnTitle(towardGoal)}
              </button>
            )}
            {towardWork && !locked.has(towardWork) && (
              <button className="chip-button" type="button" aria-label={`Move to ${columnTitle(towardWork)}: ${label}`} onClick={() => notifyRefusal(session.edits.moveCard(card.id, towardWork, Number.MAX_SAFE_INTEGER))}>
                Move to {columnTitle(towardWork)}
              </button>
            )}
            <DeleteCardButton card={card} protection={protection} className="icon-button subtle">
              <Icon name={protection && session.role !== 'facilitator' ? 'lock' : 'trash'} size={16} />
            </DeleteCardButton>
          </>
        )}
      </div>
    </li>
  );
}

/** A move the session refused (a protected card out of its column) says why in the notice bar. */
function notifyRefusal(reason: string | undefined): void {
  if (reason) ui.notify(reason);
}
