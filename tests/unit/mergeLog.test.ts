import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeLog, openStoredDoc } from '../../shared/doc/updates.ts';
import { mulberry32 } from '../property/prng.ts';

/** Edits by three peers that see each other's changes late: a log whose updates often depend on later ones. */
function peerLog(seed: number, count: number): Uint8Array[] {
  const random = mulberry32(seed);
  const peers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const log: Uint8Array[] = [];
  peers.forEach((peer) => peer.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && log.push(update)));
  for (let i = 0; i < count; i++) {
    const peer = peers[Math.floor(random() * peers.length)]!;
    const text = peer.getText('t');
    if (text.length > 0 && random() < 0.3) text.delete(Math.floor(random() * text.length), 1);
    else text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(random() * 26)));
    if (random() < 0.4) peer.getMap('m').set(`k${Math.floor(random() * 5)}`, i);
    // Now and then a peer catches up with everything logged so far.
    if (random() < 0.1) for (const update of log) Y.applyUpdate(peer, update, 'remote');
  }
  return log;
}

describe('mergeLog', () => {
  for (const [seed, count] of [[1, 10], [2, 200], [3, 1_000]] as const) {
    it(`gives the state of the log applied update by update (seed ${seed}, ${count} edits)`, () => {
      const log = peerLog(seed, count);
      const oneByOne = new Y.Doc();
      for (const update of log) Y.applyUpdate(oneByOne, update);
      const merged = new Y.Doc();
      Y.applyUpdate(merged, mergeLog(log));
      expect(merged.getText('t').toString()).toBe(oneByOne.getText('t').toString());
      expect(merged.getMap('m').toJSON()).toEqual(oneByOne.getMap('m').toJSON());
      expect(Y.encodeStateVector(merged)).toEqual(Y.encodeStateVector(oneByOne));
      // Shuffled (a log read back in another order), still the same document.
      const random = mulberry32(seed);
      const shuffled = [...log].sort(() => random() - 0.5);
      const fromShuffled = new Y.Doc();
      Y.applyUpdate(fromShuffled, mergeLog(shuffled));
      expect(fromShuffled.getText('t').toString()).toBe(oneByOne.getText('t').toString());
    });
  }

  it('opens a stored document from a snapshot and a long log', () => {
    const log = peerLog(4, 500);
    const half = new Y.Doc();
    for (const update of log.slice(0, 250)) Y.applyUpdate(half, update);
    const reopened = openStoredDoc({ snapshot: Y.encodeStateAsUpdate(half), updates: log.slice(250) }, 'other');
    const expected = new Y.Doc();
    for (const update of log) Y.applyUpdate(expected, update);
    expect(reopened.getText('t').toString()).toBe(expected.getText('t').toString());
    expect(mergeLog([])).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
  });
});
