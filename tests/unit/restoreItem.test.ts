/**
 * Restoring one removed card, commitment or link from a history version: what
 * comes back with it (pure plan), and that nothing else on the board rolls back.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, deleteLink, exportBoardJson, initBoard, LOCAL_ORIGIN, putCommitment, readBoard, readCard, readCommitments, readLinks,
  recordConsent, setCardText,
} from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { groupCards, readGroups } from '../../shared/doc/ext-groups.ts';
import { addComment, readActivity, readThreads, restoreItem } from '../../shared/doc/review.ts';
import type { Commitment, ConsentRecord } from '../../shared/model.ts';
import { planItemRestore, restorableItems } from '../../shared/review/restoreItem.ts';

const agreed: ConsentRecord = { at: '2026-03-10T10:00:00.000Z', method: 'thumbs', participants: ['Ana'], outcome: 'agreed', responses: [{ name: 'Ana', value: 'up' }] };

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Restore one', createdAt: Date.UTC(2026, 2, 1) });
  addCard(doc, { id: 'goal', column: 'goal', text: 'Win enterprise deals' });
  addCard(doc, { id: 'seg', column: 'segment', text: 'Regulated enterprises' });
  addCard(doc, { id: 'val', column: 'value', text: 'Pass review fast' });
  addCard(doc, { id: 'beh', column: 'behaviour', text: 'Approve without a call' });
  addCard(doc, { id: 'ind', column: 'indicator', text: 'Reviews passed first time', unit: '%' });
  addCard(doc, { id: 'ind2', column: 'indicator', text: 'Days to approval' });
  addCard(doc, { id: 'ini', column: 'initiative', text: 'SOC 2 evidence pack', initiativeType: 'delivery' });
  addCard(doc, { id: 'ini2', column: 'initiative', text: 'Trust centre page' });
  addLink(doc, 'seg', 'goal', '', LOCAL_ORIGIN, 'l-sg');
  addLink(doc, 'val', 'seg', '', LOCAL_ORIGIN, 'l-vs');
  addLink(doc, 'beh', 'val', '', LOCAL_ORIGIN, 'l-bv');
  addLink(doc, 'ind', 'beh', '', LOCAL_ORIGIN, 'l-ib');
  addLink(doc, 'ini', 'ind', 'A ready pack ends the call', LOCAL_ORIGIN, 'l-ni');
  addLink(doc, 'ini', 'ind2', 'Reviewers approve faster', LOCAL_ORIGIN, 'l-ni2');
  const commitment: Commitment = { id: 'c1', card: 'ini', title: 'SOC 2 evidence pack', owner: 'Ana', contributors: [], due: '2026-09-30', status: 'agreed', indicators: ['ind', 'ind2'], consents: [agreed] };
  putCommitment(doc, commitment);
  addLink(doc, 'ini2', 'ind', '', LOCAL_ORIGIN, 'l-oi');
  putCommitment(doc, {
    id: 'c2', card: 'ini2', title: 'Trust centre', owner: 'Ben', contributors: [], due: '2026-10-30', checkpoint: '2026-08-30', definitionOfDone: 'Live',
    status: 'proposed', indicators: ['ind'],
  });
  return doc;
}

describe('planItemRestore (pure)', () => {
  it('a card comes back with its fields and its links to cards on the board; links to cards that are gone are named', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    deleteCard(doc, 'ini');
    deleteCard(doc, 'ind2');
    const result = planItemRestore(snapshot, readBoard(doc), { kind: 'card', id: 'ini' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.cards).toEqual([expect.objectContaining({ id: 'ini', text: 'SOC 2 evidence pack', initiativeType: 'delivery' })]);
    expect(result.plan.links).toEqual([{ id: 'l-ni', from: 'ini', to: 'ind', assumption: 'A ready pack ends the call' }]);
    expect(result.plan.commitment).toBeUndefined();
    expect(result.plan.left).toEqual(['1 link to cards no longer on the board']);
  });

  it('a commitment comes back with its consent, and with its card when that is gone too; missing indicators are named', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    deleteCard(doc, 'ini');
    deleteCard(doc, 'ind2');
    const result = planItemRestore(snapshot, readBoard(doc), { kind: 'commitment', id: 'c1' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.cards.map((c) => c.id)).toEqual(['ini']);
    expect(result.plan.commitment).toMatchObject({ id: 'c1', status: 'agreed', consents: [agreed], indicators: ['ind'] });
    expect(result.plan.left).toEqual(['1 link to cards no longer on the board', '1 success indicator no longer on the board']);
  });

  it('refuses what is on the board, what the version lacks, and a commitment whose initiative has another one now', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    expect(planItemRestore(snapshot, readBoard(doc), { kind: 'card', id: 'ini' })).toEqual({ ok: false, reason: 'that card is on the board' });
    expect(planItemRestore(snapshot, readBoard(doc), { kind: 'card', id: 'nope' })).toEqual({ ok: false, reason: 'that card is not in this version' });
    doc.getMap('commitments').delete('c2');
    putCommitment(doc, { id: 'c3', card: 'ini2', title: 'Trust centre v2', owner: 'Ben', contributors: [], status: 'proposed', indicators: [] });
    expect(planItemRestore(snapshot, readBoard(doc), { kind: 'commitment', id: 'c2' })).toEqual({ ok: false, reason: 'its initiative has another commitment now (“Trust centre v2”)' });
    deleteLink(doc, 'l-vs');
    deleteCard(doc, 'seg');
    expect(planItemRestore(snapshot, readBoard(doc), { kind: 'link', id: 'l-vs' })).toEqual({ ok: false, reason: 'one of its cards is no longer on the board: restore that card first' });
  });

  it('lists what of a version can be restored onto the board now', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    deleteCard(doc, 'ini2');
    deleteLink(doc, 'l-bv');
    const items = restorableItems(snapshot, readBoard(doc));
    expect([...items.cards]).toEqual(['ini2']);
    expect([...items.commitments]).toEqual(['c2']);
    expect([...items.links]).toEqual(['l-bv']);
  });
});

describe('restoreItem', () => {
  it('restoring one removed card leaves every later change in place', () => {
    const doc = board();
    groupCards(doc, ['ini', 'ini2'], 'Trust');
    addComment(doc, 'ini', { author: 'Ben', text: 'Legal has the letter', mentions: [] });
    const snapshot = exportBoardJson(doc, 'board-1');
    // Later: the card goes, a consent round agrees c2, someone edits a card, adds one, removes a link.
    deleteCard(doc, 'ini');
    recordConsent(doc, 'c2', { ...agreed, at: '2026-03-12T10:00:00.000Z' });
    setCardText(doc, 'goal', 'Win enterprise deals worth 2M ARR');
    const added = addCard(doc, { column: 'segment', text: 'Public sector' });
    deleteLink(doc, 'l-bv');
    const later = readBoard(doc);

    const undo = new Y.UndoManager(boardUndoScope(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    restoreItem(doc, snapshot, { kind: 'card', id: 'ini' }, LOCAL_ORIGIN, { who: 'Fran', snapshot: 'snap1' });
    const now = readBoard(doc);
    // The card is back with its fields, its links and its comment and cluster …
    expect(readCard(doc, 'ini')).toEqual(snapshot.cards.find((c) => c.id === 'ini'));
    expect(readLinks(doc).filter((l) => l.from === 'ini').map((l) => l.id).sort()).toEqual(['l-ni', 'l-ni2']);
    expect(readThreads(doc, 'ini')).toHaveLength(1);
    expect(readGroups(doc)[0]?.cards).toEqual(['ini', 'ini2']);
    // … its commitment is a separate item and stays removed …
    expect(readCommitments(doc).map((c) => c.id)).toEqual(['c2']);
    // … and every later change is still there.
    expect(now.commitments.find((c) => c.id === 'c2')?.status).toBe('agreed');
    expect(now.cards.find((c) => c.id === 'goal')?.text).toBe('Win enterprise deals worth 2M ARR');
    expect(now.cards.some((c) => c.id === added)).toBe(true);
    expect(now.links.some((l) => l.id === 'l-bv')).toBe(false);
    expect(now.decisions).toEqual(later.decisions);
    expect(readActivity(doc).at(-1)).toMatchObject({ kind: 'item-restored', who: 'Fran', card: 'ini', snapshot: 'snap1' });
    // One undo step takes the restore back, exactly.
    undo.undo();
    expect(readBoard(doc)).toEqual(later);
  });

  it('restoring a removed commitment brings back its consent history and its card; nothing else changes', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    deleteCard(doc, 'ini');
    setCardText(doc, 'ini2', 'Trust centre page, public');
    const later = readBoard(doc);
    restoreItem(doc, snapshot, { kind: 'commitment', id: 'c1' });
    const now = readBoard(doc);
    expect(now.commitments.find((c) => c.id === 'c1')).toMatchObject({ status: 'agreed', consents: [agreed], indicators: ['ind', 'ind2'] });
    expect(now.cards.filter((c) => !later.cards.some((l) => l.id === c.id)).map((c) => c.id)).toEqual(['ini']);
    expect(now.cards.find((c) => c.id === 'ini2')?.text).toBe('Trust centre page, public');
    expect(now.commitments.find((c) => c.id === 'c2')).toEqual(later.commitments.find((c) => c.id === 'c2'));
  });

  it('throws without writing when it cannot', () => {
    const doc = board();
    const snapshot = exportBoardJson(doc, 'board-1');
    const before = Y.encodeStateVector(doc);
    expect(() => restoreItem(doc, snapshot, { kind: 'card', id: 'ini' })).toThrow('cannot restore: that card is on the board');
    expect(() => restoreItem(doc, { nope: true }, { kind: 'card', id: 'ini' })).toThrow(/invalid snapshot/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
