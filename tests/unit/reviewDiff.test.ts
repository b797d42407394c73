/**
 * What changed between two versions of a board (shared/review/diff.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, deleteLink, exportBoardJson, initBoard, moveCard, putCommitment, readLinks, setCardStatus, setCardText,
  setLinkAssumption, updateCardFields,
} from '../../shared/doc/index.ts';
import { diffBoards } from '../../shared/review/diff.ts';
import type { Commitment } from '../../shared/model.ts';

function guidedSetup(card: string, indicator: string, status: 'agreed' | 'in-progress'): Commitment {
  return { id: 'm1', card, title: 'Guided setup', owner: 'Ann', contributors: [], due: '2026-09-30', status, indicators: [indicator] };
}

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Diff', createdAt: Date.UTC(2026, 0, 1) });
  const goal = addCard(doc, { column: 'goal', text: 'Grow ARR', metric: 'ARR' });
  const seg1 = addCard(doc, { column: 'segment', text: 'SMB' });
  const seg2 = addCard(doc, { column: 'segment', text: 'Mid-market' });
  const seg3 = addCard(doc, { column: 'segment', text: 'Enterprise' });
  const value = addCard(doc, { column: 'value', text: 'Faster onboarding' });
  const indicator = addCard(doc, { column: 'indicator', text: 'Active teams' });
  const initiative = addCard(doc, { column: 'initiative', text: 'Guided setup' });
  addLink(doc, seg1, goal, 'SMB buys');
  addLink(doc, value, seg1);
  addLink(doc, initiative, indicator);
  putCommitment(doc, guidedSetup(initiative, indicator, 'agreed'));
  return { doc, goal, seg1, seg2, seg3, value, indicator, initiative };
}

describe('diffBoards', () => {
  it('is empty for the same board', () => {
    const { doc } = board();
    const json = exportBoardJson(doc, 'board-1');
    const diff = diffBoards(json, json);
    expect(diff.empty).toBe(true);
    expect(diff.cards).toEqual({ added: [], removed: [], edited: [], moved: [] });
  });

  it('lists cards added, removed, edited (text or fields) and moved (column or order)', () => {
    const { doc, goal, seg1, seg2, seg3, value } = board();
    const before = exportBoardJson(doc, 'board-1');
    const added = addCard(doc, { column: 'behaviour', text: 'Invite a teammate' });
    deleteCard(doc, seg2);
    setCardText(doc, goal, 'Grow ARR to 10M');
    updateCardFields(doc, goal, { metric: 'ARR (EUR)' });
    setCardStatus(doc, value, 'parked');
    moveCard(doc, seg3, 'segment', 0);
    moveCard(doc, seg1, 'value', 1);
    const after = exportBoardJson(doc, 'board-1');
    const diff = diffBoards(before, after);
    expect(diff.empty).toBe(false);
    expect(diff.cards.added).toEqual([{ id: added, column: 'behaviour', text: 'Invite a teammate' }]);
    expect(diff.cards.removed).toEqual([{ id: seg2, column: 'segment', text: 'Mid-market' }]);
    expect(diff.cards.edited).toEqual([
      { id: goal, column: 'goal', text: { before: 'Grow ARR', after: 'Grow ARR to 10M' }, fields: [{ field: 'metric', before: 'ARR', after: 'ARR (EUR)' }] },
      { id: value, column: 'value', fields: [{ field: 'status', before: 'active', after: 'parked' }] },
    ]);
    expect(diff.cards.moved).toEqual(expect.arrayContaining([
      { id: seg3, text: 'Enterprise', from: { column: 'segment', index: 2 }, to: { column: 'segment', index: 0 } },
      { id: seg1, text: 'SMB', from: { column: 'segment', index: 0 }, to: { column: 'value', index: 1 } },
    ]));
    // Cards pushed along by others' moves did not move themselves.
    expect(diff.cards.moved).toHaveLength(2);
    // Moving SMB out of its column dropped its links.
    expect(diff.links.removed.map((l) => l.from + '>' + l.to).sort()).toEqual([`${seg1}>${goal}`, `${value}>${seg1}`].sort());
  });

  it('lists links added, removed and with another assumption, by the cards they join', () => {
    const { doc, goal, seg1, seg2, value, indicator, initiative } = board();
    const before = exportBoardJson(doc, 'board-1');
    setLinkAssumption(doc, readLinks(doc).find((l) => l.from === seg1)!.id, 'SMB buys faster');
    addLink(doc, seg2, goal);
    deleteLink(doc, readLinks(doc).find((l) => l.from === initiative)!.id);
    // Re-creating a link between the same cards under a new id is no change.
    const old = readLinks(doc).find((l) => l.from === value)!;
    deleteLink(doc, old.id);
    addLink(doc, value, seg1);
    const diff = diffBoards(before, exportBoardJson(doc, 'board-1'));
    expect(diff.links.added.map((l) => [l.from, l.to])).toEqual([[seg2, goal]]);
    expect(diff.links.removed.map((l) => [l.from, l.to])).toEqual([[initiative, indicator]]);
    expect(diff.links.changed).toEqual([{ from: seg1, to: goal, before: 'SMB buys', after: 'SMB buys faster' }]);
  });

  it('lists commitment status changes, edits, and commitments added and removed', () => {
    const { doc, indicator, initiative } = board();
    const before = exportBoardJson(doc, 'board-1');
    putCommitment(doc, guidedSetup(initiative, indicator, 'in-progress'));
    const second = addCard(doc, { column: 'initiative', text: 'Pricing page' });
    putCommitment(doc, { id: 'm2', card: second, title: 'Pricing page', owner: 'Bob', contributors: [], status: 'proposed', indicators: [indicator] });
    const mid = exportBoardJson(doc, 'board-1');
    const diff = diffBoards(before, mid);
    expect(diff.commitments.statusChanged).toEqual([{ id: 'm1', title: 'Guided setup', from: 'agreed', to: 'in-progress' }]);
    expect(diff.commitments.added).toEqual([{ id: 'm2', title: 'Pricing page', status: 'proposed' }]);
    expect(diff.commitments.edited).toEqual([]);
    deleteCard(doc, second);
    const back = diffBoards(mid, exportBoardJson(doc, 'board-1'));
    expect(back.commitments.removed).toEqual([{ id: 'm2', title: 'Pricing page', status: 'proposed' }]);
    const edited = diffBoards(mid, (() => {
      const json = structuredClone(mid);
      json.commitments[1]!.owner = 'Cy';
      json.commitments[1]!.due = '2026-12-01';
      return json;
    })());
    expect(edited.commitments.edited).toEqual([{ id: 'm2', title: 'Pricing page', fields: ['owner', 'due'] }]);
  });
});
