import type { ReactNode } from 'react';
import type { Card } from '../../shared/model.ts';
import type { TraceFinding } from '../../shared/traceCheck.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { columnTitle } from '../derive/board.ts';
import { FINDING_LABELS, whenLabel } from '../derive/labels.ts';
import { revealCard } from '../ui/revealCard.ts';
import type { TraceStatus } from '../derive/traceStatus.ts';
import './TraceCheckPanel.css';
import { excerpt } from '../../shared/text.ts';

/**
 * The trace check: what in the plan does not hold together yet, each finding
 * with its cards (select and show them on the board), the ones a facilitator
 * override covers, and whether the Commit phase may close.
 */
export function TraceCheckPanel({ status }: { status: TraceStatus }) {
  const session = useSession();
  const { cards } = useBoard();
  const byId = new Map(cards.map((c) => [c.id, c]));
  const facilitator = session.canEdit && session.role === 'facilitator';
  const { open, blocking, overridden, overrides } = status;

  return (
    <div className="trace-check">
      <div className="trace-verdict" data-blocked={blocking.length > 0 || undefined}>
        <div role="status">
        {blocking.length > 0 ? (
          <>
            <p>
              <strong>
                {blocking.length === 1 ? '1 commitment traces' : `${blocking.length} commitments trace`} to no goal: closing the Commit phase needs {blocking.length === 1 ? 'it' : 'them'} linked, or an override.
              </strong>
            </p>
            <p className="hint">Fix the cards below, or {facilitator ? 'override with a written reason.' : 'the facilitator overrides with a written reason.'}</p>
          </>
        ) : (
          <p>
            <strong>Nothing blocks closing the Commit phase.</strong>
            {status.findings.length === 0
              ? ' Every chain holds together.'
              : open.length > 0
                ? ` ${open.length} open ${open.length === 1 ? 'finding' : 'findings'} to look at below (only a commitment that reaches no goal blocks).`
                : ` ${overridden.length} overridden.`}
          </p>
        )}
        </div>
        {facilitator && blocking.length > 0 && (
          <button className="button" type="button" onClick={() => ui.setOverrideOpen(true)}>
            Override with a reason…
          </button>
        )}
      </div>

      <section aria-labelledby="open-findings-title">
        <h3 id="open-findings-title" className="section-title">
          Open findings ({open.length})
        </h3>
        {open.length === 0 ? (
          <p className="empty-note">None.</p>
        ) : (
          <ul className="finding-list">
            {open.map((f) => (
              <FindingItem key={f.id} finding={f} byId={byId} />
            ))}
          </ul>
        )}
      </section>

      {overridden.length > 0 && (
        <section aria-labelledby="overridden-title">
          <h3 id="overridden-title" className="section-title">
            Overridden ({overridden.length})
          </h3>
          <ul className="finding-list">
            {overridden.map(({ finding, override }) => (
              <FindingItem key={finding.id} finding={finding} byId={byId}>
                <p className="override-note">
                  Overridden by {override.by}, {whenLabel(override.at)}: “{override.reason}”
                </p>
              </FindingItem>
            ))}
          </ul>
        </section>
      )}

      {overrides.length > 0 && (
        <section aria-labelledby="overrides-title">
          <h3 id="overrides-title" className="section-title">
            Overrides in the decision log
          </h3>
          <ul className="override-log">
            {overrides.map((o) => (
              <li key={o.id}>
                <p>
                  <strong>{o.by}</strong>, <time dateTime={o.at}>{whenLabel(o.at)}</time> — {o.findings.length} {o.findings.length === 1 ? 'finding' : 'findings'}
                </p>
                <p className="prewrap">{o.reason}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function FindingItem({ finding, byId, children }: { finding: TraceFinding; byId: Map<string, Card>; children?: ReactNode }) {
  const shown = finding.cards.map((id) => byId.get(id)).filter((c): c is Card => c !== undefined);
  return (
    <li className="finding" data-kind={finding.kind}>
      <p className="finding-kind">{FINDING_LABELS[finding.kind]}</p>
      <p>{finding.message}</p>
      {shown.length > 0 && (
        <div className="finding-cards">
          {shown.map((card) => (
            <button key={card.id} className="chip-button" type="button" onClick={() => revealCard(card.id)} aria-label={`Show card on the board: ${excerpt(card.text, 60, { empty: 'Empty card' })}`}>
              {columnTitle(card.column)}: {excerpt(card.text, 36, { empty: 'Empty card' })}
            </button>
          ))}
        </div>
      )}
      {children}
    </li>
  );
}
