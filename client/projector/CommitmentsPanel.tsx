import { useMemo } from 'react';
import { CONSENTED } from '../../shared/commitments.ts';
import { goalTracer } from '../../shared/derive.ts';
import type { Card, Commitment } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { consentStanding, standingText, type ConsentStanding } from '../derive/consentOutcome.ts';
import { useFitToBox } from './useFitToBox.ts';
import './CommitmentsPanel.css';

const ORDER = ['agreed', 'in-progress', 'done', 'proposed'];

/**
 * The commitments at the end of the workshop: who does what by when, moving
 * which indicator, toward which business goal (the point of the method). A
 * proposal the room did not agree to says so with the recorded outcome of its
 * last consent round ("Not agreed · 1 objection"), as phones do. At Close
 * (`closing`), what the room agreed stands alone, large; what was not agreed
 * is listed below it.
 */
export function CommitmentsPanel({ closing = false }: { closing?: boolean }) {
  const { cards, links, commitments } = useBoard();
  const byId = useMemo(() => new Map(cards.map((c) => [c.id, c])), [cards]);
  const goalsOf = useMemo(() => {
    const trace = goalTracer(cards, links);
    return (c: Commitment) => trace(c.card).map((id) => byId.get(id)).filter((card): card is Card => card?.column === 'goal');
  }, [cards, links, byId]);
  const live = commitments.filter((c) => c.status !== 'dropped').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const shown = closing ? live.filter((c) => CONSENTED.includes(c.status)) : live;
  const notAgreed = closing ? live.filter((c) => !CONSENTED.includes(c.status)) : [];
  const ref = useFitToBox<HTMLElement>(JSON.stringify([shown, notAgreed, links.length]), 0.5, 1.5);
  const title = closing ? `What we agreed (${shown.length})` : `Commitments (${shown.length})`;
  return (
    <section ref={ref} className="commitments-panel" data-closing={closing || undefined} aria-labelledby="commitments-title">
      <h2 id="commitments-title">{title}</h2>
      {shown.length === 0 ? (
        <p className="projector-empty">{closing ? 'No commitment was agreed.' : 'No commitments yet: promote initiatives to propose them.'}</p>
      ) : (
        <table className="commitments-table">
          <thead>
            <tr>
              <th scope="col">Commitment</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Moves</th>
              <th scope="col">Toward the goal</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const goals = goalsOf(c);
              return (
                <tr key={c.id} data-status={c.status}>
                  <td>{c.title}</td>
                  <td>{c.owner || '—'}</td>
                  <td className="date">{c.due ?? '—'}</td>
                  <td className="commitment-moves">{c.indicators.map((id) => byId.get(id)?.text.trim() || 'Empty card').join('; ') || '—'}</td>
                  <td className="commitment-goals" data-orphan={goals.length === 0 || undefined}>
                    {goals.length ? goals.map((g) => g.text.trim() || 'Empty card').join('; ') : 'reaches no goal'}
                  </td>
                  <td className="commitment-status">
                    <StatusChip status={c.status} />
                    <NotAgreed standing={c.status === 'proposed' ? consentStanding(c) : null} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {notAgreed.length > 0 && (
        <section className="commitments-not-agreed" aria-labelledby="commitments-not-agreed-title">
          <h3 id="commitments-not-agreed-title">Not agreed yet ({notAgreed.length})</h3>
          <ul>
            {notAgreed.map((c) => (
              <li key={c.id}>
                {c.title}
                <NotAgreed standing={consentStanding(c)} lead=" · " />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** The recorded outcome of a proposal's last consent round when the room did not agree: "Not agreed · 1 objection". */
function NotAgreed({ standing, lead = '' }: { standing: ConsentStanding | null; lead?: string }) {
  if (standing?.outcome !== 'not-agreed') return null;
  const text = standingText(standing);
  return (
    <span className="consent-standing" data-outcome={standing.outcome}>
      {lead}
      {text.charAt(0).toUpperCase() + text.slice(1)}
    </span>
  );
}
