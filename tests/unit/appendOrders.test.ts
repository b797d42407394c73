/**
 * Order keys for many cards added in one go (a reveal of everyone's drafts):
 * each column read once, each key after the last (a red-team participant's
 * 9,000 drafts made a reveal read and sort the whole board once per card, and
 * the server's event loop stood still for three minutes).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, appendOrders, initBoard, readCards, sortedCards } from '../../shared/doc/index.ts';

describe('appendOrders', () => {
  it('hands out keys after each column’s last card, in the order asked, reading each column once', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Reveal' });
    addCard(doc, { id: 'v1', column: 'value', text: 'First' });
    addCard(doc, { id: 'v2', column: 'value', text: 'Second' });
    addCard(doc, { id: 'g1', column: 'goal', text: 'Goal' });
    const cards = doc.getMap('cards');
    let reads = 0;
    const entries = cards.entries.bind(cards);
    cards.entries = () => {
      reads++;
      return entries();
    };
    const next = appendOrders(doc);
    doc.transact(() => {
      for (let i = 0; i < 50; i++) addCard(doc, { id: `n${i}`, column: i % 2 ? 'value' : 'goal', text: `New ${i}`, order: next(i % 2 ? 'value' : 'goal') });
    });
    cards.entries = entries;
    expect(reads).toBe(2); // once per column
    expect(sortedCards(doc, 'value').map((c) => c.id)).toEqual(['v1', 'v2', ...Array.from({ length: 25 }, (_, k) => `n${2 * k + 1}`)]);
    expect(sortedCards(doc, 'goal').map((c) => c.id)).toEqual(['g1', ...Array.from({ length: 25 }, (_, k) => `n${2 * k}`)]);
    for (const column of ['value', 'goal'] as const) {
      const orders = readCards(doc).filter((c) => c.column === column).map((c) => c.order);
      expect(new Set(orders).size).toBe(orders.length);
    }
  });
});
