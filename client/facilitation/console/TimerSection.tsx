import { useState } from 'react';
import { useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';
import { setSoundWanted, soundWanted } from '../../ui/endSignal.ts';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { act } from './act.ts';

/** The shared timer: any length, start / pause / resume / extend / reset, held on the server. */
export function TimerSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  // What was typed belongs to the phase it was typed in: the next phase starts from its own timebox.
  const [typed, setTyped] = useState({ phase: f.phase, value: '' });
  const minutes = typed.phase === f.phase ? typed.value : '';
  const [sound, setSound] = useState(soundWanted);
  const state = f.timer.state;
  // Any length in whole seconds: 0.5 is 30 s.
  const chosen = Math.round(Number(minutes) * 60) / 60;
  const invalid = minutes !== '' && !(Number.isFinite(chosen) && chosen >= 0.25 && chosen <= 1440);
  const length = minutes && !invalid ? chosen : f.phaseMinutes[f.phase];

  return (
    <section className="console-section" aria-labelledby="console-timer">
      <h3 id="console-timer">Timer</h3>
      <TimerDisplay className="timer console-timer" />
      <div className="row">
        <label className="minutes">
          <input
            type="number"
            min={0.25}
            max={1440}
            step="any"
            value={minutes}
            placeholder={String(f.phaseMinutes[f.phase])}
            aria-label="Timer length in minutes"
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'timer-length-error' : undefined}
            onChange={(e) => setTyped({ phase: f.phase, value: e.target.value })}
          />
          <span aria-hidden="true">min</span>
        </label>
        <button className="button small primary" type="button" disabled={invalid} onClick={() => act(() => control.timer('start', length))}>
          {state === 'idle' ? 'Start timer' : 'Restart timer'}
        </button>
      </div>
      {invalid && (
        <p id="timer-length-error" className="form-error" role="alert">
          A length between 15 seconds (0.25) and 1440 minutes; empty for the phase&apos;s {f.phaseMinutes[f.phase]} minutes.
        </p>
      )}
      <div className="row">
        {state === 'running' && (
          <button className="button small" type="button" onClick={() => act(() => control.timer('pause'))}>
            Pause
          </button>
        )}
        {state === 'paused' && (
          <button className="button small" type="button" onClick={() => act(() => control.timer('resume'))}>
            Resume
          </button>
        )}
        <button className="button small" type="button" aria-label="Add 1 minute" onClick={() => act(() => control.timer('extend', 1))}>
          +1 min
        </button>
        <button className="button small" type="button" aria-label="Add 5 minutes" onClick={() => act(() => control.timer('extend', 5))}>
          +5 min
        </button>
        <button className="button small" type="button" disabled={invalid} onClick={() => act(() => control.timer('reset', length))}>
          Reset
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={sound}
          onChange={(e) => {
            setSoundWanted(e.target.checked);
            setSound(e.target.checked);
          }}
        />
        Soft chime when time is up (on this screen)
      </label>
    </section>
  );
}
