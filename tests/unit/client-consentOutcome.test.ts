/**
 * How a consent round came out, as the room reads it (pure): the objections of
 * a closed round in their words, unattributed when the board is anonymous.
 */
import { describe, expect, it } from 'vitest';
import { objectionText, roundObjections } from '../../client/derive/consentOutcome.ts';
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
