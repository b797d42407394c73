/**
 * Removing protected records: what a removal takes with it (pure), the
 * facilitator's removal with a reason (card or link and its decision-log entry
 * in one transaction), and that one Undo brings back everything a delete took.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, exportBoardJson, initBoard, LOCAL_ORIGIN, putCommitment, readBoard, readCard, readCommitments, readDecisions,
  readLinks, updateCardFields, validateBoardJson,
} from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { groupCards, readGroups } from '../../shared/doc/ext-groups.ts';
import { removeWithReason } from '../../shared/doc/removal.ts';
import { addComment, readThreads } from '../../shared/doc/review.ts';
import type { Commitment } from '../../shared/model.ts';
import { describeRemoval, removalImpact, removalSummary } from '../../shared/removal.ts';

const consent = { at: '2026-03-10T10:00:00.000Z', method: 'thumbs' as const, participants: ['Ana', 'Ben'], outcome: 'agreed' as const, responses: [{ name: 'Ana', value: 'up' as const }, { name: 'Ben', value: 'up' as const }] };

/** goal ← segment ← value ← behaviour ← indicator ← initiative "SOC 2 evidence pack" (agreed), and a second initiative. */
function soc2Board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Removal', createdAt: Date.UTC(2026, 2, 1) });
  const goal = addCard(doc, { id: 'goal', column: 'goal', text: 'Win enterprise deals', metric: 'ARR' });
  const segment = addCard(doc, { id: 'seg', column: 'segment', text: 'Regulated enterprises' });
  const value = addCard(doc, { id: 'val', column: 'value', text: 'Pass security review fast' });
  const behaviour = addCard(doc, { id: 'beh', column: 'behaviour', text: 'Approve without a call' });
  const indicator = addCard(doc, { id: 'ind', column: 'indicator', text: 'Reviews passed first time' });
  const initiative = addCard(doc, { id: 'ini', column: 'initiative', text: 'SOC 2 evidence pack', initiativeType: 'delivery', confidence: 'medium' });
  const other = addCard(doc, { id: 'ini2', column: 'initiative', text: 'Trust centre page' });
  addLink(doc, segment, goal, '', LOCAL_ORIGIN, 'l-sg');
  addLink(doc, value, segment, '', LOCAL_ORIGIN, 'l-vs');
  addLink(doc, behaviour, value, '', LOCAL_ORIGIN, 'l-bv');
  addLink(doc, indicator, behaviour, '', LOCAL_ORIGIN, 'l-ib');
  addLink(doc, initiative, indicator, 'We believe a ready pack ends the security call', LOCAL_ORIGIN, 'l-ni');
  addLink(doc, other, indicator, '', LOCAL_ORIGIN, 'l-oi');
  const commitment: Commitment = {
    id: 'c1', card: initiative, title: 'SOC 2 evidence pack', owner: 'Ana', contributors: ['Ben'], due: '2026-09-30', status: 'agreed',
    indicators: [indicator], consents: [consent],
  };
  putCommitment(doc, commitment);
  return { doc, ids: { goal, segment, value, behaviour, indicator, initiative, other } };
}

describe('removalImpact and its words', () => {
  it('a card carrying an agreed commitment takes the commitment and its links', () => {
    const { doc } = soc2Board();
    const impact = removalImpact(readBoard(doc), { card: 'ini' })!;
    expect(impact.card).toEqual({ id: 'ini', column: 'initiative', text: 'SOC 2 evidence pack' });
    expect(impact.commitments).toEqual([{ id: 'c1', title: 'SOC 2 evidence pack', status: 'agreed' }]);
    expect(impact.traces).toEqual([]);
    expect(impact.links).toBe(1);
    expect(describeRemoval(impact)).toBe('Removes the agreed commitment “SOC 2 evidence pack” and 1 link.');
    expect(removalSummary(impact)).toBe('card “SOC 2 evidence pack” (Initiatives) with the agreed commitment “SOC 2 evidence pack” and 1 link');
  });

  it('a card on the trace names the commitment whose trace it cuts', () => {
    const { doc } = soc2Board();
    const impact = removalImpact(readBoard(doc), { card: 'ind' })!;
    expect(impact.commitments).toEqual([]);
    expect(impact.traces.map((c) => c.id)).toEqual(['c1']);
    expect(impact.links).toBe(3);
    expect(describeRemoval(impact)).toBe('Removes 3 links; cuts the trace of the agreed commitment “SOC 2 evidence pack” to its goal.');
  });

  it('a link on the trace', () => {
    const { doc } = soc2Board();
    const impact = removalImpact(readBoard(doc), { link: 'l-vs' })!;
    expect(impact.link).toEqual({ id: 'l-vs', from: 'val', to: 'seg', fromText: 'Pass security review fast', toText: 'Regulated enterprises' });
    expect(describeRemoval(impact)).toBe('Removes the link “Pass security review fast” → “Regulated enterprises”; cuts the trace of the agreed commitment “SOC 2 evidence pack” to its goal.');
  });

  it('nothing to say about a card or link that is not there', () => {
    const { doc } = soc2Board();
    expect(removalImpact(readBoard(doc), { card: 'nope' })).toBeUndefined();
    expect(removalImpact(readBoard(doc), { link: 'nope' })).toBeUndefined();
  });
});

