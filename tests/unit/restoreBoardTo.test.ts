/**
 * Restoring a board to a history snapshot through the document layer: one
 * transaction with the caller's origin, undoable, never destroying history.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addDecision, addLink, deleteCard, exportBoardJson, initBoard, LOCAL_ORIGIN, moveCard, putCommitment, readLinks,
  setCardText, setLinkAssumption, updateCardFields,
} from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import {
  addCheckIn, addComment, readActivity, readCheckIns, readThreads, restoreBoardTo,
} from '../../shared/doc/review.ts';
import type { BoardJson } from '../../shared/schema.ts';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Restore', createdAt: Date.UTC(2026, 0, 1) });
  const goal = addCard(doc, { column: 'goal', text: 'Grow ARR', metric: 'ARR' });
  const segment = addCard(doc, { column: 'segment', text: 'SMB' });
  const other = addCard(doc, { column: 'segment', text: 'Enterprise' });
  const indicator = addCard(doc, { column: 'indicator', text: 'Active teams', baselineValue: 10 });
  const initiative = addCard(doc, { column: 'initiative', text: 'Guided setup', confidence: 'high' });
  addLink(doc, segment, goal, 'SMB buys');
  addLink(doc, initiative, indicator, 'setup drives use');
  putCommitment(doc, { id: 'm1', card: initiative, title: 'Guided setup', owner: 'Ann', contributors: ['Bob'], due: '2026-09-30', status: 'agreed', indicators: [indicator] });
  return { doc, goal, segment, other, indicator, initiative };
}

/** The parts of the board a restore makes equal. */
const content = (json: BoardJson) => ({ cards: json.cards, links: json.links, commitments: json.commitments });
const exported = (doc: Y.Doc) => exportBoardJson(doc, 'board-1');

/** Changes every kind of thing a restore must undo. */
function scramble(doc: Y.Doc, ids: ReturnType<typeof board>): void {
  addCard(doc, { column: 'value', text: 'New value' });
  deleteCard(doc, ids.initiative); // with its link and commitment
  deleteCard(doc, ids.other);
  setCardText(doc, ids.goal, 'Grow ARR to 10M');
  updateCardFields(doc, ids.goal, { metric: 'ARR (EUR)' });
  updateCardFields(doc, ids.indicator, { baselineValue: undefined, unit: 'teams' });
  setLinkAssumption(doc, readLinks(doc)[0]!.id, 'changed');
  moveCard(doc, ids.segment, 'value', 0); // drops its link
  addCard(doc, { column: 'initiative', text: 'Replacement' });
}

