/**
 * Pure client logic of the commitments UI: names, status actions and order,
 * the trace-check status with overrides, export file names, where a revealed
 * card is centred, and the board snapshot keeping the decision log.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, initBoard, promoteToCommitment, readBoard, readDecisions, recordConsent, recordOverride, setCardText,
} from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import type { BoardSnapshot, Commitment } from '../../shared/model.ts';
import { formatNames, parseNames } from '../../client/derive/names.ts';
import { responseWord, sortedCommitments, statusActions } from '../../client/derive/labels.ts';
import { commitBlockers, findingGroups, traceStatus } from '../../client/derive/traceStatus.ts';
import type { TraceFinding } from '../../shared/traceCheck.ts';
import { exportPath, fileNameFromDisposition } from '../../client/api/exports.ts';
import { centreOffset, uncovered } from '../../client/ui/revealCard.ts';
import { shareStructure } from '../../client/sync/structuralSharing.ts';
import { recordsOfStep, UndoHistory } from '../../client/sync/undoHistory.ts';
import { logUndoneDecisions, removeWithReason } from '../../shared/doc/removal.ts';

describe('names', () => {
  it('parses a typed list of contributors and writes it back', () => {
    expect(parseNames('Ana, Ben;  Cy ,, ana\nDee')).toEqual(['Ana', 'Ben', 'Cy', 'Dee']);
    expect(parseNames('  ')).toEqual([]);
    expect(formatNames(['Ana', 'Ben'])).toBe('Ana, Ben');
  });
});

describe('status actions and order', () => {
  it('offers only the allowed changes: agreeing and reopening have their own flows', () => {
    expect(statusActions('proposed', 'facilitator').map((a) => a.to)).toEqual(['dropped']);
    expect(statusActions('agreed', 'facilitator').map((a) => a.label)).toEqual(['Mark in progress', 'Mark done', 'Drop']);
    expect(statusActions('in-progress', 'facilitator').map((a) => a.to)).toEqual(['done', 'dropped']);
    expect(statusActions('done', 'facilitator')).toEqual([]);
    expect(statusActions('dropped', 'facilitator')).toEqual([]);
  });

  it('offers a participant only moving agreed work along: dropping is the facilitator\'s call', () => {
    expect(statusActions('proposed', 'participant')).toEqual([]);
    expect(statusActions('agreed', 'participant', true).map((a) => a.label)).toEqual(['Mark in progress', 'Mark done']);
    expect(statusActions('in-progress', 'participant', true).map((a) => a.to)).toEqual(['done']);
    // Someone else's commitment: nothing to offer.
    expect(statusActions('agreed', 'participant')).toEqual([]);
    expect(statusActions('in-progress', 'participant')).toEqual([]);
  });

  it('lists proposed first, then agreed, in progress, done, dropped, each in board order', () => {
    const c = (id: string, card: string, status: Commitment['status']): Commitment => ({ id, card, title: id, owner: '', contributors: [], status, indicators: [] });
    const cards = ['n1', 'n2', 'n3'].map((id) => ({ id, column: 'initiative' as const, text: id, order: id, createdAt: '', status: 'active' as const }));
    const sorted = sortedCommitments({ cards, commitments: [c('a', 'n3', 'agreed'), c('b', 'n2', 'proposed'), c('z', 'n1', 'agreed'), c('d', 'n1', 'dropped')] });
    expect(sorted.map((x) => x.id)).toEqual(['b', 'z', 'a', 'd']);
  });

  it('words responses for the record', () => {
    expect(responseWord('thumbs', 'down')).toBe('thumb down');
    expect(responseWord('fist-of-five', 0)).toBe('fist (block)');
    expect(responseWord('fist-of-five', 1)).toBe('1 finger');
    expect(responseWord('fist-of-five', 4)).toBe('4 fingers');
  });
});

/** A goal, and an initiative with a commitment that reaches no goal (one orphan finding). */
function orphanBoard() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Trace' });
  addCard(doc, { id: 'g', column: 'goal', text: 'Grow NRR' });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Import' });
  promoteToCommitment(doc, 'n', { id: 'm1' });
  return doc;
}

