/** Pure parts of the facilitation UI: timer display, phases, votes, follow-me viewports, projector modes. */
import { describe, expect, it } from 'vitest';
import { PHASES, workshopPhases, type Facilitation, type PhaseId } from '../../shared/doc/control.ts';
import { describeCountdown, formatCountdown, nextTickIn } from '../../client/derive/timerFormat.ts';
import { moveShownPhase, movePhase, phaseInfo, phasePosition, stepPhase } from '../../client/derive/phases.ts';
import { cardVoting, latestResult, myDotsOn, rankTally, shownResult } from '../../client/derive/votes.ts';
import { listedPeople, otherJoins, roomProgress } from '../../client/derive/progress.ts';
import { activityKey } from '../../shared/doc/roomState.ts';
import { fromSharedViewport, sameViewport, toSharedViewport } from '../../client/derive/viewport.ts';
import { projectedResult, projectorMode } from '../../client/projector/projectorMode.ts';
import { groupColor } from '../../client/board/groupColor.ts';
import { readControlPeers } from '../../client/sync/controlParts.ts';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';

const order = PHASES.map((p) => p.id) as PhaseId[];

function facilitation(patch: Partial<Facilitation> = {}): Facilitation {
  return {
    phase: 'frame', phaseOrder: order, phaseMinutes: Object.fromEntries(PHASES.map((p) => [p.id, p.minutes])) as Facilitation['phaseMinutes'],
    timer: { state: 'idle', durationMs: 0 }, lockedColumns: [], privateWriting: false, anonymous: false, voting: null, voteResults: [],
    spotlight: null, follow: { on: false }, summon: 0, shownResult: null, consent: null, readBack: null, joinCodeHidden: false, participantLinkResets: 0, ...patch,
  };
}

describe('timer display', () => {
  it('rounds up to whole seconds, so 4:59.2 still reads 5:00', () => {
    expect(formatCountdown(300_000)).toBe('5:00');
    expect(formatCountdown(299_200)).toBe('5:00');
    expect(formatCountdown(299_000)).toBe('4:59');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-500)).toBe('0:00');
  });

  it('shows hours past an hour', () => {
    expect(formatCountdown(3_600_000 + 65_000)).toBe('1:01:05');
  });

  it('speaks the countdown', () => {
    expect(describeCountdown(61_000)).toBe('1 minute 1 second');
    expect(describeCountdown(120_000)).toBe('2 minutes');
    expect(describeCountdown(0)).toBe('0 seconds');
  });

  it('ticks exactly when the shown second changes', () => {
    expect(nextTickIn(299_200)).toBe(205);
    expect(nextTickIn(299_000)).toBe(1005);
    // After the tick the display has moved on by one second.
    expect(formatCountdown(299_200 - nextTickIn(299_200))).toBe('4:59');
  });
});

