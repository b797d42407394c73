import { useState } from 'react';
import { CONSENT_METHODS, type ConsentMethod } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { useFacilitation, useRequiredControl } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { Modal } from '../ui/Modal.tsx';
import { Segmented } from '../ui/Segmented.tsx';
import { METHOD_LABELS } from '../derive/labels.ts';
import { proposedCommitments } from './consentRound.ts';
import { pastDue } from '../ui/OverdueMark.tsx';
import { humanDate } from '../../shared/readBack.ts';
import { ClosedRound, OpenRound } from './ConsentRoundSteps.tsx';
import './ConsentDialog.css';

function report(error: unknown): void {
  ui.notify(error instanceof Error ? error.message : 'That did not work');
}

/**
 * The facilitator's consent round, held by the server: pick the proposed
 * commitments and the method, and everyone answers on their own device
 * ("14 of 20 answered"); record answers for people without one; close the
 * round to see who answered what, with objections in the objectors' words;
 * record agreed or not agreed. The dialog can close while the round runs.
 */
export function ConsentDialog({ initial, onClose }: { initial: readonly string[]; onClose: () => void }) {
  const round = useFacilitation()?.consent ?? null;
  return (
    <Modal title="Consent round" eyebrow="Commitments" onClose={onClose} className="consent-dialog" closeLabel="Close the consent round dialog">
      {!round ? <StartRound initial={initial} onClose={onClose} /> : round.state === 'open' ? <OpenRound round={round} onClose={onClose} /> : <ClosedRound round={round} onClose={onClose} />}
    </Modal>
  );
}

function StartRound({ initial, onClose }: { initial: readonly string[]; onClose: () => void }) {
  const control = useRequiredControl();
  const snapshot = useBoard();
  const proposed = proposedCommitments(snapshot);
  // Opened without a choice (from the console): the complete proposals, ready to be answered on.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(initial.length ? initial : proposed.filter((p) => p.missing.length === 0).map((p) => p.commitment.id)));
  const [method, setMethod] = useState<ConsentMethod>('thumbs');
  const [busy, setBusy] = useState(false);
  // Only complete proposals can be agreed.
  const inRound = proposed.filter((p) => selected.has(p.commitment.id) && p.missing.length === 0);
  // A due date already gone: the room would agree to something overdue the moment it is agreed.
  const late = new Set(pastDue(proposed.map((p) => p.commitment)).map((c) => c.id));
  const lateInRound = inRound.filter((p) => late.has(p.commitment.id)).map((p) => p.commitment);
  const start = () => {
    setBusy(true);
    control.startConsent(inRound.map((p) => p.commitment.id), method).then(() => setBusy(false), (error: unknown) => {
      setBusy(false);
      report(error);
    });
  };
  return (
    <>
      <div className="modal-body">
        <fieldset className="field-group single">
          <legend>Commitments in this round</legend>
          {proposed.length === 0 && <p className="hint">No proposed commitments.</p>}
          <ul className="option-list">
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
                    {late.has(commitment.id) && <small className="past-due-note"> — due {humanDate(commitment.due!)}, already past</small>}
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
          <Segmented label="Method" options={CONSENT_METHODS.map((m) => ({ value: m, text: METHOD_LABELS[m] }))} value={method} onChange={setMethod} />
          <p className="hint">{method === 'thumbs' ? 'Thumb down objects.' : 'Fist, 1 or 2 fingers object; 3 or more consent.'}</p>
        </div>
        {lateInRound.length > 0 && (
          <p className="past-due-warning" role="status">
            <strong>Past due:</strong> {lateInRound.map((c) => `“${c.title}” was due ${humanDate(c.due!)}`).join('; ')}. Agreed like this,{' '}
            {lateInRound.length === 1 ? 'it is' : 'they are'} overdue at once: change the due date first, or agree knowingly.
          </p>
        )}
        <p className="hint">Everyone answers on their own device (laptop or phone); the projector shows how many have answered, not who answered what.</p>
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" onClick={onClose}>
          Cancel
        </button>
        <button className="button primary" type="button" disabled={inRound.length === 0 || busy} onClick={start}>
          Start the round on everyone’s devices
        </button>
      </footer>
    </>
  );
}
