/**
 * The shared workshop timer, held on the server clock: every screen computes
 * the same countdown from `endsAt` and its estimate of the server clock offset.
 */
import type { TimerState } from './doc/control.ts';

/** Milliseconds left at server time `serverNow` (never negative). */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
  if (timer.state === 'running' && timer.endsAt !== undefined) return Math.max(0, timer.endsAt - serverNow);
  if (timer.state === 'paused') return Math.max(0, timer.remainingMs ?? 0);
  return timer.durationMs;
}

export type TimerOp =
  | { op: 'start'; durationMs: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'extend'; ms: number }
  | { op: 'reset'; durationMs?: number };

/** The next timer state after a facilitator's operation, at server time `now`. Pure. */
export function applyTimerOp(timer: TimerState, op: TimerOp, now: number): TimerState {
  switch (op.op) {
    case 'start':
      return { state: 'running', durationMs: op.durationMs, endsAt: now + op.durationMs };
    case 'pause':
      return timer.state === 'running' ? { state: 'paused', durationMs: timer.durationMs, remainingMs: timerRemainingMs(timer, now) } : timer;
    case 'resume':
      return timer.state === 'paused' ? { state: 'running', durationMs: timer.durationMs, endsAt: now + (timer.remainingMs ?? 0) } : timer;
    case 'extend':
      if (timer.state === 'running') return { ...timer, durationMs: timer.durationMs + op.ms, endsAt: Math.max(now, timer.endsAt ?? now) + op.ms };
      if (timer.state === 'paused') return { ...timer, durationMs: timer.durationMs + op.ms, remainingMs: (timer.remainingMs ?? 0) + op.ms };
      return { state: 'idle', durationMs: timer.durationMs + op.ms };
    case 'reset':
      return { state: 'idle', durationMs: op.durationMs ?? timer.durationMs };
  }
}

/**
 * Estimates the server clock offset from one request: the server's time is
 * taken to be in the middle of the round trip (NTP's assumption).
 */
export function clockOffset(sentAt: number, serverNow: number, receivedAt: number): number {
  return serverNow - (sentAt + receivedAt) / 2;
}
