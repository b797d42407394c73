import type { CadenceRow } from '../../shared/portfolio/rollupModel.ts';
import { CHECK_IN_LABELS } from '../../shared/portfolio/rollupText.ts';
import { shortDayLabel } from '../derive/format.ts';
import './CadenceTable.css';

const CADENCE_NAMES = { weekly: 'weekly', monthly: 'monthly', quarterly: 'quarterly' } as const;

/** The review cadence across boards: each board's next review and how its agreed commitments report. */
export function CadenceTable({ rows }: { rows: readonly CadenceRow[] }) {
  return (
    <section className="rollup-cadence" aria-labelledby="rollup-cadence">
      <h2 id="rollup-cadence">Review cadence</h2>
      {rows.length === 0 ? (
        <p className="rollup-cadence-empty">No boards in the portfolio yet.</p>
      ) : (
        <div className="rollup-cadence-wrap">
          <table className="rollup-cadence-table">
            <thead>
              <tr>
                <th scope="col">Board</th>
                <th scope="col">Next review</th>
                <th scope="col">Agreed commitments reporting</th>
                <th scope="col">Check-ins missing</th>
                <th scope="col">Overdue</th>
                <th scope="col">Latest check-ins</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.board}>
                  <th scope="row">{r.title}</th>
                  <td data-alert={r.reviewOverdue || undefined}>
                    {r.nextReview ? shortDayLabel(r.nextReview) : 'Not set'}
                    {r.cadence && <span className="rollup-cadence-sub">{CADENCE_NAMES[r.cadence]}</span>}
                    {r.reviewOverdue && <span className="rollup-cadence-sub">Review overdue</span>}
                  </td>
                  <td>{r.reporting}</td>
                  <td data-alert={r.missingCheckIns > 0 || undefined}>{r.missingCheckIns}</td>
                  <td data-alert={r.overdue > 0 || undefined}>{r.overdue}</td>
                  <td>{latestText(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function latestText(r: CadenceRow): string {
  const parts = (Object.keys(CHECK_IN_LABELS) as (keyof typeof CHECK_IN_LABELS)[])
    .filter((s) => r.statuses[s] > 0)
    .map((s) => `${CHECK_IN_LABELS[s]} ${r.statuses[s]}`);
  if (r.neverCheckedIn > 0) parts.push(`none yet ${r.neverCheckedIn}`);
  return parts.join(' · ') || '—';
}
