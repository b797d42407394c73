import { useLockedForMe } from '../sync/controlHooks.ts';
import { useEffect, useId, useMemo, useRef } from 'react';
import { traceFindings } from '../../shared/derive.ts';
import { COLUMNS, type Card } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui, useUi } from '../state/ui.ts';
import { useBadgeTone } from '../derive/useBadgeTone.ts';
import { CardText } from '../ui/CardText.tsx';
import { DeleteCardButton } from '../ui/GuardedDelete.tsx';
import { agreedContentNote, amendNote, useProtection } from '../derive/useProtection.ts';
import { TraceBadge } from '../ui/TraceBadge.tsx';
import { Icon } from '../ui/Icon.tsx';
import { PortfolioMark, portfolioNote } from '../ui/PortfolioMark.tsx';
import { CardFieldsForm } from './CardFieldsForm.tsx';
import { CardLinks } from './CardLinks.tsx';
import { usePanelFocus } from '../ui/usePanelFocus.ts';
import { CardComments } from './CardComments.tsx';
import { CommitmentAction } from './CommitmentAction.tsx';
import './CardPanel.css';

/** The side panel of one card: its text, the column's fields, and its trace links. */
export function CardPanel({ card, onClose }: { card: Card; onClose: () => void }) {
  const session = useSession();
  const { cards, links } = useBoard();
  const heading = useRef<HTMLHeadingElement>(null);
  const column = COLUMNS.find((c) => c.id === card.column)!;
  const findings = useMemo(() => traceFindings(cards, links), [cards, links]);
  const protection = useProtection();
  // Agreed content: read only for participants (the server refuses their edits), amended and logged by the facilitator.
  const { board } = useBoard();
  // A goal or segment from the portfolio is read only here, for everyone (the server refuses any change to it).
  const mirroredWhy = session.canEdit && card.portfolio ? portfolioNote(board.portfolio?.title) : undefined;
  const facilitator = session.role === 'facilitator';
  // A locked column is read only for participants here too (the board hides its editing; the server refuses it).
  const locked = useLockedForMe();
  const lockedWhy = session.canEdit && !facilitator && locked.has(card.column) ? `Read only: the facilitator locked ${column.title} for now.` : undefined;
  const readOnlyWhy = mirroredWhy ?? lockedWhy;
  const agreedWhy = session.canEdit ? (readOnlyWhy ?? protection.agreed(card.id)) : undefined;
  const agreedNoteId = useId();
  const kind = findings.orphans.has(card.id) ? 'orphan' : findings.deadEnds.has(card.id) ? 'dead-end' : null;
  const toneOf = useBadgeTone();
  const tone = kind && toneOf(kind, card.column);
  const section = useUi((s) => s.panelSection);
  const panel = useRef<HTMLElement>(null);

  // Focus moves into the panel, and back to where it came from when it closes.
  usePanelFocus(heading, card.id);

  // Opened for its links (a badge, the links chip): they come into view and take the focus. Opened from
  // Details, the focus stays on the heading: the fields follow the card's text in reading order, and
  // landing in one of them (Definition, halfway down) skipped the text and lost the reader.
  useEffect(() => {
    if (!section) return;
    ui.panelSectionShown();
    if (section !== 'links') return;
    const target = panel.current?.querySelector<HTMLElement>('#card-links-title');
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.focus();
  }, [section, card.id]);

  return (
    <aside
      ref={panel}
      className="side-panel"
      aria-labelledby="card-panel-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="side-panel-header">
        <div>
          <p className="eyebrow">{column.title}</p>
          <h2 id="card-panel-title" ref={heading} tabIndex={-1}>
            Card details
          </h2>
        </div>
        <button className="icon-button" type="button" aria-label="Close card details" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body">
        {kind && tone && (
          <p className="panel-badge">
            <TraceBadge kind={kind} tone={tone} onOpen={() => ui.openPanel(card.id, 'links')} />
          </p>
        )}
        {mirroredWhy ? (
          <p id={agreedNoteId} className="agreed-note">
            <PortfolioMark origin="portfolio" portfolio={board.portfolio?.title} /> {mirroredWhy}
          </p>
        ) : lockedWhy ? (
          <p id={agreedNoteId} className="agreed-note">
            {lockedWhy}
          </p>
        ) : agreedWhy && (
          <p id={agreedNoteId} className="agreed-note">
            {facilitator ? amendNote(agreedWhy) : agreedContentNote(agreedWhy)}
          </p>
        )}
        <label className="field">
          <span>Text</span>
          <CardText
            key={card.id}
            cardId={card.id}
            text={card.text}
            readOnly={!session.canEdit || !!readOnlyWhy}
            agreed={facilitator || readOnlyWhy ? null : agreedWhy}
            agreedNoteId={agreedNoteId}
            label="Card text (details)"
            className="panel-text"
          />
        </label>
        <CardFieldsForm key={`fields-${card.id}`} card={card} agreedNote={agreedWhy && (!facilitator || readOnlyWhy) ? agreedNoteId : undefined} />
        <CardLinks card={card} />
        <CardComments key={`comments-${card.id}`} cardId={card.id} />
        <CommitmentAction card={card} />
        {card.author && <p className="hint">Added by {card.author}</p>}
        {session.canEdit && !card.portfolio && !lockedWhy && (
          <div className="panel-delete">
            <DeleteCardButton card={card} protection={protection.card(card.id)} className="button danger" onDeleted={onClose}>
              <Icon name={protection.card(card.id) && session.role !== 'facilitator' ? 'lock' : 'trash'} size={16} /> Delete card
            </DeleteCardButton>
          </div>
        )}
      </div>
    </aside>
  );
}