describe('traceStatus', () => {
  it('splits findings into open and overridden, naming the override that covers each', () => {
    const doc = orphanBoard();
    const before = traceStatus(readBoard(doc));
    expect(before.open.map((f) => f.kind)).toEqual(['orphan-commitment']);
    expect(before.overridden).toEqual([]);
    expect(commitBlockers(readBoard(doc))).toHaveLength(1);

    recordOverride(doc, { by: 'Fay', reason: 'Goal link agreed offline', findings: before.open, at: '2026-03-10T16:00:00.000Z' });
    const after = traceStatus(readBoard(doc));
    expect(after.open).toEqual([]);
    expect(after.overridden).toEqual([{ finding: before.open[0], override: expect.objectContaining({ by: 'Fay', reason: 'Goal link agreed offline' }) }]);
    expect(after.overrides).toHaveLength(1);
    expect(commitBlockers(readBoard(doc))).toEqual([]);

    // A new finding after the override is open again.
    addCard(doc, { id: 'n2', column: 'initiative', text: 'Webinars' });
    expect(traceStatus(readBoard(doc)).open.map((f) => f.kind)).toEqual(['orphan-initiative']);
    // Only an orphan commitment blocks closing Commit: an idea nobody proposed is for the room to look at.
    expect(traceStatus(readBoard(doc)).blocking).toEqual([]);
    expect(commitBlockers(readBoard(doc))).toEqual([]);
  });

  it('groups open findings by kind for the wall, naming a few cards of each and counting the rest', () => {
    const finding = (kind: TraceFinding['kind'], card: string): TraceFinding => ({ id: `${kind}:${card}`, kind, cards: [card], message: `about ${card}` });
    const open = [
      finding('orphan-commitment', 'c1'),
      ...Array.from({ length: 20 }, (_, i) => finding('orphan-initiative', `i${i}`)),
      finding('indicator-without-baseline', 'k1'),
    ];
    const groups = findingGroups(open, (id) => (id === 'k1' ? undefined : `Card ${id}`), 10);
    expect(groups.map((g) => [g.kind, g.count, g.names.length, g.more])).toEqual([
      ['orphan-commitment', 1, 1, 0], ['orphan-initiative', 20, 3, 17], ['indicator-without-baseline', 1, 1, 0],
    ]);
    expect(groups[1]!.names).toEqual(['Card i0', 'Card i1', 'Card i2']);
    expect(groups[2]!.names).toEqual(['about k1']);
  });
});

describe('exports', () => {
  it('builds the export URL, with the BOM only for CSV', () => {
    expect(exportPath('b 1', 'md')).toBe('/api/boards/b%201/export?format=md');
    expect(exportPath('b1', 'csv', true)).toBe('/api/boards/b1/export?format=csv&bom=1');
    expect(exportPath('b1', 'pdf', true)).toBe('/api/boards/b1/export?format=pdf');
  });

  it('takes the file name from Content-Disposition, never a path', () => {
    expect(fileNameFromDisposition('attachment; filename="q3-plan.md"', 'x')).toBe('q3-plan.md');
    expect(fileNameFromDisposition("attachment; filename=\"a.csv\"; filename*=UTF-8''Pl%C3%A4ne.csv", 'x')).toBe('Pläne.csv');
    expect(fileNameFromDisposition('attachment; filename=plain.ics', 'x')).toBe('plain.ics');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameFromDisposition('attachment; filename=".."', 'board.md')).toBe('board.md');
    expect(fileNameFromDisposition(null, 'board.md')).toBe('board.md');
  });
});

describe('revealing a card', () => {
  it('centres the card in the part of the canvas the panel leaves uncovered', () => {
    const canvas = { x: 0, y: 100, width: 1400, height: 800 };
    const panel = { x: 950, y: 100, width: 450, height: 800 };
    const visible = uncovered(canvas, panel);
    expect(visible).toEqual({ x: 0, y: 100, width: 950, height: 800 });
    expect(centreOffset({ x: 1200, y: 700, width: 200, height: 100 }, visible)).toEqual({ x: 475 - 1300, y: 500 - 750 });
    expect(uncovered(canvas, null)).toBe(canvas);
    expect(uncovered(canvas, { x: 1500, y: 0, width: 10, height: 10 })).toBe(canvas);
  });
});

