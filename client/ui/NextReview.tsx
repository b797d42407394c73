import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { REVIEW_CADENCES, type ReviewCadence } from '../../shared/review/model.ts';
import { useSession } from '../sync/hooks.ts';
import { CADENCE_LABELS, dayLabel, relativeDay } from '../derive/format.ts';
import { useReview } from '../sync/reviewHooks.ts';
import './NextReview.css';

interface NextReviewProps {
  /** The heading, at the level of where it is shown (the review summary's box, the console's section). */
  title: ReactNode;
  nextReview: string | undefined;
  cadence: ReviewCadence | undefined;
  lastReview?: string | undefined;
  today: string;
}

/**
 * The next review date and rhythm, and for the facilitator setting them: on
 * the review summary, and in the console at Close (where the workshop hands
 * over to its reviews).
 */
export function NextReview({ title, nextReview, cadence, lastReview, today }: NextReviewProps) {
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const change = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Back on Change after saving or cancelling: the form that had the focus is gone.
  useEffect(() => {
    if (wasEditing.current && !editing) change.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <>
      <div className="next-review-heading">
        {title}
        {session.role === 'facilitator' && !editing && (
          <button ref={change} className="button small" type="button" aria-label={nextReview ? 'Change the next review' : 'Set the next review'} onClick={() => setEditing(true)}>
            {nextReview ? 'Change' : 'Set'}
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
    </>
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
    <form
      className="schedule-form"
      onSubmit={save}
      onKeyDown={(e) => {
        // Escape leaves the form, not the panel around it.
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onDone();
      }}
    >
      <label className="field">
        <span>Next review date</span>
        {/* Opened by Set or Change: the date is what they asked for. */}
        <input type="date" value={date} autoFocus onChange={(e) => setDate(e.target.value)} />
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
