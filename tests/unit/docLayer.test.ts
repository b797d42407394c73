/**
 * The board document layer: typed operations and validated reads over Yjs.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, deleteLink, exportBoardJson, initBoard, moveCard, putCommitment, readBoardInfo, readCard,
  readCards, readCommitments, readLinks, setBoardTitle, setCardText, setLinkAssumption, sortedCards, updateCardFields,
  validateBoardJson, type NewCard,
} from '../../shared/doc/index.ts';
import type { ColumnId, Commitment } from '../../shared/model.ts';

function newBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Doc layer', createdAt: Date.UTC(2026, 2, 1) });
  return doc;
}

function card(doc: Y.Doc, column: ColumnId, text: string, extra: Partial<NewCard> = {}): string {
  return addCard(doc, { column, text, ...extra });
}

/** Texts of a column's cards in display order. */
function columnTexts(doc: Y.Doc, column: ColumnId): string[] {
  return sortedCards(doc, column).map((c) => c.text);
}

/** Exchanges full state both ways (what a sync round does). */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** A second peer holding a copy of `doc`. */
function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

function commitmentOn(cardId: string, extra: Partial<Commitment> = {}): Commitment {
  return { id: `m-${cardId}`, card: cardId, title: 'Ship it', owner: 'Ana', contributors: [], due: '2026-09-30', status: 'proposed', indicators: [], ...extra };
}

describe('adding and ordering cards', () => {
  it('appends to the end of a column, or after a given card', () => {
    const doc = newBoard();
    const a = card(doc, 'value', 'A');
    card(doc, 'value', 'C');
    card(doc, 'value', 'B', { after: a });
    card(doc, 'goal', 'G');
    expect(columnTexts(doc, 'value')).toEqual(['A', 'B', 'C']);
    expect(readCards(doc).map((c) => c.column)).toEqual(['goal', 'value', 'value', 'value']);
  });

  it('moveCard reorders within a column by index among the other cards', () => {
    const doc = newBoard();
    const [a, b, , d] = ['A', 'B', 'C', 'D'].map((t) => card(doc, 'value', t)) as [string, string, string, string];
    moveCard(doc, d, 'value', 0);
    expect(columnTexts(doc, 'value')).toEqual(['D', 'A', 'B', 'C']);
    moveCard(doc, a, 'value', 2);
    expect(columnTexts(doc, 'value')).toEqual(['D', 'B', 'A', 'C']);
    moveCard(doc, b, 'value', 3);
    expect(columnTexts(doc, 'value')).toEqual(['D', 'A', 'C', 'B']);
  });

  it('moveCard clamps the index (negative, past the end, NaN, fractions)', () => {
    const doc = newBoard();
    const [a, b, c] = ['A', 'B', 'C'].map((t) => card(doc, 'segment', t)) as [string, string, string];
    moveCard(doc, c, 'segment', -5);
    expect(columnTexts(doc, 'segment')).toEqual(['C', 'A', 'B']);
    moveCard(doc, c, 'segment', 99);
    expect(columnTexts(doc, 'segment')).toEqual(['A', 'B', 'C']);
    moveCard(doc, a, 'segment', Number.NaN);
    expect(columnTexts(doc, 'segment')).toEqual(['B', 'C', 'A']);
    moveCard(doc, b, 'segment', 1.7);
    expect(columnTexts(doc, 'segment')).toEqual(['C', 'B', 'A']);
    const orders = sortedCards(doc, 'segment').map((x) => x.order);
    expect(new Set(orders).size).toBe(3);
  });

  it('moving to another column places the card there, drops its links and the fields of the old column', () => {
    const doc = newBoard();
    const value = card(doc, 'value', 'Less admin');
    const behaviour = card(doc, 'behaviour', 'Teams plan weekly', { actor: 'Team lead', current: 'ad hoc', desired: 'every Monday' });
    const indicator = card(doc, 'indicator', 'Weekly planners');
    const first = card(doc, 'value', 'Faster onboarding');
    addLink(doc, behaviour, value, 'We believe planning saves admin');
    addLink(doc, indicator, behaviour);
    moveCard(doc, behaviour, 'value', 0);
    expect(columnTexts(doc, 'value')).toEqual(['Teams plan weekly', 'Less admin', 'Faster onboarding']);
    expect(readLinks(doc)).toEqual([]);
    expect(readCard(doc, behaviour)).not.toHaveProperty('actor');
    // Moving back does not resurrect the fields or the links.
    moveCard(doc, behaviour, 'behaviour', 0);
    expect(readCard(doc, behaviour)?.actor).toBeUndefined();
    expect(readLinks(doc)).toEqual([]);
    expect(readCard(doc, first)?.column).toBe('value');
  });

  it('moving an initiative out of its column removes its commitments', () => {
    const doc = newBoard();
    const initiative = card(doc, 'initiative', 'Onboarding checklist');
    putCommitment(doc, commitmentOn(initiative));
    moveCard(doc, initiative, 'indicator', 0);
    moveCard(doc, initiative, 'initiative', 0);
    expect(readCommitments(doc)).toEqual([]);
  });

  it('a new card is one small update (≤ 200 bytes)', () => {
    const doc = newBoard();
    for (let i = 0; i < 20; i++) card(doc, 'value', `Card ${i}`);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    card(doc, 'indicator', 'Weekly active teams', { author: 'Ana María' });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.byteLength).toBeLessThanOrEqual(200);
  });
});