describe('removeWithReason', () => {
  it('deletes the card and logs who, why and what went with it, in one transaction', () => {
    const { doc } = soc2Board();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const entry = removeWithReason(doc, { card: 'ini' }, { by: 'Fran', reason: 'Duplicate of the trust centre work', at: '2026-03-11T09:00:00.000Z' });
    expect(transactions).toBe(1);
    expect(readCard(doc, 'ini')).toBeUndefined();
    expect(readCommitments(doc)).toEqual([]);
    const log = readDecisions(doc);
    expect(log[log.length - 1]).toEqual(entry);
    expect(entry).toMatchObject({ kind: 'removal', by: 'Fran', reason: 'Duplicate of the trust centre work', links: 1, commitments: [{ id: 'c1' }] });
    // The board JSON with a removal in its log still validates (export → import).
    expect(validateBoardJson(exportBoardJson(doc, 'board-removal')).ok).toBe(true);
  });

  it('refuses a blank reason and a missing card without writing anything', () => {
    const { doc } = soc2Board();
    const before = Y.encodeStateVector(doc);
    expect(() => removeWithReason(doc, { card: 'ini' }, { by: 'Fran', reason: '   ' })).toThrow(/reason/);
    expect(() => removeWithReason(doc, { card: 'gone' }, { by: 'Fran', reason: 'x' })).toThrow(/no such card/);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('removes a link on the trace', () => {
    const { doc } = soc2Board();
    removeWithReason(doc, { link: 'l-vs' }, { by: 'Fran', reason: 'The value does not serve this segment' });
    expect(readLinks(doc).map((l) => l.id)).not.toContain('l-vs');
    expect(readDecisions(doc).at(-1)).toMatchObject({ kind: 'removal', link: { id: 'l-vs' }, traces: [{ id: 'c1' }], links: 1 });
  });
});

describe('one Undo brings back everything a delete took', () => {
  /** The browser's undo manager: the board's undo scope, tracking this person's own writes. */
  const undoManagerOf = (doc: Y.Doc) => new Y.UndoManager(boardUndoScope(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });

  it('card, fields, links with assumptions, commitment with its consent, comments and cluster membership', () => {
    const { doc } = soc2Board();
    const third = addCard(doc, { id: 'ini3', column: 'initiative', text: 'Security FAQ' });
    groupCards(doc, ['ini', 'ini2', third], 'Trust material');
    addComment(doc, 'ini', { author: 'Ben', text: 'Legal has the auditor letter', mentions: [] });
    const before = readBoard(doc);
    const undo = undoManagerOf(doc);
    deleteCard(doc, 'ini');
    expect(readCard(doc, 'ini')).toBeUndefined();
    undo.undo();
    expect(readBoard(doc)).toEqual(before);
    expect(readCard(doc, 'ini')).toMatchObject({ initiativeType: 'delivery', confidence: 'medium' });
    expect(readLinks(doc).find((l) => l.id === 'l-ni')?.assumption).toBe('We believe a ready pack ends the security call');
    expect(readCommitments(doc)[0]?.consents).toEqual([consent]);
    expect(readThreads(doc, 'ini').map((t) => t.root.text)).toEqual(['Legal has the auditor letter']);
    expect(readGroups(doc).find((g) => g.label === 'Trust material')?.cards).toEqual(['ini', 'ini2', 'ini3']);
  });

  it('a facilitator removal undone brings the board back; its log entry stays (the log only grows); a peer sees the same', () => {
    const { doc } = soc2Board();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
    const before = readBoard(doc);
    const undo = undoManagerOf(doc);
    removeWithReason(doc, { card: 'ini' }, { by: 'Fran', reason: 'Out of scope this quarter' });
    expect(readDecisions(peer).map((d) => d.kind)).toContain('removal');
    undo.undo();
    const { decisions: _log, ...board } = readBoard(doc);
    const { decisions: _before, ...boardBefore } = before;
    expect(board).toEqual(boardBefore);
    expect(readDecisions(doc).map((d) => d.kind)).toEqual([...(before.decisions ?? []).map((d) => d.kind), 'removal']);
    expect(readBoard(peer)).toEqual(readBoard(doc));
  });

  it('a field edited and then the card deleted: undo of the delete restores the edited field', () => {
    const { doc } = soc2Board();
    const undo = undoManagerOf(doc);
    updateCardFields(doc, 'ini', { evidence: 'tested' });
    undo.stopCapturing();
    deleteCard(doc, 'ini');
    undo.undo();
    expect(readCard(doc, 'ini')?.evidence).toBe('tested');
  });
});