describe('the board snapshot in the client', () => {
  it('keeps the decision log, with the same identity while it does not change', () => {
    const doc = orphanBoard();
    const first = shareStructure(undefined, readBoard(doc));
    expect(first.decisions).toEqual([]);
    const same = shareStructure(first, readBoard(doc));
    expect(same).toBe(first);
    recordOverride(doc, { by: 'Fay', reason: 'ok', findings: [] });
    const next = shareStructure(same, readBoard(doc));
    expect(next.decisions?.map((d) => d.kind)).toEqual(['override']);
    expect(next.cards).toBe(first.cards);
    const withoutLog: BoardSnapshot = { ...readBoard(doc) };
    delete withoutLog.decisions;
    expect(shareStructure(next, withoutLog).decisions).toBeUndefined();
  });

  it('undo never takes a decision-log entry back: the log is outside the undo scope, and undoing says so (undone, restored)', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Undo' });
    addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly planners' });
    addCard(doc, { id: 'n', column: 'initiative', text: 'Import' });
    addLink(doc, 'n', 'i');
    promoteToCommitment(doc, 'n', { id: 'm1', owner: 'Ana', due: '2026-09-30', checkpoint: '2026-06-30', definitionOfDone: 'Shipped' });
    const history = new UndoHistory(doc);
    const step = <T>(write: () => T): T => {
      const before = new Set(readDecisions(doc).map((d) => d.id));
      const out = history.step(write);
      history.tagDecisions(readDecisions(doc).filter((d) => !before.has(d.id)));
      return out;
    };
    step(() => recordConsent(doc, 'm1', { at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: ['Ana'], responses: [{ name: 'Ana', value: 'up' }], outcome: 'agreed' }));
    expect(readBoard(doc).commitments[0]?.status).toBe('agreed');
    logUndoneDecisions(doc, history.undo().entries, 'Fran', 'undo');
    expect(readBoard(doc).commitments[0]?.status).toBe('proposed');
    expect(readDecisions(doc).map((d) => d.kind)).toEqual(['consent', 'undone']);
    expect(readDecisions(doc)[1]).toMatchObject({ kind: 'undone', by: 'Fran', entry: readDecisions(doc)[0]!.id, what: 'Consent on “Import”: agreed' });
    // Redo: agreed again, and the log says so again.
    logUndoneDecisions(doc, history.redo(), 'Fran', 'redo');
    expect(readBoard(doc).commitments[0]?.status).toBe('agreed');
    expect(readDecisions(doc).map((d) => d.kind)).toEqual(['consent', 'undone', 'consent']);

    // A removal undone: card, link and commitment back; the removal entry stays and a restoral follows it.
    const removal = step(() => removeWithReason(doc, { card: 'n' }, { by: 'Fran', reason: 'Duplicate of the auditor pack' }));
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual(['i']);
    logUndoneDecisions(doc, history.undo().entries, 'Fran', 'undo');
    expect(readBoard(doc).cards.map((c) => c.id).sort()).toEqual(['i', 'n']);
    expect(readBoard(doc).commitments[0]?.status).toBe('agreed');
    const log = readDecisions(doc);
    expect(log.map((d) => d.kind)).toEqual(['consent', 'undone', 'consent', 'removal', 'restoral']);
    expect(log.at(-1)).toMatchObject({ kind: 'restoral', by: 'Fran', removal: removal.id, card: { id: 'n', column: 'initiative', text: 'Import' }, links: 1 });
    // A peer's entry is never on this person's undo stack, and nothing is taken out of the log.
    recordOverride(doc, { by: 'Other', reason: 'theirs', findings: [] }, { kind: 'peer' });
    history.undo();
    expect(readDecisions(doc).map((d) => (d.kind === 'override' ? d.by : d.kind))).toContain('Other');
    expect(boardUndoScope(doc)).not.toContain(doc.getArray('decisions'));
  });

  it('a pinned step (a participant\'s status move) is not undone: Undo says why and goes on to the step before it next time', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Pinned' });
    const history = new UndoHistory(doc);
    history.step(() => addCard(doc, { id: 'g', column: 'goal', text: 'Grow' }));
    history.step(() => addCard(doc, { id: 'h', column: 'goal', text: 'Keep' }));
    history.pin('Undo does not take Done back');
    expect(history.undo()).toEqual({ entries: [], refused: 'Undo does not take Done back' });
    expect(readBoard(doc).cards.map((c) => c.id).sort()).toEqual(['g', 'h']);
    // The pinned step stays done; the next Undo takes back the step before it.
    expect(history.undo().refused).toBeUndefined();
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual(['h']);
  });

  it('a guarded step (a restore) is undone while its check passes, and refused with why once what came after would go with it', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Guarded' });
    const history = new UndoHistory(doc);
    let agreedSince = false;
    history.step(() => addCard(doc, { id: 'g', column: 'goal', text: 'Grow' }));
    history.guard(() => (agreedSince ? 'a commitment was agreed since' : undefined));
    agreedSince = true;
    expect(history.undo()).toEqual({ entries: [], refused: 'a commitment was agreed since' });
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual(['g']);
    history.step(() => addCard(doc, { id: 'h', column: 'goal', text: 'Keep' }));
    history.guard(() => undefined);
    expect(history.undo().refused).toBeUndefined();
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual(['g']);
  });
  it('knows the cards a step wrote, and a check of them refuses an Undo the server would refuse (a participant\'s edit of what became agreed)', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Checked' });
    addCard(doc, { id: 'g', column: 'goal', text: 'Grow' });
    addCard(doc, { id: 's', column: 'segment', text: 'SMB' });
    const history = new UndoHistory(doc);
    history.step(() => setCardText(doc, 'g', 'Grow ARR'));
    history.step(() => {
      setCardText(doc, 's', 'SMB teams');
      addCard(doc, { id: 'n', column: 'segment', text: 'New' });
    });
    const stack = (history as unknown as { manager: Y.UndoManager }).manager.undoStack;
    expect([...recordsOfStep(doc, stack[1]!).cards].sort()).toEqual(['n', 's']);
    expect([...recordsOfStep(doc, stack[0]!).cards]).toEqual(['g']);
    history.check = ({ cards }) => (cards.has('g') ? 'Grow is agreed content now' : undefined);
    expect(history.undo().refused).toBeUndefined();
    expect(history.undo()).toEqual({ entries: [], refused: 'Grow is agreed content now' });
    expect(readBoard(doc).cards.find((c) => c.id === 'g')?.text).toBe('Grow ARR');
  });
});
