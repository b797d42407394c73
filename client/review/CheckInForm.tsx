import { useId, useState, type FormEvent } from 'react';
import type { Card, Commitment } from '../../shared/model.ts';
import { CHECK_IN_STATUSES, type CheckInStatus } from '../../shared/review/model.ts';
import { CHECK_IN_LABELS, localToday } from '../derive/format.ts';
import { useReview } from '../sync/reviewHooks.ts';
import './CheckInForm.css';
import { excerpt } from '../../shared/text.ts';

interface CheckInFormProps {
  commitment: Commitment;
  /** Its success indicators that are on the board. */
  indicators: readonly Card[];
  initialStatus?: CheckInStatus;
  onDone: () => void;
}

/** Records a check-in: status, the indicator's current value, the date it is about, and a note. */
export function CheckInForm({ commitment, indicators, initialStatus, onDone }: CheckInFormProps) {
  const review = useReview();
  const id = useId();
  const [status, setStatus] = useState<CheckInStatus>(initialStatus ?? 'on-track');
  const [indicator, setIndicator] = useState(indicators[0]?.id ?? '');
  const [value, setValue] = useState('');
  const [date, setDate] = useState(localToday);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = indicators.find((c) => c.id === indicator);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const number = value.trim() === '' ? undefined : Number(value.replace(',', '.'));
    if (number !== undefined && !Number.isFinite(number)) {
      setError('The value must be a number.');
      return;
    }
    try {
      review.checkIn(commitment.id, {
        status, note: note.trim(), date,
        ...(number !== undefined ? { value: number } : {}),
        ...(number !== undefined && chosen && indicators.length > 1 ? { indicator: chosen.id } : {}),
      });
      review.visits.markCommitmentSeen(commitment.id);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^invalid check-in: /, '') : 'The check-in could not be saved.');
    }
  };

  return (
    <form className="checkin-form" onSubmit={submit} aria-label={`Check in on ${commitment.title}`}>
      <fieldset className="status-choice">
        <legend>Status</legend>
        {CHECK_IN_STATUSES.map((s) => (
          <label key={s} data-status={s}>
            <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} />
            <span>{CHECK_IN_LABELS[s]}</span>
          </label>
        ))}
      </fieldset>
      <div className="checkin-fields">
        {indicators.length > 1 && (
          <label className="field">
            <span>Indicator</span>
            <select value={indicator} onChange={(e) => setIndicator(e.target.value)}>
              {indicators.map((c) => (
                <option key={c.id} value={c.id}>
                  {excerpt(c.text, 60, { empty: 'Empty card' })}
                </option>
              ))}
            </select>
          </label>
        )}
        {indicators.length > 0 && (
          <label className="field">
            <span>Current value{chosen?.unit ? ` (${chosen.unit})` : ''}</span>
            <input type="number" step="any" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} placeholder={chosen?.targetValue !== undefined ? `target ${chosen.targetValue}` : ''} />
          </label>
        )}
        <label className="field">
          <span>Date</span>
          <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>Note</span>
        <textarea rows={2} value={note} maxLength={10_000} placeholder="What moved, what is in the way, what help is needed" onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button className="button" type="button" onClick={onDone}>
          Cancel
        </button>
        <button className="button primary" type="submit">
          Save check-in
        </button>
      </div>
    </form>
  );
}