describe('phases', () => {
  it('steps forward and back in the facilitator’s order, stopping at the ends', () => {
    expect(stepPhase(order, 'frame', 1)).toBe('goals');
    expect(stepPhase(order, 'goals', -1)).toBe('frame');
    expect(stepPhase(order, 'frame', -1)).toBeNull();
    expect(stepPhase(order, 'close', 1)).toBeNull();
    const reordered = movePhase(order, 'trace', -5);
    expect(stepPhase(reordered, 'goals', 1)).toBe('trace');
  });

  it('reorders one phase, clamped, keeping every phase once', () => {
    expect(movePhase(order, 'goals', -1).slice(0, 2)).toEqual(['goals', 'frame']);
    expect(movePhase(order, 'frame', -1)).toEqual(order);
    expect(movePhase(order, 'close', 3)).toEqual(order);
    expect(new Set(movePhase(order, 'value', 4)).size).toBe(order.length);
  });

  it('a portfolio steps through its own phases only; reordering them keeps the whole stored order valid', () => {
    const shown = workshopPhases(order, 'portfolio');
    expect(shown).toEqual(['frame', 'goals', 'who', 'close']);
    expect(workshopPhases(order, undefined)).toEqual(order);
    expect(stepPhase(shown, 'who', 1)).toBe('close');
    const stored = moveShownPhase(order, shown, 'who', -1);
    expect(stored).toHaveLength(order.length);
    expect(new Set(stored).size).toBe(order.length);
    expect(workshopPhases(stored, 'portfolio')).toEqual(['frame', 'who', 'goals', 'close']);
    // The phases a portfolio does not show keep their places.
    expect(stored.filter((p) => !shown.includes(p))).toEqual(order.filter((p) => !shown.includes(p)));
    // Moving the last shown phase later changes nothing.
    expect(moveShownPhase(order, shown, 'close', 1)).toEqual(order);
  });

  it('knows each phase’s column and place', () => {
    expect(phaseInfo('who')).toMatchObject({ title: 'Who', column: 'segment', defaultMinutes: 15 });
    expect(phaseInfo('trace').column).toBeNull();
    expect(phasePosition(order, 'value')).toEqual({ index: 4, count: 10 });
  });
});

describe('dot voting display', () => {
  it('ranks with shared places for ties and leaves out cards without votes', () => {
    const ranked = rankTally({ tally: [{ card: 'b', votes: 3 }, { card: 'a', votes: 3 }, { card: 'c', votes: 1 }, { card: 'd', votes: 0 }] });
    expect(ranked).toEqual([
      { card: 'a', votes: 3, rank: 1 },
      { card: 'b', votes: 3, rank: 1 },
      { card: 'c', votes: 1, rank: 3 },
    ]);
  });

  it('shows a revealed result only in the phase it was put on screen in, and none while a new round is open', () => {
    const older = { roundId: 'r1', columns: ['goal' as const], votesPerPerson: 1, voters: 1, tally: [], revealedAt: 1, phase: 'frame' as const };
    const newer = { ...older, roundId: 'r2', revealedAt: 2 };
    expect(latestResult(facilitation({ voteResults: [newer, older] }))?.roundId).toBe('r2');
    // Revealed is not shown: the facilitator (or the reveal) puts one on screen.
    expect(shownResult(facilitation({ voteResults: [newer, older] }))).toBeNull();
    const onScreen = facilitation({ phase: 'goals', voteResults: [newer, older], shownResult: { roundId: 'r1', phase: 'goals' } });
    expect(shownResult(onScreen)?.roundId).toBe('r1');
    // Last phase's results never follow the room into the next.
    expect(shownResult({ ...onScreen, phase: 'who' })).toBeNull();
    const open = { id: 'r3', columns: ['goal' as const], votesPerPerson: 2, allowMultiple: false, state: 'open' as const };
    expect(shownResult({ ...onScreen, voting: open })).toBeNull();
  });

  it('offers the console only this phase’s latest result, and none while this round waits to be revealed', () => {
    const goals = { roundId: 'r1', columns: ['goal' as const], votesPerPerson: 1, voters: 3, tally: [], revealedAt: 1, phase: 'goals' as const };
    const inits = { ...goals, roundId: 'r2', columns: ['initiative' as const], revealedAt: 5, phase: 'initiatives' as const };
    // In the initiatives phase, after closing the round and before revealing it: nothing (not the goals tally).
    const closed = { id: 'r2', columns: ['initiative' as const], votesPerPerson: 3, allowMultiple: false, state: 'closed' as const };
    expect(latestResult(facilitation({ phase: 'initiatives', voteResults: [goals], voting: closed }))).toBeNull();
    expect(latestResult(facilitation({ phase: 'initiatives', voteResults: [goals] }))).toBeNull();
    // Once revealed, this round's result.
    expect(latestResult(facilitation({ phase: 'initiatives', voteResults: [goals, inits] }))?.roundId).toBe('r2');
    // Back in Goals, the goals result is offered again; a result without a phase never is.
    expect(latestResult(facilitation({ phase: 'goals', voteResults: [goals, inits] }))?.roundId).toBe('r1');
    const { phase: _phase, ...unphased } = goals;
    expect(latestResult(facilitation({ phase: 'goals', voteResults: [unphased] }))).toBeNull();
  });

  it('lets me vote only on the round’s columns, within my budget and the one-per-card rule', () => {
    const round = { columns: ['initiative' as const], state: 'open' as const, allowMultiple: false };
    expect(cardVoting(round, 'initiative', [], 3, 'x')).toEqual({ open: true, canAdd: true, mine: 0 });
    expect(cardVoting(round, 'initiative', ['x'], 2, 'x')).toEqual({ open: true, canAdd: false, mine: 1 });
    expect(cardVoting({ ...round, allowMultiple: true }, 'initiative', ['x'], 2, 'x').canAdd).toBe(true);
    expect(cardVoting(round, 'initiative', ['y', 'z'], 0, 'x').canAdd).toBe(false);
    expect(cardVoting(round, 'goal', [], 3, 'x').open).toBe(false);
    expect(cardVoting({ ...round, state: 'closed' }, 'initiative', ['x'], 2, 'x')).toEqual({ open: false, canAdd: false, mine: 1 });
    expect(myDotsOn(['x', 'y', 'x'], 'x')).toBe(2);
  });
});

