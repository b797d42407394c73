import { useState } from 'react';
import { COLUMNS } from '../../../shared/model.ts';
import { useControlPeers, useFacilitation, usePersonal, useRequiredControl } from '../../sync/controlHooks.ts';
import { act } from './act.ts';

/** Private writing and its reveal, anonymous mode, column locks. */
export function WritingSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const personal = usePersonal();
  // Everyone announces how many drafts they hold (never what they say).
  const drafts = peers.reduce((n, p) => n + p.drafts, 0) + (personal?.drafts.length ?? 0);
  // Turning private writing off with drafts unrevealed strands them (they reach the board only if it is
  // turned on again and revealed): asked first, with the reveal offered.
  const [askingOff, setAskingOff] = useState(false);
  const reveal = () => act(async () => {
    const n = await control.revealDrafts();
    return n;
  }, 'Drafts revealed');
  const toggleLock = (column: (typeof COLUMNS)[number]['id'], on: boolean) =>
    control.setLockedColumns(on ? [...f.lockedColumns, column] : f.lockedColumns.filter((c) => c !== column));

  return (
    <section className="console-section" aria-labelledby="console-writing">
      <h3 id="console-writing">Writing</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={f.privateWriting}
          onChange={(e) => {
            if (!e.target.checked && drafts > 0) setAskingOff(true);
            else control.setPrivateWriting(e.target.checked);
          }}
        />
        Private writing
      </label>
      <p className="hint">New cards stay in each person's browser and drafts room until you reveal them, all at once.</p>
      {askingOff && f.privateWriting ? (
        <div className="console-confirm" role="group" aria-labelledby="writing-off-question">
          <p id="writing-off-question">
            {drafts === 1 ? '1 draft is' : `${drafts} drafts are`} not on the board yet. Turned off without a reveal, they stay with their writers until private writing is on again.
          </p>
          <button className="button small primary" type="button" onClick={() => { setAskingOff(false); reveal(); }}>
            Reveal {drafts === 1 ? 'it' : 'them'} now
          </button>
          <button className="button small" type="button" onClick={() => { setAskingOff(false); control.setPrivateWriting(false); }}>
            Turn off without revealing
          </button>
          <button className="button small" type="button" onClick={() => setAskingOff(false)}>
            Keep private writing on
          </button>
        </div>
      ) : (
        <button className="button small" type="button" disabled={!f.privateWriting} onClick={reveal}>
          Reveal drafts ({drafts})
        </button>
      )}
      <label className="check">
        <input type="checkbox" checked={f.anonymous} onChange={(e) => control.setAnonymous(e.target.checked)} />
        Anonymous mode
      </label>
      <p className="hint">Cards written while it is on carry no author, anywhere.</p>
      <fieldset className="lock-list">
        <legend>Lock columns for participants</legend>
        {COLUMNS.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={f.lockedColumns.includes(c.id)} aria-label={`Lock ${c.title}`} onChange={(e) => toggleLock(c.id, e.target.checked)} />
            {c.title}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
