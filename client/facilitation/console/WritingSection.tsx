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
  const toggleLock = (column: (typeof COLUMNS)[number]['id'], on: boolean) =>
    control.setLockedColumns(on ? [...f.lockedColumns, column] : f.lockedColumns.filter((c) => c !== column));

  return (
    <section className="console-section" aria-labelledby="console-writing">
      <h3 id="console-writing">Writing</h3>
      <label className="check">
        <input type="checkbox" checked={f.privateWriting} onChange={(e) => control.setPrivateWriting(e.target.checked)} />
        Private writing
      </label>
      <p className="hint">New cards stay in each person's browser and drafts room until you reveal them, all at once.</p>
      <button
        className="button small"
        type="button"
        disabled={!f.privateWriting}
        onClick={() => act(async () => {
          const n = await control.revealDrafts();
          return n;
        }, 'Drafts revealed')}
      >
        Reveal drafts ({drafts})
      </button>
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
