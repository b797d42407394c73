/** Clusters in the document layer (shared/doc/ext-groups.ts): merge, grow, rename, split, concurrent merges. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, moveCard, readCards, setCardStatus } from '../../shared/doc/index.ts';
import { groupCards, readGroups, renameGroup, splitGroup, ungroupCard } from '../../shared/doc/ext-groups.ts';

function boardWith(texts: string[], column: 'value' | 'goal' = 'value'): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  const ids = texts.map((text) => addCard(doc, { column, text }));
  return { doc, ids };
}

describe('clusters', () => {
  it('merges cards of one column into a labelled group and splits it again', () => {
    const { doc, ids } = boardWith(['a', 'b', 'c']);
    const id = groupCards(doc, [ids[0]!, ids[2]!], '  Faster   planning ');
    expect(readGroups(doc)).toEqual([{ id, label: 'Faster planning', column: 'value', cards: [ids[0], ids[2]] }]);
    renameGroup(doc, id, 'Planning speed');
    expect(readGroups(doc)[0]!.label).toBe('Planning speed');
    splitGroup(doc, id);
    expect(readGroups(doc)).toEqual([]);
    expect(doc.getMap('groupOf').size).toBe(0);
  });

  it('grows an existing group instead of making a second one', () => {
    const { doc, ids } = boardWith(['a', 'b', 'c']);
    const first = groupCards(doc, [ids[0]!, ids[1]!], 'One');
    const again = groupCards(doc, [ids[1]!, ids[2]!], '');
    expect(again).toBe(first);
    expect(readGroups(doc)).toEqual([{ id: first, label: 'One', column: 'value', cards: ids }]);
  });

  it('refuses cards of different columns or fewer than two cards', () => {
    const { doc, ids } = boardWith(['a']);
    const goal = addCard(doc, { column: 'goal', text: 'g' });
    expect(() => groupCards(doc, [ids[0]!, goal], 'x')).toThrow(/one column/);
    expect(() => groupCards(doc, [ids[0]!, 'missing'], 'x')).toThrow(/two cards/);
  });

  it('shows a group only while two live cards of its column are in it', () => {
    const { doc, ids } = boardWith(['a', 'b', 'c']);
    groupCards(doc, ids, 'All');
    moveCard(doc, ids[0]!, 'behaviour', 0);
    expect(readGroups(doc)[0]!.cards).toEqual([ids[1], ids[2]]);
    setCardStatus(doc, ids[1]!, 'parked');
    expect(readGroups(doc)).toEqual([]);
    setCardStatus(doc, ids[1]!, 'active');
    ungroupCard(doc, ids[2]!);
    expect(readGroups(doc)).toEqual([]);
  });

  it('keeps both of two concurrent merges of different cards', () => {
    const { doc: a, ids } = boardWith(['a', 'b', 'c', 'd']);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    groupCards(a, [ids[0]!, ids[1]!], 'From A');
    groupCards(b, [ids[2]!, ids[3]!], 'From B');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const labels = (doc: Y.Doc) => readGroups(doc, readCards(doc)).map((g) => [g.label, g.cards.length]).sort();
    expect(labels(a)).toEqual([['From A', 2], ['From B', 2]]);
    expect(labels(b)).toEqual(labels(a));
  });

  it('ignores junk a peer wrote into the group maps', () => {
    const { doc, ids } = boardWith(['a', 'b']);
    doc.getMap('groups').set('bad id!', 'nonsense');
    doc.getMap('groupOf').set(ids[0]!, 'bad id!');
    doc.getMap('groupOf').set(ids[1]!, 'bad id!');
    expect(readGroups(doc)).toEqual([]);
  });
});
