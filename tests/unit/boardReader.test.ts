import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, BoardReader, deleteCard, deleteLink, initBoard, moveCard, promoteToCommitment, readBoard, readCards, setBoardTitle,
  setCardText, updateCardFields,
} from '../../shared/doc/index.ts';
import { COLUMN_IDS } from '../../shared/model.ts';
import { rng } from '../bench/boardBuilder.ts';

describe('the board reader', () => {
  it('reads what readBoard reads after every kind of change, seeded', () => {
    for (const seed of [1, 2, 3]) {
      const rand = rng(seed);
      const doc = new Y.Doc();
      initBoard(doc, { title: 'Reader' });
      const reader = new BoardReader(doc);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      for (let step = 0; step < 300; step++) {
        const cards = readCards(doc);
        const r = rand();
        if (r < 0.3 || cards.length < 4) addCard(doc, { column: pick(COLUMN_IDS), text: `card ${step}` });
        else if (r < 0.5) setCardText(doc, pick(cards).id, `edited ${step}`);
        else if (r < 0.6) moveCard(doc, pick(cards).id, pick(COLUMN_IDS), Math.floor(rand() * 5));
        else if (r < 0.65) deleteCard(doc, pick(cards).id);
        else if (r < 0.8) {
          const from = pick(cards);
          const to = cards.find((c) => COLUMN_IDS.indexOf(c.column) === COLUMN_IDS.indexOf(from.column) - 1);
          if (to) addLink(doc, from.id, to.id);
        } else if (r < 0.85) {
          const link = pick(readBoard(doc).links.length ? readBoard(doc).links : [undefined]);
          if (link) deleteLink(doc, link.id);
        } else if (r < 0.9) {
          const taken = new Set(readBoard(doc).commitments.map((c) => c.card));
          const initiative = cards.find((c) => c.column === 'initiative' && !taken.has(c.id));
          if (initiative) promoteToCommitment(doc, initiative.id, { title: `Commit ${step}`, owner: 'Ann', due: '2027-01-01', checkpoint: '2026-12-15', indicators: [], definitionOfDone: 'Done' });
        } else if (r < 0.95) {
          const indicator = cards.find((c) => c.column === 'indicator');
          if (indicator) updateCardFields(doc, indicator.id, { unit: '%', targetValue: step });
        } else setBoardTitle(doc, `Title ${step}`);
        if (rand() < 0.5) expect(reader.read(), `seed ${seed}, step ${step}`).toEqual(readBoard(doc));
      }
      expect(reader.read()).toEqual(readBoard(doc));
      reader.destroy();
    }
  });

  it('re-reads only the card that changed: the others keep their identity', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Reader' });
    const ids = Array.from({ length: 50 }, (_, i) => addCard(doc, { column: 'value', text: `v${i}` }));
    const reader = new BoardReader(doc);
    const before = reader.read();
    expect(reader.read()).toBe(before);
    setCardText(doc, ids[7]!, 'typed');
    const after = reader.read();
    expect(after.cards.find((c) => c.id === ids[7])!.text).toBe('typed');
    expect(after.cards.filter((c, i) => c !== before.cards[i]).map((c) => c.id)).toEqual([ids[7]]);
    expect(after.links).toBe(before.links);
    expect(after.commitments).toBe(before.commitments);
  });
});
