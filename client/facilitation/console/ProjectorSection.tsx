import { useMemo } from 'react';
import { readBackAll } from '../../../shared/readBack.ts';
import { useBoard } from '../../sync/hooks.ts';
import { ProjectorAccess } from '../../ui/ProjectorAccess.tsx';
import { useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';

/** The wall: its link and code for the room PC, the join code on it or not, and the read-back on it. */
export function ProjectorSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const snapshot = useBoard();
  const slides = useMemo(() => readBackAll(snapshot).length, [snapshot]);
  const at = f.readBack ? Math.min(f.readBack.index, Math.max(0, slides - 1)) : null;
  return (
    <section className="console-section" aria-labelledby="console-projector">
      <h3 id="console-projector">Projector</h3>
      <ProjectorAccess />
      <label className="check">
        <input type="checkbox" checked={!f.joinCodeHidden} onChange={(e) => control.setJoinCodeHidden(!e.target.checked)} />
        Show the join code on the projector
      </label>
      <p className="hint">Small, beside the timer, for latecomers; large during Frame.</p>
      {at === null ? (
        <button className="button small" type="button" disabled={slides === 0} onClick={() => control.setReadBack(0)}>
          Read back on the projector
        </button>
      ) : (
        <div className="row" role="group" aria-label="Read-back on the projector">
          <button className="button small" type="button" aria-disabled={at === 0} onClick={() => at > 0 && control.setReadBack(at - 1)}>
            ← Previous
          </button>
          <span className="console-status">
            Commitment {at + 1} of {slides}
          </span>
          <button className="button small" type="button" aria-disabled={at >= slides - 1} onClick={() => at < slides - 1 && control.setReadBack(at + 1)}>
            Next →
          </button>
          <button className="button small" type="button" onClick={() => control.setReadBack(null)}>
            Stop the read-back
          </button>
        </div>
      )}
      {slides === 0 && <p className="hint">The read-back needs an agreed commitment.</p>}
    </section>
  );
}
