/**
 * Clusters are in the board's undo scope: grouping, splitting and a card's
 * grouping drop are taken back by Undo like any other board change, and
 * someone else's grouping never is.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, BUILD_ORIGIN, readCards } from '../../shared/doc/index.ts';
import { groupCards, readGroups, splitGroup } from '../../shared/doc/ext-groups.ts';
import { UndoHistory } from '../../client/sync/undoHistory.ts';

function board(): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  for (const text of ['Grow ARR', 'Grow recurring revenue', 'Cut churn', 'Reduce churn']) addCard(doc, { column: 'goal', text }, BUILD_ORIGIN);
  return { doc, ids: readCards(doc).map((c) => c.id) };
}
const labels = (doc: Y.Doc) => readGroups(doc).map((g) => `${g.label}: ${g.cards.length}`);

describe('undo and clusters', () => {
  it('undoes and redoes a grouping and a split, label and members included', () => {
    const { doc, ids } = board();
    const history = new UndoHistory(doc);
    const group = history.step(() => groupCards(doc, [ids[0]!, ids[1]!], 'Revenue'));
    history.step(() => groupCards(doc, [ids[2]!, ids[3]!], 'Churn'));
    history.step(() => splitGroup(doc, group));
    expect(labels(doc)).toEqual(['Churn: 2']);
    history.undo();
    expect(labels(doc)).toEqual(['Revenue: 2', 'Churn: 2']);
    history.undo();
    expect(labels(doc)).toEqual(['Revenue: 2']);
    history.undo();
    expect(labels(doc)).toEqual([]);
    history.redo();
    history.redo();
    expect(labels(doc)).toEqual(['Revenue: 2', 'Churn: 2']);
  });

  it('never takes back a grouping made by someone else', () => {
    const { doc, ids } = board();
    const history = new UndoHistory(doc);
    groupCards(doc, [ids[0]!, ids[1]!], 'Revenue', BUILD_ORIGIN);
    expect(history.getState().canUndo).toBe(false);
    history.undo();
    expect(labels(doc)).toEqual(['Revenue: 2']);
  });
});