describe('restoreBoardTo', () => {
  it('makes cards, links and commitments equal to the snapshot, keeping ids, in one transaction with the given origin', () => {
    const ids = board();
    const { doc } = ids;
    const snapshot = exported(doc);
    scramble(doc, ids);
    expect(content(exported(doc))).not.toEqual(content(snapshot));
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(restoreBoardTo(doc, snapshot, LOCAL_ORIGIN)).toBe(true);
    expect(origins).toEqual([LOCAL_ORIGIN]);
    expect(content(exported(doc))).toEqual(content(snapshot));
    // Restoring again changes nothing and writes nothing.
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(restoreBoardTo(doc, snapshot, LOCAL_ORIGIN)).toBe(false);
    expect(updates).toEqual([]);
  });

  it('can be undone (and redone) in one step by an undo manager tracking its origin', () => {
    const ids = board();
    const { doc } = ids;
    const snapshot = exported(doc);
    scramble(doc, ids);
    const before = exported(doc);
    const undo = new Y.UndoManager(boardUndoScope(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    restoreBoardTo(doc, snapshot, LOCAL_ORIGIN);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(content(exported(doc))).toEqual(content(before));
    undo.redo();
    expect(content(exported(doc))).toEqual(content(snapshot));
  });

  it('is not on the undo stack of an untracked origin', () => {
    const ids = board();
    const snapshot = exported(ids.doc);
    scramble(ids.doc, ids);
    const undo = new Y.UndoManager(boardUndoScope(ids.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    restoreBoardTo(ids.doc, snapshot, { kind: 'peer' });
    expect(undo.undoStack).toHaveLength(0);
  });

  it('never destroys history: comments, check-ins, decisions and the activity feed stay; comments find their restored card', () => {
    const ids = board();
    const { doc } = ids;
    const snapshot = exported(doc);
    const thread = addComment(doc, ids.initiative, { author: 'Ann', text: 'Scope?', mentions: [] });
    addCheckIn(doc, 'm1', { by: 'Ann', status: 'on-track', note: '', date: '2026-06-01' });
    addDecision(doc, { kind: 'override', by: 'Fay', reason: 'time', findings: [] });
    scramble(doc, ids);
    restoreBoardTo(doc, snapshot, LOCAL_ORIGIN, { who: 'Fay', snapshot: 'snap1', label: 'Before the vote' });
    expect(readThreads(doc, ids.initiative).map((t) => t.id)).toEqual([thread]);
    expect(readCheckIns(doc, 'm1')).toHaveLength(1);
    expect(exported(doc).decisions).toHaveLength(1);
    const last = readActivity(doc).at(-1)!;
    expect(last).toMatchObject({ kind: 'board-restored', who: 'Fay', snapshot: 'snap1', excerpt: 'Before the vote' });
    expect(readActivity(doc).map((e) => e.kind)).toEqual(['comment-added', 'check-in', 'board-restored']);
  });

  it('converges on a peer that receives the restore', () => {
    const ids = board();
    const { doc } = ids;
    const snapshot = exported(doc);
    scramble(doc, ids);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const sv = Y.encodeStateVector(peer);
    restoreBoardTo(doc, snapshot, LOCAL_ORIGIN);
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, sv));
    expect(content(exported(peer))).toEqual(content(snapshot));
  });

  it('rejects an invalid snapshot before writing anything', () => {
    const ids = board();
    const snapshot = exported(ids.doc);
    const updates: Uint8Array[] = [];
    ids.doc.on('update', (u: Uint8Array) => updates.push(u));
    const broken = structuredClone(snapshot);
    broken.links.push({ id: 'bad', from: ids.goal, to: 'nowhere' });
    expect(() => restoreBoardTo(ids.doc, broken, LOCAL_ORIGIN)).toThrow(/links\[2\]\.to/);
    expect(() => restoreBoardTo(ids.doc, { format: 'product-vcp' }, LOCAL_ORIGIN)).toThrow(/invalid snapshot/);
    expect(() => restoreBoardTo(ids.doc, null, LOCAL_ORIGIN)).toThrow(/invalid snapshot/);
    expect(updates).toEqual([]);
  });

  it('removes stray links that readers hide (stale or duplicate) so the restored board is exactly the snapshot', () => {
    const ids = board();
    const { doc } = ids;
    const snapshot = exported(doc);
    const links = doc.getMap<unknown>('links');
    const stale = new Y.Map<unknown>();
    stale.set('from', ids.goal);
    stale.set('to', 'gone');
    stale.set('assumption', new Y.Text(''));
    links.set('stale', stale);
    links.set('junk', 'not a link');
    expect(restoreBoardTo(doc, snapshot, LOCAL_ORIGIN)).toBe(true);
    expect([...links.keys()].sort()).toEqual(snapshot.links.map((l) => l.id).sort());
    expect(content(exported(doc))).toEqual(content(snapshot));
  });
  it('keeps agreed work as it is now: a version from before the agreement does not take it back', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Restore', createdAt: Date.UTC(2026, 0, 1) });
    const goal = addCard(doc, { column: 'goal', text: 'Grow ARR' });
    const indicator = addCard(doc, { column: 'indicator', text: 'Active teams' });
    const initiative = addCard(doc, { column: 'initiative', text: 'Guided setup' });
    const loose = addCard(doc, { column: 'segment', text: 'SMB' });
    putCommitment(doc, { id: 'm1', card: initiative, title: 'Guided setup', owner: 'Ann', contributors: [], due: '2026-09-30', status: 'proposed', indicators: [indicator] });
    const before = exported(doc); // before the room agreed, and before the trace was linked
    const link = addLink(doc, initiative, indicator, 'setup drives use');
    setCardText(doc, indicator, 'Active teams per week');
    setCardText(doc, loose, 'SMB (edited)');
    putCommitment(doc, {
      id: 'm1', card: initiative, title: 'Guided setup', owner: 'Ann', contributors: [], due: '2026-09-30', status: 'agreed', indicators: [indicator],
      consents: [{ at: '2026-01-02T10:00:00Z', method: 'fist-of-five', participants: ['Ann', 'Bob'], responses: [{ name: 'Ann', value: 5 }, { name: 'Bob', value: 4 }], outcome: 'agreed' }],
    });
    const agreed = exported(doc);
    expect(restoreBoardTo(doc, before, LOCAL_ORIGIN)).toBe(true);
    const now = exported(doc);
    // The commitment, its card, its indicator and their link are as agreed; the rest is the version's.
    expect(now.commitments).toEqual(agreed.commitments);
    expect(now.links.map((l) => l.id)).toEqual([link]);
    expect(now.cards.find((c) => c.id === indicator)?.text).toBe('Active teams per week');
    expect(now.cards.find((c) => c.id === loose)?.text).toBe('SMB');
    expect(now.cards.map((c) => c.id).sort()).toEqual([goal, indicator, initiative, loose].sort());
  });
});
