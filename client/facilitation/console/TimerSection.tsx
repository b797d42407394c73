import { useState } from 'react';
import { useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';
import { setSoundWanted, soundWanted } from '../../ui/endSignal.ts';
import { TimerDisplay } from '../../ui/TimerDisplay.tsx';
import { act } from './act.ts';

/** The shared timer: any length, start / pause / resume / extend / reset, held on the server. */
export function TimerSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const [minutes, setMinutes] = useState<string>('');
  const [sound, setSound] = useState(soundWanted);
  const state = f.timer.state;
  const chosen = Math.round(Number(minutes));
  const length = minutes && Number.isFinite(chosen) && chosen > 0 ? Math.min(chosen, 1440) : f.phaseMinutes[f.phase];

  return (
    <section className="console-section" aria-labelledby="console-timer">
      <h3 id="console-timer">Timer</h3>
      <TimerDisplay className="timer console-timer" />
      <div className="row">
        <label className="minutes">
          <input type="number" min={1} max={1440} value={minutes} placeholder={String(f.phaseMinutes[f.phase])} aria-label="Timer length in minutes" onChange={(e) => setMinutes(e.target.value)} />
          <span aria-hidden="true">min</span>
        </label>
        <button className="button small primary" type="button" onClick={() => act(() => control.timer('start', length))}>
          {state === 'idle' ? 'Start timer' : 'Restart timer'}
        </button>
      </div>
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
        <button className="button small" type="button" onClick={() => act(() => control.timer('reset', length))}>
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
