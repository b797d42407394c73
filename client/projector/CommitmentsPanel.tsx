import { useBoard } from '../sync/hooks.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { useFitToBox } from './useFitToBox.ts';
import './CommitmentsPanel.css';

const ORDER = ['agreed', 'in-progress', 'done', 'proposed'];

/** The commitments at the end of the workshop: who does what by when, moving which indicator. */
export function CommitmentsPanel() {
  const { cards, commitments } = useBoard();
  const byId = new Map(cards.map((c) => [c.id, c]));
  const shown = commitments.filter((c) => c.status !== 'dropped').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const ref = useFitToBox<HTMLElement>(JSON.stringify(shown), 0.5, 1.5);
  return (
    <section ref={ref} className="commitments-panel" aria-labelledby="commitments-title">
      <h2 id="commitments-title">Commitments ({shown.length})</h2>
      {shown.length === 0 ? (
        <p className="projector-empty">No commitments yet: promote initiatives to propose them.</p>
      ) : (
        <table className="commitments-table">
          <thead>
            <tr>
              <th scope="col">Commitment</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Moves</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-status={c.status}>
                <td>{c.title}</td>
                <td>{c.owner || '—'}</td>
                <td className="date">{c.due ?? '—'}</td>
                <td className="commitment-moves">{c.indicators.map((id) => byId.get(id)?.text.trim() || 'Empty card').join('; ') || '—'}</td>
                <td>
                  <StatusChip status={c.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