describe('deleting cards', () => {
  it('removes the card, its links and the commitments promoted from it', () => {
    const doc = newBoard();
    const indicator = card(doc, 'indicator', 'Activation rate');
    const behaviour = card(doc, 'behaviour', 'Invite a teammate');
    const initiative = card(doc, 'initiative', 'Invite flow');
    const other = card(doc, 'initiative', 'Webinar');
    addLink(doc, initiative, indicator);
    const kept = addLink(doc, indicator, behaviour);
    addLink(doc, other, indicator);
    putCommitment(doc, commitmentOn(initiative, { indicators: [indicator] }));
    putCommitment(doc, commitmentOn(other, { indicators: [indicator] }));
    deleteCard(doc, initiative);
    expect(readCard(doc, initiative)).toBeUndefined();
    expect(readLinks(doc).map((l) => l.from)).toEqual(expect.not.arrayContaining([initiative]));
    expect(readLinks(doc).map((l) => l.id)).toContain(kept);
    expect(readCommitments(doc).map((c) => c.card)).toEqual([other]);
  });

  it('a deleted success indicator disappears from commitments', () => {
    const doc = newBoard();
    const initiative = card(doc, 'initiative', 'Invite flow');
    const keep = card(doc, 'indicator', 'Invites sent');
    const gone = card(doc, 'indicator', 'Invites accepted');
    putCommitment(doc, commitmentOn(initiative, { indicators: [keep, gone] }));
    deleteCard(doc, gone);
    expect(readCommitments(doc)[0]?.indicators).toEqual([keep]);
    expect(validateBoardJson(exportBoardJson(doc, 'board1')).ok).toBe(true);
  });
});

describe('links', () => {
  it('normalise direction toward the goal and return the existing id for duplicates', () => {
    const doc = newBoard();
    const goal = card(doc, 'goal', 'NRR 115%');
    const segment = card(doc, 'segment', 'Mid-market');
    const id = addLink(doc, goal, segment, 'We believe mid-market expands');
    expect(readLinks(doc)).toEqual([{ id, from: segment, to: goal, assumption: 'We believe mid-market expands' }]);
    expect(addLink(doc, segment, goal)).toBe(id);
    expect(addLink(doc, goal, segment, 'other text')).toBe(id);
    expect(readLinks(doc)).toHaveLength(1);
  });

  it('reject cards that are not in neighbouring columns, the same column, or missing', () => {
    const doc = newBoard();
    const goal = card(doc, 'goal', 'G');
    const goal2 = card(doc, 'goal', 'G2');
    const value = card(doc, 'value', 'V');
    const initiative = card(doc, 'initiative', 'I');
    expect(() => addLink(doc, goal, value)).toThrow(/neighbouring/);
    expect(() => addLink(doc, initiative, goal)).toThrow(/neighbouring/);
    expect(() => addLink(doc, goal, goal2)).toThrow(/neighbouring/);
    expect(() => addLink(doc, goal, 'nope')).toThrow(/exist/);
    expect(readLinks(doc)).toEqual([]);
  });

  it('assumptions are collaborative text; deleteLink removes the link', () => {
    const doc = newBoard();
    const id = addLink(doc, card(doc, 'value', 'V'), card(doc, 'segment', 'S'));
    expect(readLinks(doc)[0]).not.toHaveProperty('assumption');
    setLinkAssumption(doc, id, 'We believe 🚀 matters');
    expect(readLinks(doc)[0]?.assumption).toBe('We believe 🚀 matters');
    deleteLink(doc, id);
    expect(readLinks(doc)).toEqual([]);
  });
});

