/** The shared countdown as a component shows it (from the control session's timer and clock). */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { timerRemainingMs } from '../../shared/timer.ts';
import { useControl, useFacilitation } from '../sync/controlHooks.ts';
import { nextTickIn } from './timerFormat.ts';

const noop = () => () => {};

export interface TimerView {
  state: 'idle' | 'running' | 'paused';
  remainingMs: number;
  durationMs: number;
  /** Ran down to zero while running. */
  ended: boolean;
}

/**
 * The shared countdown, re-rendered when the shown second changes (aligned
 * to the server clock so every screen flips at the same moment).
 */
export function useTimer(): TimerView | null {
  const control = useControl();
  const facilitation = useFacilitation();
  useSyncExternalStore(control ? control.clockChanged.subscribe : noop, () => control?.getClockOffset() ?? 0);
  const [, tick] = useState(0);
  const timer = facilitation?.timer;
  const remaining = timer && control ? timerRemainingMs(timer, control.serverNow()) : 0;
  useEffect(() => {
    if (!timer || timer.state !== 'running' || remaining <= 0) return;
    const handle = setTimeout(() => tick((n) => n + 1), nextTickIn(remaining));
    return () => clearTimeout(handle);
  });
  if (!timer || !control) return null;
  return { state: timer.state, remainingMs: remaining, durationMs: timer.durationMs, ended: timer.state === 'running' && remaining <= 0 };
}
