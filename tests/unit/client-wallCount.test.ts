/**
 * The one count the wall shows beside the phase (pure): during a vote how many
 * have voted; otherwise who is done, only while "I'm done" is asked in this
 * phase (private writing, or a timebox started in this phase and not reset,
 * once someone is done), never a stale "0 of 3 are done" in every later phase.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { doneAsked, wallCount } from '../../client/derive/progress.ts';
import { readFacilitation, setTimer, type Facilitation, type TimerState } from '../../shared/doc/control.ts';
import { SERVER_ORIGIN } from '../../shared/doc/origin.ts';
import { applyTimerOp } from '../../shared/timer.ts';

type Room = Pick<Facilitation, 'phase' | 'privateWriting' | 'timer' | 'consent'>;
const idle: TimerState = { state: 'idle', durationMs: 60_000 };
const room = (patch: Partial<Room> = {}): Room => ({ phase: 'goals', privateWriting: false, timer: idle, consent: null, ...patch });
const progress = (voted: number | null = null) => ({ done: { count: 1, of: 3 }, voted: voted === null ? null : { count: voted, of: 3 } });

describe('the count on the wall', () => {
  it('is who is done while private writing is on, or once someone is done in a timebox started in this phase', () => {
    expect(wallCount(room({ privateWriting: true }), progress())).toEqual({ kind: 'done', progress: { count: 1, of: 3 } });
    expect(wallCount(room({ privateWriting: true }), { done: { count: 0, of: 3 }, voted: null })).toEqual({ kind: 'done', progress: { count: 0, of: 3 } });
    const started = applyTimerOp(idle, { op: 'start', durationMs: 60_000, phase: 'goals' }, 0);
    expect(wallCount(room({ timer: started }), progress())).toEqual({ kind: 'done', progress: { count: 1, of: 3 } });
    // Nobody done yet in a timebox: no "0 of 3 are done".
    expect(wallCount(room({ timer: started }), { done: { count: 0, of: 3 }, voted: null })).toBeNull();
    // Paused or extended, it is still this phase's timebox.
    const paused = applyTimerOp(started, { op: 'pause' }, 10_000);
    expect(doneAsked(room({ timer: paused }))).toBe(true);
    expect(doneAsked(room({ timer: applyTimerOp(applyTimerOp(paused, { op: 'resume' }, 20_000), { op: 'extend', ms: 60_000 }, 30_000) }))).toBe(true);
  });

  it('is none in a later phase the timebox of an earlier one was left running into, and none once the timer is reset', () => {
    const fromGoals = applyTimerOp(idle, { op: 'start', durationMs: 60_000, phase: 'goals' }, 0);
    for (const phase of ['who', 'commit', 'close'] as const) expect(wallCount(room({ phase, timer: fromGoals }), progress())).toBeNull();
    expect(wallCount(room({ timer: applyTimerOp(fromGoals, { op: 'reset' }, 1000) }), progress())).toBeNull();
    expect(wallCount(room(), progress())).toBeNull();
    // A timer from before the phase was recorded keeps counting, as it did.
    expect(doneAsked(room({ timer: { state: 'running', durationMs: 60_000, endsAt: 60_000 } }))).toBe(true);
  });

  it('is how many have voted during a vote, never who is done beside it; none during a consent round (the stage counts answers)', () => {
    expect(wallCount(room({ privateWriting: true }), progress(0))).toEqual({ kind: 'voted', progress: { count: 0, of: 3 } });
    const consent: Room['consent'] = { id: 'k', commitments: ['c'], method: 'thumbs', state: 'open', answered: 0, recordedForOthers: 0, startedAt: 0 };
    expect(wallCount(room({ privateWriting: true, consent }), progress())).toBeNull();
  });

  it('reads the phase a timebox was started in from the control document, a known phase only', () => {
    const doc = new Y.Doc();
    setTimer(doc, { state: 'running', durationMs: 1, endsAt: 2, phase: 'who' }, SERVER_ORIGIN);
    expect(readFacilitation(doc).timer).toEqual({ state: 'running', durationMs: 1, endsAt: 2, phase: 'who' });
    doc.getMap('facilitation').set('timer', { state: 'running', durationMs: 1, endsAt: 2, phase: 'lunch' });
    expect(readFacilitation(doc).timer).toEqual({ state: 'running', durationMs: 1, endsAt: 2 });
  });
});
