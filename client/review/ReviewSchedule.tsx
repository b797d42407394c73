import { useState, type FormEvent } from 'react';
import type { Commitment } from '../../shared/model.ts';
import { REVIEW_CADENCES, type ReviewCadence } from '../../shared/review/model.ts';
import { useSession } from '../sync/hooks.ts';
import { CADENCE_LABELS, dayLabel, relativeDay } from '../derive/format.ts';
import { useReview } from '../sync/reviewHooks.ts';
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
  const session = useSession();
  const [editing, setEditing] = useState(false);
  return (
    <section className="review-box schedule-box" aria-labelledby="schedule-title">
      <div className="box-heading">
        <h2 id="schedule-title">Next review</h2>
        {session.role === 'facilitator' && !editing && (
          <button className="button small" type="button" onClick={() => setEditing(true)}>
            Change
          </button>
        )}
      </div>
      {editing ? (
        <ScheduleForm nextReview={nextReview} cadence={cadence} onDone={() => setEditing(false)} />
      ) : (
        <>
          <p className="next-review-date">
            {nextReview ? (
              <>
                <strong>{dayLabel(nextReview)}</strong> <span className="hint">({relativeDay(nextReview, today)})</span>
              </>
            ) : (
              <span className="hint">No review date set.</span>
            )}
          </p>
          <p className="hint">
            {cadence ? `${CADENCE_LABELS[cadence]} reviews` : 'No review rhythm set'}
            {lastReview ? ` · last review ${dayLabel(lastReview)}` : ''}
          </p>
        </>
      )}
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

function ScheduleForm({ nextReview, cadence, onDone }: { nextReview: string | undefined; cadence: ReviewCadence | undefined; onDone: () => void }) {
  const review = useReview();
  const [date, setDate] = useState(nextReview ?? '');
  const [rhythm, setRhythm] = useState<ReviewCadence | ''>(cadence ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = (event: FormEvent) => {
    event.preventDefault();
    try {
      review.setSchedule(date || null, rhythm || null);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The review date could not be saved.');
    }
  };
  return (
    <form className="schedule-form" onSubmit={save}>
      <label className="field">
        <span>Next review date</span>
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="field">
        <span>Reviews</span>
        <select value={rhythm} onChange={(e) => setRhythm(e.target.value as ReviewCadence | '')}>
          <option value="">No fixed rhythm</option>
          {REVIEW_CADENCES.map((c) => (
            <option key={c} value={c}>
              {CADENCE_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button className="button small" type="button" onClick={onDone}>
          Cancel
        </button>
        <button className="button small primary" type="submit">
          Save
        </button>
      </div>
    </form>
  );
}
