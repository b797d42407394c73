import { useState } from 'react';
import { CONSENT_METHODS, THUMBS, type ConsentMethod, type ConsentOutcome, type Thumb } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { Modal } from './Modal.tsx';
import { Segmented, type SegmentOption } from './Segmented.tsx';
import { usePeopleNames } from './hooks.ts';
import { FINGER_LABELS, METHOD_LABELS, THUMB_LABELS } from './labels.ts';
import { isObjection } from '../../shared/commitments.ts';
import {
  addParticipant, clearResponses, consentRecord, proposedCommitments, removeParticipant, roundSummary, rowsFor, setObjection, setResponse,
  type ConsentRow, type ConsentValue,
} from './consentRound.ts';

const THUMB_OPTIONS: SegmentOption<Thumb>[] = THUMBS.map((t) => ({ value: t, text: t === 'up' ? 'Up' : t === 'down' ? 'Down' : 'Sideways', label: THUMB_LABELS[t] }));
const FINGER_OPTIONS: SegmentOption<number>[] = FINGER_LABELS.map((label, n) => ({ value: n, text: String(n), label }));

/**
 * The facilitator runs a consent round on one or several proposed commitments:
 * records each person's response (and any objection in their words), sees the
 * outcome the responses support, and records agreed or not agreed.
 */
export function ConsentDialog({ initial, onClose }: { initial: readonly string[]; onClose: () => void }) {
  const session = useSession();
  const snapshot = useBoard();
  const proposed = proposedCommitments(snapshot);
  const people = usePeopleNames();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(initial));
  const [method, setMethod] = useState<ConsentMethod>('thumbs');
  const [rows, setRows] = useState<ConsentRow[]>(() => rowsFor(people));
  const [newName, setNewName] = useState('');
  // Only complete proposals can be agreed; a commitment agreed meanwhile drops out of the round.
  const inRound = proposed.filter((p) => selected.has(p.commitment.id) && p.missing.length === 0);
  const summary = roundSummary(method, rows);

  const record = (outcome: ConsentOutcome) => {
    const ids = inRound.map((p) => p.commitment.id);
    const failed = session.recordConsent(ids, consentRecord(method, rows, outcome, new Date().toISOString()));
    const titleOf = (id: string) => inRound.find((p) => p.commitment.id === id)?.commitment.title ?? id;
    if (failed.length) {
      ui.notify(`Not recorded — ${failed.map((f) => `${titleOf(f.id)}: ${f.reason}`).join('; ')}`);
      return;
    }
    const word = outcome === 'agreed' ? 'Agreed' : 'Not agreed';
    ui.notify(`${word}: consent recorded for ${ids.length === 1 ? titleOf(ids[0]!) : `${ids.length} commitments`}`, true);
    onClose();
  };

  const addTyped = () => {
    setRows((r) => addParticipant(r, newName));
    setNewName('');
  };

  return (
    <Modal title="Consent round" eyebrow="Commitments" onClose={onClose} className="consent-dialog" closeLabel="Close the consent round">
      <div className="modal-body">
        <fieldset className="field-group plain-list">
          <legend>Commitments in this round</legend>
          {proposed.length === 0 && <p className="hint">No proposed commitments.</p>}
          <ul className="check-list">
            {proposed.map(({ commitment, missing }) => (
              <li key={commitment.id}>
                <label className="option-check">
                  <input
                    type="checkbox"
                    checked={selected.has(commitment.id) && missing.length === 0}
                    disabled={missing.length > 0}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(commitment.id);
                      else next.delete(commitment.id);
                      setSelected(next);
                    }}
                  />
                  <span>
                    {commitment.title}
                    {missing.length > 0 && <small className="hint"> — incomplete: {missing.join(', ')}</small>}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <div className="consent-method">
          <span className="field-label" aria-hidden="true">
            Method
          </span>
          <Segmented
            label="Method"
            options={CONSENT_METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m] }))}
            value={method}
            onChange={(m) => {
              setMethod(m);
              setRows((r) => clearResponses(r));
            }}
          />
          <p className="hint">{method === 'thumbs' ? 'Thumb down objects.' : 'Fist, 1 or 2 fingers object; 3 or more consent.'}</p>
        </div>

        <table className="consent-table">
          <caption className="field-label">Responses</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Response</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="hint">
                  Nobody yet: add the people taking part.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <ResponseRow key={row.name} row={row} method={method} setRows={setRows} />
            ))}
          </tbody>
        </table>
        <form
          className="add-person"
          onSubmit={(e) => {
            e.preventDefault();
            if (newName.trim()) addTyped();
          }}
        >
          <label className="field">
            <span>Add a participant</span>
            <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="Name of someone in the room" autoComplete="off" />
          </label>
          <button className="button" type="submit" disabled={!newName.trim()}>
            Add
          </button>
        </form>

        <section className="consent-summary" data-outcome={summary.suggested} aria-live="polite" aria-label="Suggested outcome">
          <p>
            <strong>Suggested outcome: {summary.suggested === 'agreed' ? 'Agreed' : 'Not agreed'}</strong>
          </p>
          <p className="hint">
            {summary.answered} of {rows.length} answered
            {summary.waiting.length > 0 && summary.waiting.length < rows.length ? ` · waiting for ${summary.waiting.join(', ')}` : ''}
            {summary.answered === 0 ? ' · nobody has answered yet' : ''}
          </p>
          {summary.objections.map((o) => (
            <p key={o.name} className="objection">
              {o.name} objects{o.objection ? `: “${o.objection}”` : ''}
            </p>
          ))}
        </section>
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" onClick={onClose}>
          Cancel
        </button>
        <button className={`button${summary.suggested === 'not-agreed' ? ' primary' : ''}`} type="button" disabled={inRound.length === 0} onClick={() => record('not-agreed')}>
          Record as not agreed
        </button>
        <button className={`button${summary.suggested === 'agreed' ? ' primary' : ''}`} type="button" disabled={inRound.length === 0 || summary.suggested !== 'agreed'} onClick={() => record('agreed')}>
          Record as agreed
        </button>
      </footer>
    </Modal>
  );
}

function ResponseRow({ row, method, setRows }: { row: ConsentRow; method: ConsentMethod; setRows: (update: (rows: ConsentRow[]) => ConsentRow[]) => void }) {
  const objecting = row.value !== null && isObjection(method, row.value);
  const respond = (value: ConsentValue) => setRows((r) => setResponse(r, row.name, value));
  return (
    <tr data-objecting={objecting || undefined}>
      <th scope="row">{row.name}</th>
      <td>
        {method === 'thumbs' ? (
          <Segmented label={`Response of ${row.name}`} options={THUMB_OPTIONS} value={row.value as Thumb | null} onChange={respond} />
        ) : (
          <Segmented label={`Response of ${row.name}`} options={FINGER_OPTIONS} value={row.value as number | null} onChange={respond} />
        )}
        {(objecting || row.objection) && (
          <label className="objection-field">
            <span className="visually-hidden">Objection from {row.name}</span>
            <input
              value={row.objection}
              placeholder={`What ${row.name} objects to, in their words`}
              onChange={(e) => setRows((r) => setObjection(r, row.name, e.target.value))}
              aria-label={`Objection from ${row.name}`}
            />
          </label>
        )}
      </td>
      <td>
        <button className="icon-button subtle" type="button" aria-label={`Remove ${row.name} from the round`} onClick={() => setRows((r) => removeParticipant(r, row.name))}>
          ×
        </button>
      </td>
    </tr>
  );
}
