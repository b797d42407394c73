/**
 * The protection caches (server/sync/protectionCache.ts) keep their answer
 * across changes that cannot bear on it (typing, adding or moving a card that
 * no link or commitment names) and work it out again after any other: seeded
 * random edits on a board with an agreed trace, the cached answers compared
 * with a fresh computation after each.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLUMN_IDS } from '../../shared/columns.ts';
import { addCard, deleteCard, setCardText } from '../../shared/doc/index.ts';
import { agreedContentOf } from '../../shared/protection.ts';
import { AgreedContentCache, computeProtection, ProtectionCache } from '../../server/sync/protectionCache.ts';
import { seedAgreedTrace } from '../security/fixtures.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('protection caches', () => {
  it('keep the protection across a move of a card nothing names, and work it out again when a named card moves', () => {
    const doc = new Y.Doc();
    const trace = seedAgreedTrace(doc);
    const cache = new ProtectionCache(doc);
    const loose = addCard(doc, { column: 'value', text: 'Nobody links me' });
    const first = cache.get();
    doc.getMap<Y.Map<unknown>>('cards').get(loose)!.set('column', 'segment');
    setCardText(doc, trace.goal, 'Typing in an agreed card');
    expect(cache.get()).toBe(first);
    doc.getMap<Y.Map<unknown>>('cards').get(trace.segment)!.set('column', 'value');
    expect(cache.get()).not.toBe(first);
    expect(cache.get()).toEqual(computeProtection(doc));
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: 300 random edits, the cached answers equal a fresh computation after each`, () => {
      const rand = rng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
      const doc = new Y.Doc();
      seedAgreedTrace(doc);
      const cache = new ProtectionCache(doc);
      const agreed = new AgreedContentCache(doc);
      const cards = () => [...doc.getMap<Y.Map<unknown>>('cards').keys()];
      const links = () => [...doc.getMap('links').keys()];
      for (let step = 0; step < 300; step++) {
        const r = rand();
        if (r < 0.3) doc.getMap<Y.Map<unknown>>('cards').get(pick(cards()))?.set('column', pick(COLUMN_IDS));
        else if (r < 0.5) addCard(doc, { column: pick(COLUMN_IDS), text: `card ${step}` });
        else if (r < 0.65) {
          // A link, valid or not (ends in any columns, or a card that does not exist yet).
          const link = new Y.Map<unknown>();
          link.set('from', rand() < 0.9 ? pick(cards()) : `missing${step}`);
          link.set('to', pick(cards()));
          link.set('assumption', new Y.Text(''));
          doc.getMap('links').set(`link${step}xx`, link);
        } else if (r < 0.75 && links().length > 0) doc.getMap('links').delete(pick(links()));
        else if (r < 0.85 && cards().length > 3) deleteCard(doc, pick(cards()));
        else setCardText(doc, pick(cards()), `typed ${step}`);
        const fresh = computeProtection(doc);
        expect(cache.get()).toEqual(fresh);
        for (const id of cards()) expect(agreed.has(id)).toBe(agreedContentOf(fresh.cards.get(id)) !== undefined);
      }
    });
  }
});