describe('follow-me viewports', () => {
  it('shares the area the facilitator sees, so screens of any size show all of it', () => {
    const facilitator = { x: -200, y: 40, zoom: 0.5 };
    const shared = toSharedViewport(facilitator, { width: 1200, height: 800 });
    expect(shared).toEqual({ x: 1600, y: 720, zoom: 0.5, width: 2400, height: 1600 });
    const wall = fromSharedViewport(shared, { width: 1920, height: 1080 });
    // The same board point sits at the centre of the bigger screen; the whole area fits (height-bound here).
    expect((960 - wall.x) / wall.zoom).toBeCloseTo(1600);
    expect((540 - wall.y) / wall.zoom).toBeCloseTo(720);
    expect(wall.zoom).toBeCloseTo(1080 / 1600);
    // A smaller screen zooms out rather than cutting the facilitator's view off.
    const laptop = fromSharedViewport(shared, { width: 900, height: 800 });
    expect(laptop.zoom).toBeCloseTo(900 / 2400);
    const corner = (x: number, y: number) => ({ x: x * laptop.zoom + laptop.x, y: y * laptop.zoom + laptop.y });
    expect(corner(1600 - 1200, 720).x).toBeCloseTo(0);
    expect(corner(1600 + 1200, 720).x).toBeCloseTo(900);
  });

  it('round-trips on a screen of the same size, reads older shares by their zoom, and clamps the zoom', () => {
    const size = { width: 1280, height: 720 };
    const viewport = { x: 33, y: -12, zoom: 0.8 };
    expect(sameViewport(fromSharedViewport(toSharedViewport(viewport, size), size), viewport)).toBe(true);
    expect(fromSharedViewport({ x: 0, y: 0, zoom: 0.7 }, size).zoom).toBe(0.7);
    expect(fromSharedViewport({ x: 0, y: 0, zoom: 40 }, size).zoom).toBe(2);
  });
});

