import { useId, useState } from 'react';
import { isPastDue, type CommitmentFields } from '../../shared/commitments.ts';
import { localDay } from '../../shared/dates.ts';
import type { Card, Commitment } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { usePeopleNames } from '../derive/commitments.ts';
import { formatNames, parseNames } from '../derive/names.ts';
import './CommitmentForm.css';
import { excerpt } from '../../shared/text.ts';

function report(error: unknown): void {
  ui.notify(error instanceof Error ? error.message.replace(/^invalid commitment: /, 'Not saved: ') : 'That did not work');
}

/**
 * The fields of a proposed commitment, edited live (everyone sees the change
 * as it is typed; the room fills it in together).
 */
export function CommitmentForm({ commitment }: { commitment: Commitment }) {
  const session = useSession();
  const names = usePeopleNames();
  const namesId = useId();
  const update = (patch: CommitmentFields) => {
    try {
      session.commitments.update(commitment.id, patch);
    } catch (error) {
      report(error);
    }
  };

  return (
    <form className="commitment-form" aria-label="Commitment fields" onSubmit={(e) => e.preventDefault()}>
      <DraftField label="Title" stored={commitment.title} onChange={(title) => update({ title })} />
      <DraftField label="Owner" hint="Exactly one person who answers for it." stored={commitment.owner} list={namesId} onChange={(owner) => update({ owner })} />
      <datalist id={namesId}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <DraftField
        label="Contributors"
        hint="Separate names with commas."
        stored={formatNames(commitment.contributors)}
        list={namesId}
        onChange={(text) => update({ contributors: parseNames(text) })}
      />
      <div className="field-group plain">
        <DraftField
          label="Due date"
          type="date"
          stored={commitment.due ?? ''}
          {...(isPastDue(commitment, localDay()) ? { hint: 'This date has passed: agreed like this, the commitment is overdue at once.', warn: true } : {})}
          onChange={(due) => update({ due })}
        />
        <DraftField label="Checkpoint date" type="date" stored={commitment.checkpoint ?? ''} max={commitment.due} onChange={(checkpoint) => update({ checkpoint })} />
      </div>
      <IndicatorPicker commitment={commitment} onChange={(indicators) => update({ indicators })} />
      <DraftField
        label="Definition of done"
        multiline
        hint="How will everyone know it is done?"
        stored={commitment.definitionOfDone ?? ''}
        onChange={(definitionOfDone) => update({ definitionOfDone })}
      />
    </form>
  );
}

interface DraftFieldProps {
  label: string;
  stored: string;
  onChange: (value: string) => void;
  hint?: string;
  type?: 'text' | 'date';
  multiline?: boolean;
  list?: string;
  max?: string | undefined;
  /** The hint is a warning (shown as one, and announced). */
  warn?: boolean;
}

/** A field that shows what this person types while focused, and the shared value otherwise. */
function DraftField({ label, stored, onChange, hint, type = 'text', multiline, list, max, warn }: DraftFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const hintId = `${id}-hint`;
  const common = {
    id,
    'data-undo': 'board',
    value: draft ?? stored,
    'aria-describedby': hint ? hintId : undefined,
    onFocus: () => setDraft(stored),
    onBlur: () => setDraft(null),
  };
  const change = (value: string) => {
    setDraft(value);
    onChange(value);
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => change(e.target.value)} />
      ) : (
        <input {...common} type={type} list={list} max={max} autoComplete="off" onChange={(e) => change(e.target.value)} />
      )}
      {hint && (
        <small id={hintId} className={warn ? 'hint past-due-hint' : 'hint'} {...(warn ? { role: 'status' } : {})}>
          {hint}
        </small>
      )}
    </div>
  );
}

/** Success indicators chosen from the indicator cards; the ones linked to the initiative come first. */
function IndicatorPicker({ commitment, onChange }: { commitment: Commitment; onChange: (ids: string[]) => void }) {
  const { cards, links } = useBoard();
  const chosen = new Set(commitment.indicators);
  const linked = new Set(links.filter((l) => l.from === commitment.card).map((l) => l.to));
  const indicators = cards.filter((c) => c.column === 'indicator' && (c.status === 'active' || chosen.has(c.id)));
  const ordered = [...indicators.filter((c) => linked.has(c.id)), ...indicators.filter((c) => !linked.has(c.id))];
  const toggle = (id: string, on: boolean) => onChange(on ? [...commitment.indicators, id] : commitment.indicators.filter((x) => x !== id));

  return (
    <fieldset className="field-group single">
      <legend>Success indicators</legend>
      {ordered.length === 0 ? (
        <p className="hint">No value indicators on the board yet: add one and link the initiative to it.</p>
      ) : (
        <ul className="option-list">
          {ordered.map((card) => (
            <li key={card.id}>
              <label className="option-check">
                <input type="checkbox" checked={chosen.has(card.id)} onChange={(e) => toggle(card.id, e.target.checked)} />
                <span>
                  {excerpt(card.text, 80, { empty: 'Empty card' })}
                  <small className="indicator-meta">
                    {linked.has(card.id) && <span className="linked-tag">Linked</span>}
                    {movement(card)}
                  </small>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** "22 → 45 % of accounts by 2026-09-30", with what is known. */
function movement(card: Card): string {
  const unit = card.unit ? ` ${card.unit}` : '';
  const from = card.baselineValue !== undefined ? String(card.baselineValue) : '?';
  const to = card.targetValue !== undefined ? String(card.targetValue) : '?';
  if (from === '?' && to === '?') return card.targetBy ? `by ${card.targetBy}` : '';
  return `${from} → ${to}${unit}${card.targetBy ? ` by ${card.targetBy}` : ''}`;
}
