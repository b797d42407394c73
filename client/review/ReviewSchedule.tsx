import type { Commitment } from '../../shared/model.ts';
import type { ReviewCadence } from '../../shared/review/model.ts';
import { NextReview } from '../ui/NextReview.tsx';
import './ReviewSchedule.css';

interface ReviewScheduleProps {
  nextReview: string | undefined;
  cadence: ReviewCadence | undefined;
  lastReview: string | undefined;
  today: string;
  /** Commitments expected to report that have no check-in since the last review (or none at all). */
  missing: readonly Commitment[];
  /** How many commitments are expected to report (agreed or in progress). */
  reporting: number;
}

/** The next review date and cadence, and which commitments have not checked in since the last review. */
export function ReviewSchedule({ nextReview, cadence, lastReview, today, missing, reporting }: ReviewScheduleProps) {
  return (
    <section className="review-box schedule-box" aria-labelledby="schedule-title">
      <NextReview title={<h2 id="schedule-title">Next review</h2>} nextReview={nextReview} cadence={cadence} lastReview={lastReview} today={today} />
      {/* A neutral heading: the line under it says whether anyone is missing, so the two never contradict each other. */}
      <h3>{lastReview ? 'Check-ins since the last review' : 'Check-ins'}</h3>
      {reporting === 0 ? (
        <p className="hint">No agreed commitment to report on yet.</p>
      ) : missing.length === 0 ? (
        <p className="hint">Every agreed commitment has checked in{lastReview ? ' since the last review' : ''}.</p>
      ) : (
        <>
          <p className="hint" id="missing-check-ins">
            {missing.length} of {reporting} still to check in:
          </p>
          <ul className="missing-list" aria-labelledby="missing-check-ins">
            {missing.map((c) => (
              <li key={c.id}>
                <a
                  href={`#review-${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(`review-${c.id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
                  }}
                >
                  {c.title}
                </a>
                {c.owner && <span className="hint"> · {c.owner}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
