/**
 * The shared workshop timer, held on the server clock: every screen computes
 * the same countdown from `endsAt` and its estimate of the server clock offset.
 */
import type { PhaseId, TimerState } from './doc/control.ts';

/** Milliseconds left at server time `serverNow` (never negative). */
export function timerRemainingMs(timer: TimerState, serverNow: number): number {
  if (timer.state === 'running' && timer.endsAt !== undefined) return Math.max(0, timer.endsAt - serverNow);
  if (timer.state === 'paused') return Math.max(0, timer.remainingMs ?? 0);
  return timer.durationMs;
}

export type TimerOp =
  /** `phase`: the phase the timebox is started in (what "I'm done" answers to; see TimerState.phase). */
  | { op: 'start'; durationMs: number; phase?: PhaseId }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'extend'; ms: number }
  | { op: 'reset'; durationMs?: number };

/**
 * The next timer state after a facilitator's operation, at server time `now`.
 * Pure. A started timebox keeps the phase it was started in until a reset.
 */
export function applyTimerOp(timer: TimerState, op: TimerOp, now: number): TimerState {
  const phase = timer.phase ? { phase: timer.phase } : {};
  switch (op.op) {
    case 'start':
      return { state: 'running', durationMs: op.durationMs, endsAt: now + op.durationMs, ...(op.phase ? { phase: op.phase } : {}) };
    case 'pause':
      return timer.state === 'running' ? { state: 'paused', durationMs: timer.durationMs, remainingMs: timerRemainingMs(timer, now), ...phase } : timer;
    case 'resume':
      return timer.state === 'paused' ? { state: 'running', durationMs: timer.durationMs, endsAt: now + (timer.remainingMs ?? 0), ...phase } : timer;
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