describe('projector', () => {
  const cards = [{ id: 'c1' }];
  it('puts what the room does together first, then the spotlight, follow-me, and the phase’s own content', () => {
    const consent = { id: 'k', commitments: ['m'], method: 'thumbs' as const, state: 'open' as const, answered: 0, recordedForOthers: 0, startedAt: 0 };
    expect(projectorMode(facilitation({ phase: 'close', readBack: { index: 2 }, consent }), cards)).toEqual({ kind: 'read-back', index: 2 });
    expect(projectorMode(facilitation({ phase: 'commit', consent, spotlight: { kind: 'card', id: 'c1' } }), cards)).toEqual({ kind: 'consent' });
    expect(projectorMode(facilitation({ spotlight: { kind: 'card', id: 'c1' } }), cards)).toEqual({ kind: 'card', cardId: 'c1' });
    expect(projectorMode(facilitation({ phase: 'goals', spotlight: { kind: 'column', id: 'goal' } }), cards)).toEqual({ kind: 'column', column: 'goal' });
    expect(projectorMode(facilitation({ spotlight: { kind: 'card', id: 'gone' } }), cards)).toEqual({ kind: 'join' });
    expect(projectorMode(facilitation({ phase: 'value', follow: { on: true } }), cards)).toEqual({ kind: 'board' });
    expect(projectorMode(facilitation({ phase: 'value' }), cards)).toEqual({ kind: 'phase-column', column: 'value' });
    expect(projectorMode(facilitation({ phase: 'trace' }), cards)).toEqual({ kind: 'trace' });
    expect(projectorMode(facilitation({ phase: 'commit' }), cards)).toEqual({ kind: 'commitments', closing: false });
    expect(projectorMode(facilitation({ phase: 'close' }), cards)).toEqual({ kind: 'commitments', closing: true });
  });

  it('puts the ranking beside the stage only where the stage does not show it itself', () => {
    const result = { roundId: 'r', columns: ['initiative' as const], votesPerPerson: 3, voters: 2, tally: [{ card: 'c1', votes: 2 }], revealedAt: 5 };
    const shown = facilitation({ phase: 'initiatives', voteResults: [result], shownResult: { roundId: 'r', phase: 'initiatives' } });
    // The voted column is on the stage, its cards in rank order: no panel covers it.
    expect(projectedResult(shown, projectorMode(shown, cards))).toBeNull();
    const other = { ...shown, phase: 'goals' as const, shownResult: { roundId: 'r', phase: 'goals' as const } };
    expect(projectedResult(other, projectorMode(other, cards))?.roundId).toBe('r');
    expect(projectedResult(shown, { kind: 'card', cardId: 'c1' })?.roundId).toBe('r');
    expect(projectedResult({ ...shown, phase: 'trace' }, { kind: 'trace' })).toBeNull();
  });

  it('counts the room: who is done with this activity, how many voted or answered, never who', () => {
    const peers = [
      { personId: 'a', role: 'participant' as const, done: true, doneFor: activityKey(facilitation({ phase: 'goals' })) },
      { personId: 'a', role: 'participant' as const, done: false, doneFor: '' },
      { personId: 'b', role: 'participant' as const, done: true, doneFor: activityKey(facilitation({ phase: 'frame' })) },
      { personId: 'c', role: 'participant' as const, done: false, doneFor: '' },
      { personId: 'f', role: 'facilitator' as const, done: true, doneFor: activityKey(facilitation({ phase: 'goals' })) },
    ];
    const goals = facilitation({ phase: 'goals' });
    // Ben's "done" was for the last phase; the facilitator is not counted; Ana has two tabs.
    expect(roomProgress(goals, peers)).toMatchObject({ participants: 3, done: { count: 1, of: 3 }, voted: null, answered: null });
    const voting = facilitation({ phase: 'goals', voting: { id: 'v', columns: ['goal'], votesPerPerson: 3, allowMultiple: false, state: 'open', voted: 2 } });
    // A voting round is a new activity: "done" starts afresh.
    expect(roomProgress(voting, peers)).toMatchObject({ done: { count: 0, of: 3 }, voted: { count: 2, of: 3 } });
    expect(roomProgress(voting, peers).votersBeyondRoom).toBe(0);
    // More ballots than people online: "x of y" stays x of x, and the facilitator is told how many more.
    const stuffed = facilitation({ phase: 'goals', voting: { id: 'v', columns: ['goal'], votesPerPerson: 3, allowMultiple: false, state: 'open', voted: 5 } });
    expect(roomProgress(stuffed, peers)).toMatchObject({ voted: { count: 5, of: 5 }, votersBeyondRoom: 2 });
    const consent = facilitation({ phase: 'commit', consent: { id: 'k', commitments: [], method: 'thumbs', state: 'open', answered: 3, recordedForOthers: 1, startedAt: 0 } });
    expect(roomProgress(consent, peers).answered).toEqual({ count: 3, of: 4 });
    expect(activityKey(goals)).not.toBe(activityKey(voting));
    expect(activityKey(goals)).not.toBe(activityKey({ ...goals, privateWriting: true }));
  });

  it('never counts a reviewer in the room: in the control room they stay a reviewer, and "x of y" leaves them out', () => {
    const mine = new Awareness(new Y.Doc());
    const goals = facilitation({ phase: 'goals' });
    const states: [string, string][] = [['a', 'participant'], ['r', 'reviewer'], ['f', 'facilitator'], ['x', 'somebody']];
    for (const [personId, role] of states) {
      const theirs = new Awareness(new Y.Doc());
      theirs.setLocalState({ person: { id: personId, name: personId.toUpperCase(), role }, done: true, doneFor: activityKey(goals), drafts: 0 });
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'peer');
    }
    const peers = readControlPeers(mine);
    expect(Object.fromEntries(peers.map((p) => [p.personId, p.role]))).toEqual({ a: 'participant', r: 'reviewer', f: 'facilitator', x: 'participant' });
    expect(roomProgress(goals, peers)).toMatchObject({ participants: 2, done: { count: 2, of: 2 } });
    const consent = facilitation({ phase: 'commit', consent: { id: 'k', commitments: [], method: 'thumbs', state: 'open', answered: 1, recordedForOthers: 0, startedAt: 0 } });
    expect(roomProgress(consent, peers).answered).toEqual({ count: 1, of: 2 });
  });

  it('gives a cluster the same colour on every screen', () => {
    expect(groupColor('abc')).toBe(groupColor('abc'));
    expect(groupColor('abc')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('the console\'s people list', () => {
  const person = (id: string, name: string, joinedAt: number, online: boolean, role = 'participant') => ({ id, name, role, joinedAt, online });

  it('lists a person who joined again (a reset link, a cleared browser, a second device) once: online if any of them is', () => {
    const people = [
      person('ana-old', 'Ana', 1, false),
      person('ben-old', 'Ben', 2, false),
      person('ana-new', 'ana ', 5, true),
      person('ben-new', 'Ben', 6, false),
      person('fran', 'Fran', 0, true, 'facilitator'),
    ];
    expect(listedPeople(people).map((p) => p.id)).toEqual(['ana-new', 'ben-new', 'fran']); // in the order given
  });

  it('keeps two different people of one name who are online at once, and one role apart from another', () => {
    const people = [person('alex-1', 'Alex', 1, true), person('alex-2', 'Alex', 2, true), person('alex-r', 'Alex', 3, false, 'reviewer')];
    expect(listedPeople(people).map((p) => p.id)).toEqual(['alex-1', 'alex-2', 'alex-r']);
  });

  it('tells which unlisted joins a row stands for: the same name and role, offline', () => {
    const people = [
      person('ana-1', 'Ana', 1, false), person('ana-2', 'ana ', 2, false), person('ana-3', 'Ana', 3, true), person('ana-r', 'Ana', 4, false, 'reviewer'), person('ben', 'Ben', 5, true),
    ];
    const listed = listedPeople(people);
    expect(listed.map((p) => p.id)).toEqual(['ana-3', 'ana-r', 'ben']);
    expect(otherJoins(people, listed, listed[0]!).map((p) => p.id)).toEqual(['ana-1', 'ana-2']);
    expect(otherJoins(people, listed, listed[1]!)).toEqual([]);
    expect(otherJoins(people, listed, listed[2]!)).toEqual([]);
  });
});