describe('card fields', () => {
  it('sets and clears the fields of the card’s column', () => {
    const doc = newBoard();
    const id = card(doc, 'indicator', 'Activation');
    updateCardFields(doc, id, { unit: '%', baselineValue: 31.5, baselineAsOf: '2026-03-01', direction: 'increase' });
    expect(readCard(doc, id)).toMatchObject({ unit: '%', baselineValue: 31.5, baselineAsOf: '2026-03-01', direction: 'increase' });
    updateCardFields(doc, id, { unit: undefined, baselineValue: undefined });
    expect(readCard(doc, id)).not.toHaveProperty('unit');
    expect(readCard(doc, id)).not.toHaveProperty('baselineValue');
  });

  it('rejects fields of another column and invalid values, writing nothing', () => {
    const doc = newBoard();
    const id = card(doc, 'behaviour', 'Plan weekly');
    expect(() => updateCardFields(doc, id, { actor: 'Team lead', metric: 'ARR' })).toThrow(/does not apply/);
    expect(() => updateCardFields(doc, id, { current: 'never', confidence: 'high' })).toThrow(/does not apply/);
    expect(readCard(doc, id)).not.toHaveProperty('actor');
    expect(readCard(doc, id)).not.toHaveProperty('current');
    const ind = card(doc, 'indicator', 'Activation');
    for (const bad of [{ baselineValue: Number.NaN }, { baselineAsOf: '2026-13-01' }, { targetBy: 'next spring' }, { direction: 'sideways' }, { unit: 'x'.repeat(501) }]) {
      expect(() => updateCardFields(doc, ind, { unit: '%', ...bad } as never)).toThrow(/invalid value/);
    }
    expect(readCard(doc, ind)).not.toHaveProperty('unit');
  });
});

describe('collaborative card text', () => {
  it('merges two concurrent edits of one card', () => {
    const a = newBoard();
    const id = card(a, 'value', 'Teams save time on reporting');
    const b = peerOf(a);
    setCardText(a, id, 'Busy teams save time on reporting');
    setCardText(b, id, 'Teams save time on weekly reporting 📊');
    sync(a, b);
    const expected = 'Busy teams save time on weekly reporting 📊';
    expect(readCard(a, id)?.text).toBe(expected);
    expect(readCard(b, id)?.text).toBe(expected);
  });

  it('a text grown past the export limit by concurrent edits is read clipped, and exports', () => {
    const a = newBoard();
    const id = card(a, 'value', '');
    const b = peerOf(a);
    setCardText(a, id, 'a'.repeat(6_000));
    setCardText(b, id, '😀'.repeat(3_000));
    sync(a, b);
    const text = readCard(a, id)?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(10_000);
    expect(text.length).toBeGreaterThan(9_990);
    expect(validateBoardJson(exportBoardJson(a, 'board1')).ok).toBe(true);
  });
});

describe('commitments', () => {
  it('putCommitment rejects a non-initiative card, indicators that are not indicator cards and invalid fields', () => {
    const doc = newBoard();
    const initiative = card(doc, 'initiative', 'Pilot');
    const value = card(doc, 'value', 'V');
    expect(() => putCommitment(doc, commitmentOn(value))).toThrow(/initiative/);
    expect(() => putCommitment(doc, commitmentOn('missing'))).toThrow(/initiative/);
    expect(() => putCommitment(doc, commitmentOn(initiative, { indicators: [value] }))).toThrow(/indicator card/);
    expect(() => putCommitment(doc, commitmentOn(initiative, { due: '31/12/2026' }))).toThrow(/due/);
    expect(() => putCommitment(doc, { ...commitmentOn(initiative), trace: [] } as Commitment)).toThrow(/invalid commitment/);
    expect(readCommitments(doc)).toEqual([]);
    putCommitment(doc, commitmentOn(initiative, { checkpoint: '2026-07-01', contributors: ['Bo'] }));
    expect(readCommitments(doc)).toEqual([commitmentOn(initiative, { checkpoint: '2026-07-01', contributors: ['Bo'] })]);
  });

  it('a commitment promoted while another peer deletes or moves the initiative is not read', () => {
    const a = newBoard();
    const deleted = card(a, 'initiative', 'Deleted elsewhere');
    const moved = card(a, 'initiative', 'Moved elsewhere');
    const indicator = card(a, 'indicator', 'Moved indicator');
    const b = peerOf(a);
    putCommitment(a, commitmentOn(deleted));
    putCommitment(a, commitmentOn(moved, { indicators: [indicator] }));
    deleteCard(b, deleted);
    moveCard(b, moved, 'indicator', 0);
    moveCard(b, indicator, 'behaviour', 0);
    sync(a, b);
    expect(readCommitments(a)).toEqual([]);
    expect(readCommitments(b)).toEqual([]);
    expect(validateBoardJson(exportBoardJson(a, 'board1')).ok).toBe(true);
  });
});

