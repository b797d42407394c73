import type { PhaseId } from '../../../shared/doc/control.ts';
import { commitBlockers } from '../../derive/traceStatus.ts';
import { ui } from '../../state/ui.ts';
import { useSession } from '../../sync/hooks.ts';
import { useFacilitation, useFacilitatorSettings, useRequiredControl } from '../../sync/controlHooks.ts';
import { moveShownPhase, phaseInfo, stepPhase } from '../../derive/phases.ts';
import { act } from './act.ts';

/** Phase stepper: forward, back, jump (skip), reorder, and each phase's timebox. */
export function PhaseSection() {
  const control = useRequiredControl();
  const session = useSession();
  const f = useFacilitation()!;
  const { autoStartTimer } = useFacilitatorSettings();
  const previous = stepPhase(f.phaseOrder, f.phase, -1);
  const next = stepPhase(f.phaseOrder, f.phase, 1);

  const goTo = (phase: PhaseId) => {
    // Closing Commit (moving past it) with open trace-check findings needs an override with a reason.
    const closesCommit = f.phase === 'commit' && f.phaseOrder.indexOf(phase) > f.phaseOrder.indexOf('commit');
    if (closesCommit && commitBlockers(session.getBoard()).length > 0) {
      ui.openTraceOverride(phase);
      return;
    }
    // The timer shows the new phase's timebox (running, if the setting says so).
    act(() => control.goToPhase(phase));
  };

  return (
    <section className="console-section" aria-labelledby="console-phases">
      <h3 id="console-phases">Phases</h3>
      <div className="stepper">
        <button className="button small" type="button" disabled={!previous} onClick={() => previous && goTo(previous)}>
          ← Previous phase
        </button>
        <button className="button small primary" type="button" disabled={!next} onClick={() => next && goTo(next)}>
          Next phase →
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={autoStartTimer} onChange={(e) => control.setAutoStartTimer(e.target.checked)} />
        Start the timebox when the phase changes
      </label>
      <ol className="phase-list">
        {f.phaseOrder.map((id, i) => {
          const info = phaseInfo(id);
          const current = id === f.phase;
          return (
            <li key={id} aria-current={current ? 'step' : undefined} data-current={current || undefined}>
              <button className="phase-go" type="button" aria-label={`Go to phase ${info.title}`} aria-pressed={current} onClick={() => goTo(id)}>
                <span className="phase-index">{i + 1}</span> {info.title}
              </button>
              <MinutesField key={`${id}-${f.phaseMinutes[id]}`} title={info.title} minutes={f.phaseMinutes[id]} onChange={(m) => control.setPhaseMinutes(id, m)} />
              <span className="reorder">
                <button className="icon-button subtle" type="button" aria-label={`Move ${info.title} earlier`} disabled={i === 0} onClick={() => control.setPhaseOrder(moveShownPhase(control.getFacilitation().phaseOrder, f.phaseOrder, id, -1))}>
                  ↑
                </button>
                <button className="icon-button subtle" type="button" aria-label={`Move ${info.title} later`} disabled={i === f.phaseOrder.length - 1} onClick={() => control.setPhaseOrder(moveShownPhase(control.getFacilitation().phaseOrder, f.phaseOrder, id, 1))}>
                  ↓
                </button>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function MinutesField({ title, minutes, onChange }: { title: string; minutes: number; onChange: (minutes: number) => void }) {
  const commit = (input: HTMLInputElement) => {
    const value = Math.round(Number(input.value));
    if (Number.isFinite(value) && value > 0 && value <= 24 * 60 && value !== minutes) onChange(value);
    else input.value = String(minutes);
  };
  return (
    <label className="minutes">
      <input
        type="number"
        min={1}
        max={1440}
        defaultValue={minutes}
        aria-label={`Timebox of ${title} in minutes`}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
      />
      <span aria-hidden="true">min</span>
    </label>
  );
}
