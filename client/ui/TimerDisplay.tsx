import { useEffect, useRef } from 'react';
import { useTimer } from '../derive/useTimer.ts';
import { playEndSignal, unlockOnNextGesture } from './endSignal.ts';
import { describeCountdown, formatCountdown } from '../derive/timerFormat.ts';
import './TimerDisplay.css';

/**
 * The shared countdown. Computed from the server-held end time and this
 * screen's clock offset, so all screens agree; pulses gently (and, if the
 * person turned sound on, chimes once) when it runs out.
 */
export function TimerDisplay({ className = 'timer', marks }: { className?: string; marks?: string }) {
  const timer = useTimer();
  const armed = useRef<number | null>(null);
  const shown = useRef<HTMLParagraphElement>(null);
  const ended = timer?.ended ?? false;
  const running = timer?.state === 'running' && !ended;

  useEffect(() => unlockOnNextGesture(), []);
  // `marks`: the closest element of this selector says time is up too (the wall's whole header turns),
  // without re-rendering what it holds every second.
  useEffect(() => {
    const host = marks ? shown.current?.closest(marks) : null;
    host?.toggleAttribute('data-times-up', ended);
    return () => host?.removeAttribute('data-times-up');
  }, [marks, ended]);
  // Chime only for an end this screen watched happen, not for an old one found on load.
  useEffect(() => {
    if (running) armed.current = 1;
    else if (ended && armed.current) {
      armed.current = null;
      playEndSignal();
    } else if (!ended) armed.current = null;
  }, [running, ended]);

  if (!timer || (timer.state === 'idle' && timer.durationMs <= 0)) return null;
  const label = ended
    ? "Time's up"
    : `${describeCountdown(timer.remainingMs)} ${timer.state === 'running' ? 'left' : timer.state === 'paused' ? 'left, paused' : 'timebox, not started'}`;
  return (
    <p ref={shown} className={className} role="timer" aria-label={`Timer: ${label}`} data-state={timer.state} data-ended={ended || undefined}>
      <span className="timer-digits" aria-hidden="true">
        {formatCountdown(timer.remainingMs)}
      </span>
      {timer.state === 'paused' && <span className="timer-note" aria-hidden="true">paused</span>}
      {timer.state === 'idle' && !ended && <span className="timer-note" aria-hidden="true">not started</span>}
      {ended && <span className="timer-note" aria-hidden="true">time's up</span>}
    </p>
  );
}
