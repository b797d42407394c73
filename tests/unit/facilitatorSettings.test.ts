/** The facilitator's console settings in the control document: typed writes, validated reads. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  readSettings, setAutoStartTimer, setVoteColumns, setVotingDefaults, voteColumnsFor,
} from '../../shared/doc/facilitatorSettings.ts';

/** What a board's settings are before the facilitator changes any. */
const DEFAULT_SETTINGS = { autoStartTimer: false, votesPerPerson: 3, allowMultiple: false, voteColumns: null };

describe('facilitator settings', () => {
  it('start as the defaults and keep what is set', () => {
    const doc = new Y.Doc();
    expect(readSettings(doc)).toEqual(DEFAULT_SETTINGS);
    setAutoStartTimer(doc, true);
    setVotingDefaults(doc, { votesPerPerson: 5 });
    setVotingDefaults(doc, { allowMultiple: true });
    setVoteColumns(doc, 'who', ['segment', 'value', 'segment']);
    expect(readSettings(doc)).toEqual({ autoStartTimer: true, votesPerPerson: 5, allowMultiple: true, voteColumns: { phase: 'who', columns: ['segment', 'value'] } });
  });

  it('two facilitator devices changing different settings at once both land', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setAutoStartTimer(a, true);
    setVotingDefaults(b, { votesPerPerson: 7 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readSettings(a)).toEqual(readSettings(b));
    expect(readSettings(a)).toMatchObject({ autoStartTimer: true, votesPerPerson: 7 });
  });

  it('refuses a budget outside 1–50 and reads anything odd as the default', () => {
    const doc = new Y.Doc();
    expect(() => setVotingDefaults(doc, { votesPerPerson: 0 })).toThrow(/1 to 50/);
    expect(() => setVotingDefaults(doc, { votesPerPerson: 2.5 })).toThrow(/1 to 50/);
    const map = doc.getMap('settings');
    map.set('autoStartTimer', 'yes');
    map.set('votesPerPerson', 1e9);
    map.set('voteColumns', { phase: 'nope', columns: ['goal'] });
    expect(readSettings(doc)).toEqual(DEFAULT_SETTINGS);
    map.set('voteColumns', { phase: 'goals', columns: ['goal', '__proto__', 7] });
    expect(readSettings(doc).voteColumns).toEqual({ phase: 'goals', columns: ['goal'] });
  });

  it('the next round’s columns: those chosen in this phase, else the phase’s column', () => {
    const chosen = { ...DEFAULT_SETTINGS, voteColumns: { phase: 'who' as const, columns: ['segment' as const, 'goal' as const] } };
    expect(voteColumnsFor(chosen, 'who', 'segment')).toEqual(['segment', 'goal']);
    expect(voteColumnsFor(chosen, 'value', 'value')).toEqual(['value']);
    expect(voteColumnsFor(DEFAULT_SETTINGS, 'commit', null)).toEqual(['initiative']);
  });
});
