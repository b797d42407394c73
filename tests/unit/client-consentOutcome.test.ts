/**
 * How a consent round came out, as the room reads it (pure): the objections of
 * a closed round in their words, unattributed when the board is anonymous;
 * the recorded outcome of a commitment's last round, as the wall and phones say it.
 */
import { describe, expect, it } from 'vitest';
import { consentStanding, objectionText, roundObjections, standingText } from '../../client/derive/consentOutcome.ts';
import type { ConsentRound } from '../../shared/doc/control.ts';
import type { Commitment, ConsentRecord } from '../../shared/model.ts';

const commitment = (consents: ConsentRecord[] = []): Commitment => ({
  id: 'c1', card: 'i1', title: 'Capacity plan in kickoff calls', owner: 'Priya', contributors: [], status: 'proposed', indicators: [], consents,
});
const notAgreed = (round?: string): ConsentRecord => ({
  at: '2026-03-10T15:00:00.000Z', ...(round ? { round } : {}), method: 'thumbs', participants: ['Ana', 'Ben', 'Cy'], outcome: 'not-agreed',
  responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'down', objection: 'Not before SSO' }, { name: 'Cy', value: 'down' }],
});
const closed = (byCommitment: ConsentRound['byCommitment']): ConsentRound => ({
  id: 'r1', commitments: ['c1'], method: 'thumbs', state: 'closed', answered: 3, recordedForOthers: 0, startedAt: 1, tally: { up: 1, down: 2 }, objections: 2, ...(byCommitment ? { byCommitment } : {}),
});

describe('objections of a closed consent round', () => {
  it('are the ones the server published at the close, in their words, with the name unless the board is anonymous', () => {
    const round = closed({ c1: { answered: 3, objections: 2, objecting: [{ name: 'Ben', text: 'Not before SSO' }, { name: 'Cy' }] } });
    expect(roundObjections(round, commitment(), false)).toEqual([{ name: 'Ben', text: 'Not before SSO' }, { name: 'Cy' }]);
    expect(roundObjections(round, commitment(), true)).toEqual([{ text: 'Not before SSO' }, {}]);
    expect(roundObjections(round, commitment(), false).map(objectionText)).toEqual(['Ben objected: “Not before SSO”', 'Cy objected: no reason given']);
    expect(roundObjections(round, commitment(), true).map(objectionText)).toEqual(['“Not before SSO”', 'An objection, no reason given']);
  });

  it('come from the outcome recorded for this round when the round was closed before the server published them, never from another round', () => {
    const round = closed({ c1: { answered: 3, objections: 2 } });
    expect(roundObjections(round, commitment([notAgreed('r1')]), false)).toEqual([{ name: 'Ben', text: 'Not before SSO' }, { name: 'Cy' }]);
    expect(roundObjections(round, commitment([notAgreed('r0')]), false)).toEqual([]);
    expect(roundObjections(round, commitment(), false)).toEqual([]);
  });

  it('are none while the round is open: counts only until the facilitator closes it', () => {
    const round: ConsentRound = { ...closed({ c1: { answered: 3, objecting: [{ name: 'Ben', text: 'x' }] } }), state: 'open' };
    expect(roundObjections(round, commitment([notAgreed('r1')]), false)).toEqual([]);
  });
});

describe('the outcome of a commitment’s last consent round', () => {
  it('is what was recorded, with how many objected, as phones and the wall say it', () => {
    expect(consentStanding(commitment())).toBeNull();
    const standing = consentStanding(commitment([notAgreed('r1')]))!;
    expect(standing).toEqual({ outcome: 'not-agreed', objections: 2 });
    expect(standingText(standing)).toBe('not agreed · 2 objections');
    expect(standingText({ outcome: 'not-agreed', objections: 1 })).toBe('not agreed · 1 objection');
    expect(standingText({ outcome: 'agreed', objections: 0 })).toBe('agreed');
    // The last round counts: agreed after an earlier round that was not.
    const agreed: ConsentRecord = { at: '2026-03-11T15:00:00.000Z', round: 'r2', method: 'fist-of-five', participants: ['Ana'], outcome: 'agreed', responses: [{ name: 'Ana', value: 4 }] };
    expect(consentStanding(commitment([notAgreed('r1'), agreed]))).toEqual({ outcome: 'agreed', objections: 0 });
  });
});
