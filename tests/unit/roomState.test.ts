/** What the room is doing, in the control document: results per phase, the consent round, the read-back, the join code toggle. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFacilitation, readSummonViewport, setPhase, setSpotlight, summonEveryone } from '../../shared/doc/control.ts';
import { activityKey, countLinkReset, setConsentRound, setJoinCodeHidden, setReadBack, setShownResult } from '../../shared/doc/roomState.ts';
import { SERVER_ORIGIN } from '../../shared/doc/origin.ts';

describe('room state in the control document', () => {
  it('a new phase takes last phase’s results, the read-back and the spotlight off the screens; staying in the phase keeps them', () => {
    const doc = new Y.Doc();
    setPhase(doc, 'goals');
    setShownResult(doc, { roundId: 'r1', phase: 'goals' });
    setReadBack(doc, { index: 2 });
    setSpotlight(doc, { kind: 'card', id: 'g1' });
    setPhase(doc, 'goals');
    expect(readFacilitation(doc)).toMatchObject({ shownResult: { roundId: 'r1', phase: 'goals' }, readBack: { index: 2 }, spotlight: { kind: 'card', id: 'g1' } });
    setPhase(doc, 'who');
    expect(readFacilitation(doc)).toMatchObject({ phase: 'who', shownResult: null, readBack: null, spotlight: null });
  });

  it('reads a consent round defensively: counts only, a known method, nothing else', () => {
    const doc = new Y.Doc();
    expect(readFacilitation(doc).consent).toBeNull();
    setConsentRound(doc, { id: 'k', commitments: ['m'], method: 'thumbs', state: 'open', answered: 2, recordedForOthers: 1, startedAt: 5 }, SERVER_ORIGIN);
    expect(readFacilitation(doc).consent).toEqual({ id: 'k', commitments: ['m'], method: 'thumbs', state: 'open', answered: 2, recordedForOthers: 1, startedAt: 5 });
    doc.getMap('facilitation').set('consent', { id: 'k', commitments: ['m', 3], method: 'shout', state: 'open', answered: -1 });
    expect(readFacilitation(doc).consent).toBeNull();
    doc.getMap('facilitation').set('consent', { id: 'k', commitments: ['m', 3], method: 'fist-of-five', state: 'weird', answered: 1.5, tally: { 3: 2, 4: 'x' }, objections: 1 });
    expect(readFacilitation(doc).consent).toEqual({
      id: 'k', commitments: ['m'], method: 'fist-of-five', state: 'open', answered: 0, recordedForOthers: 0, startedAt: 0, tally: { 3: 2, 4: 0 }, objections: 1,
    });
  });

  it('reads the counts per commitment of the round only, counts only', () => {
    const doc = new Y.Doc();
    doc.getMap('facilitation').set('consent', {
      id: 'k', commitments: ['a', 'b'], method: 'thumbs', state: 'closed', answered: 1, byCommitment: { a: { answered: 2, tally: { up: 2, down: 'x' }, objections: 0 }, b: { answered: -3 }, stray: { answered: 9 }, c: 4 },
    });
    expect(readFacilitation(doc).consent?.byCommitment).toEqual({ a: { answered: 2, tally: { up: 2, down: 0 }, objections: 0 }, b: { answered: 0 } });
  });

  it('reads the objections a closed round published: a name and words only, each a bounded non-blank string', () => {
    const doc = new Y.Doc();
    doc.getMap('facilitation').set('consent', {
      id: 'k', commitments: ['a'], method: 'thumbs', state: 'closed', answered: 2,
      byCommitment: { a: { answered: 2, objections: 2, objecting: [{ name: 'Ben', text: 'Not before SSO', role: 'x' }, { name: ' ', text: 'x'.repeat(2001) }, 'odd', { text: 'Too soon' }] } },
    });
    expect(readFacilitation(doc).consent?.byCommitment?.a?.objecting).toEqual([{ name: 'Ben', text: 'Not before SSO' }, {}, { text: 'Too soon' }]);
  });

  it('keeps the join code toggle and the area the facilitator sees', () => {
    const doc = new Y.Doc();
    expect(readFacilitation(doc).joinCodeHidden).toBe(false);
    setJoinCodeHidden(doc, true);
    expect(readFacilitation(doc).joinCodeHidden).toBe(true);
    summonEveryone(doc, { x: 10, y: 20, zoom: 0.5, width: 2000, height: 1200 });
    expect(readSummonViewport(doc)).toEqual({ x: 10, y: 20, zoom: 0.5, width: 2000, height: 1200 });
    // An area that makes no sense is left out; the centre and zoom still count.
    summonEveryone(doc, { x: 10, y: 20, zoom: 0.5, width: -1, height: 1200 });
    expect(readSummonViewport(doc)).toEqual({ x: 10, y: 20, zoom: 0.5 });
  });

  it('counts the resets of the participant link (the wall fetches its new join code on a change), from a number or none', () => {
    const doc = new Y.Doc();
    expect(readFacilitation(doc).participantLinkResets).toBe(0);
    countLinkReset(doc, SERVER_ORIGIN);
    countLinkReset(doc, SERVER_ORIGIN);
    expect(readFacilitation(doc).participantLinkResets).toBe(2);
    doc.getMap('facilitation').set('participantLinkResets', 'many');
    expect(readFacilitation(doc).participantLinkResets).toBe(0);
    countLinkReset(doc, SERVER_ORIGIN);
    expect(readFacilitation(doc).participantLinkResets).toBe(1);
  });

  it('names the activity "I’m done" belongs to: phase, voting round, private writing, consent round', () => {
    const base = { phase: 'goals', voting: null, privateWriting: false, consent: null };
    const keys = new Set([
      activityKey(base), activityKey({ ...base, phase: 'who' }), activityKey({ ...base, voting: { id: 'v' } }),
      activityKey({ ...base, privateWriting: true }), activityKey({ ...base, consent: { id: 'k' } }),
    ]);
    expect(keys.size).toBe(5);
    expect(activityKey({ ...base })).toBe(activityKey(base));
  });
});
