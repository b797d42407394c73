import { useMemo, useState } from 'react';
import { OverdueMark } from '../ui/OverdueMark.tsx';
import type { Card, Commitment } from '../../shared/model.ts';
import { indicatorSeries } from '../../shared/review/checkins.ts';
import type { CheckIn } from '../../shared/review/model.ts';

import { formatValue } from './chartGeometry.ts';
import { CheckInForm } from './CheckInForm.tsx';
import { dayLabel, shortDayLabel } from '../derive/format.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { useReview } from '../sync/reviewHooks.ts';
import { IndicatorChart } from './IndicatorChart.tsx';
import './CommitmentReview.css';
import { excerpt } from '../../shared/text.ts';

interface CommitmentReviewProps {
  commitment: Commitment;
  cards: ReadonlyMap<string, Card>;
  /** Its check-ins, oldest first. */
  checkIns: readonly CheckIn[];
  /** No check-in since the last review (it is expected to report). */
  overdue: boolean;
  /** Changed since this browser's last visit. */
  updated: boolean;
}

/** A commitment at a review: status, latest check-in, indicator chart, and checking in. */
export function CommitmentReview({ commitment, cards, checkIns, overdue, updated }: CommitmentReviewProps) {
  const review = useReview();
  const [form, setForm] = useState(false);
  const [history, setHistory] = useState(false);
  const latest = checkIns[checkIns.length - 1];
  const indicators = useMemo(() => commitment.indicators.map((id) => cards.get(id)).filter((c): c is Card => c !== undefined), [commitment.indicators, cards]);
  const charts = useMemo(() => indicators.map((card) => ({ card, series: indicatorSeries(commitment, card, checkIns) })), [indicators, commitment, checkIns]);
  const unitOf = (c: CheckIn) => cards.get(c.indicator ?? commitment.indicators[0] ?? '')?.unit;
  const headingId = `commitment-${commitment.id}`;

  return (
    <article className="commitment-review" id={`review-${commitment.id}`} aria-labelledby={headingId} data-overdue={overdue || undefined}>
      <header className="commitment-review-header">
        <h3 id={headingId}>{commitment.title}</h3>
        <StatusChip status={commitment.status} />
        <OverdueMark commitment={commitment} />
        {updated && <span className="pill visit-mark" data-tone="accent">Updated</span>}
      </header>
      <p className="commitment-meta">
        {commitment.owner ? <>Owner <strong>{commitment.owner}</strong></> : 'No owner yet'}
        {commitment.due && <> · due {dayLabel(commitment.due)}</>}
        {commitment.checkpoint && <> · checkpoint {dayLabel(commitment.checkpoint)}</>}
      </p>
      <div className="latest-checkin">
        {latest ? (
          <p>
            <StatusChip kind="check-in" status={latest.status} />{' '}
            <span>
              {dayLabel(latest.date)} · {latest.by}
              {latest.value !== undefined && <> · value {formatValue(latest.value, unitOf(latest))}</>}
            </span>
            {latest.note && <span className="checkin-note">{latest.note}</span>}
          </p>
        ) : (
          <p className="hint">No check-in yet.</p>
        )}
        {overdue && <p className="flag-overdue">No check-in since the last review</p>}
      </div>
      {charts.map(({ card, series }) => (
        <IndicatorChart key={card.id} name={excerpt(card.text, 60, { empty: 'Empty card' })} series={series} />
      ))}
      <div className="commitment-actions">
        {review.mayCheckIn(commitment) && !form && (
          <button className="button small primary" type="button" aria-label={`Check in on ${commitment.title}`} onClick={() => setForm(true)}>
            Check in
          </button>
        )}
        {checkIns.length > 0 && (
          <button
            className="button small"
            type="button"
            aria-expanded={history}
            onClick={() => {
              setHistory(!history);
              review.visits.markCommitmentSeen(commitment.id);
            }}
          >
            Check-in history ({checkIns.length})
          </button>
        )}
      </div>
      {form && <CheckInForm commitment={commitment} indicators={indicators} initialStatus={latest?.status} onDone={() => setForm(false)} />}
      {history && <CheckInHistory title={commitment.title} checkIns={checkIns} unitOf={unitOf} />}
    </article>
  );
}

function CheckInHistory({ title, checkIns, unitOf }: { title: string; checkIns: readonly CheckIn[]; unitOf: (c: CheckIn) => string | undefined }) {
  return (
    <div className="checkin-history">
      <table>
        <caption className="visually-hidden">Check-ins of {title}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Status</th>
            <th scope="col">Value</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {[...checkIns].reverse().map((c) => (
            <tr key={c.id}>
              <td className="nowrap">{shortDayLabel(c.date)}</td>
              <td>
                <StatusChip kind="check-in" status={c.status} />
              </td>
              <td>{c.value !== undefined ? formatValue(c.value, unitOf(c)) : '—'}</td>
              <td>{c.by}</td>
              <td>{c.note || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