describe('reads skip hostile values written straight into the document', () => {
  it('cards, links and commitments with wrong types or unknown columns are not read', () => {
    const doc = newBoard();
    const good = card(doc, 'goal', 'Real goal', { metric: 'NRR' });
    const initiative = card(doc, 'initiative', 'Real initiative');
    const cards = doc.getMap<unknown>('cards');
    const raw = (entries: Record<string, unknown>): Y.Map<unknown> => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(entries)) m.set(k, v);
      return m;
    };
    doc.transact(() => {
      cards.set('numcol', raw({ column: 42, order: 'a1', text: new Y.Text('x') }));
      cards.set('badcol', raw({ column: 'roadmap', order: 'a1', text: new Y.Text('x') }));
      cards.set('numorder', raw({ column: 'goal', order: 7, text: new Y.Text('x') }));
      cards.set('spaceorder', raw({ column: 'goal', order: 'a 1', text: new Y.Text('x') }));
      cards.set('bad id!', raw({ column: 'goal', order: 'a2', text: new Y.Text('x') }));
      cards.set('notamap', 'just a string');
      cards.set('__proto__', raw({ column: 'goal', order: 'a3', text: new Y.Text('proto') }));
      cards.set('odd', raw({
        column: 'goal', order: 'a4', text: 'plain string, not Y.Text', createdAt: 1e20, status: 'bogus', author: 5,
        metric: 42, actor: 'not a goal field',
      }));
      const links = doc.getMap<unknown>('links');
      links.set('l1', raw({ from: 5, to: good }));
      links.set('l2', raw({ from: 'odd', to: 'missing' }));
      links.set('l3', raw({ from: good, to: 'odd' }));
      const commitments = doc.getMap<unknown>('commitments');
      commitments.set('m1', raw({ card: initiative, title: 'x', owner: 'y', contributors: [], due: 'soon', status: 'agreed', indicators: [] }));
      // Through toJSON() a `__proto__` key would become the prototype and lend the commitment its fields.
      const proto = new Y.Map<unknown>();
      proto.set('__proto__', { card: initiative, title: 't', owner: 'o', contributors: [], due: '2026-01-01', status: 'agreed', indicators: [], polluted: true });
      commitments.set('m2', proto);
      commitments.set('m3', 'nope');
    });
    expect(readCards(doc).map((c) => c.id).sort()).toEqual([good, initiative, 'odd'].sort());
    expect(readCard(doc, 'odd')).toEqual({ id: 'odd', column: 'goal', order: 'a4', text: '', createdAt: '1970-01-01T00:00:00.000Z', status: 'active' });
    expect(readCard(doc, good)?.metric).toBe('NRR');
    expect(readLinks(doc)).toEqual([]);
    expect(readCommitments(doc)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(validateBoardJson(exportBoardJson(doc, 'board1')).ok).toBe(true);
  });

  it('board settings fall back to safe defaults', () => {
    const doc = newBoard();
    setBoardTitle(doc, '   ');
    doc.getMap('board').set('direction', 'up');
    doc.getMap('board').set('createdAt', Number.MAX_VALUE);
    expect(readBoardInfo(doc)).toEqual({ title: 'Untitled board', direction: 'rtl', createdAt: '1970-01-01T00:00:00.000Z' });
    setBoardTitle(doc, 'x'.repeat(300));
    expect(readBoardInfo(doc).title).toHaveLength(200);
    expect(validateBoardJson(exportBoardJson(doc, 'board1')).ok).toBe(true);
  });
});
