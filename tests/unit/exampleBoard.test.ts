/**
 * The worked example board: valid, fully traced except the one intended orphan.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportBoardJson, initBoard, readBoard, validateBoardJson } from '../../shared/doc/index.ts';
import { goalTracer, traceFindings } from '../../shared/derive.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
import { localDay } from '../../shared/dates.ts';
import { isPastDue } from '../../shared/commitments.ts';
import { COLUMN_FIELDS, COLUMN_IDS, type Card } from '../../shared/model.ts';
import { BUILD_ORIGIN } from '../../shared/doc/index.ts';

function exampleDoc(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Teamflow — FY2026 value creation plan' }, BUILD_ORIGIN);
  buildExampleBoard(doc);
  return doc;
}

function byText(cards: readonly Card[], prefix: string): Card {
  const found = cards.find((c) => c.text.startsWith(prefix));
  if (!found) throw new Error(`no card starting with "${prefix}"`);
  return found;
}

describe('buildExampleBoard', () => {
  const doc = exampleDoc();
  const { cards, links, commitments } = readBoard(doc);

  it('exports valid board JSON', () => {
    const checked = validateBoardJson(exportBoardJson(doc, 'example-board'));
    expect(checked.ok ? 'ok' : checked.issue).toBe('ok');
  });

  it('is written in one update', () => {
    const fresh = new Y.Doc();
    initBoard(fresh, { title: 'x' }, BUILD_ORIGIN);
    let updates = 0;
    fresh.on('update', () => updates++);
    buildExampleBoard(fresh);
    expect(updates).toBe(1);
  });

  it('fills every column and every field of every card', () => {
    for (const column of COLUMN_IDS) expect(cards.filter((c) => c.column === column).length, column).toBeGreaterThanOrEqual(2);
    expect(cards.filter((c) => c.column === 'goal')).toHaveLength(2);
    expect(cards.filter((c) => c.column === 'initiative').length).toBeGreaterThanOrEqual(4);
    expect(cards.filter((c) => c.column === 'initiative').length).toBeLessThanOrEqual(6);
    for (const card of cards) {
      for (const field of COLUMN_FIELDS[card.column]) expect(card[field], `${card.text}: ${field}`).toBeDefined();
    }
    const functions = new Set(cards.map((c) => c.function).filter(Boolean));
    for (const f of ['product', 'marketing', 'sales', 'cs'] as const) expect(functions.has(f), f).toBe(true);
  });

  it('states an assumption on every link', () => {
    expect(links.length).toBeGreaterThan(15);
    for (const link of links) expect(link.assumption).toMatch(/^We believe /);
  });

  it('has a full chain from an initiative up to the NRR goal', () => {
    const initiative = byText(cards, 'CS-led kickoff');
    const trace = goalTracer(cards, links)(initiative.id);
    const columns = new Set(trace.map((id) => cards.find((c) => c.id === id)?.column));
    expect([...columns]).toEqual(['goal', 'segment', 'value', 'behaviour', 'indicator']);
    expect(trace).toContain(byText(cards, 'Grow net revenue retention to 115%').id);
  });

  it('has exactly the intended orphan and no dead-end goals', () => {
    const findings = traceFindings(cards, links);
    expect([...findings.orphans]).toEqual([byText(cards, 'Browser extension for agency time tracking').id]);
    expect([...findings.deadEnds]).toEqual([]);
  });

  it('has one proposed commitment with a success indicator and a trace to the goals', () => {
    expect(commitments).toHaveLength(1);
    const [commitment] = commitments;
    expect(commitment).toMatchObject({ status: 'proposed', card: byText(cards, 'CS-led kickoff').id, indicators: [byText(cards, 'Days to first').id] });
    const exported = exportBoardJson(doc, 'example-board').commitments[0];
    expect(exported?.trace.length).toBeGreaterThanOrEqual(4);
  });

  it('dates everything from the day it is made: baselines measured before, targets, checkpoint and due date ahead, so a fresh example is never overdue', () => {
    for (const today of ['2026-02-14', '2026-12-05', '2027-12-31', localDay()]) {
      const made = new Y.Doc();
      initBoard(made, { title: 'Example' }, BUILD_ORIGIN);
      buildExampleBoard(made, today);
      const board = readBoard(made);
      const indicators = board.cards.filter((c) => c.column === 'indicator');
      expect(indicators).toHaveLength(5);
      for (const card of indicators) {
        expect(card.baselineAsOf! < today, `${today}: ${card.text} baseline ${card.baselineAsOf}`).toBe(true);
        expect(card.targetBy! > today, `${today}: ${card.text} target ${card.targetBy}`).toBe(true);
      }
      const [commitment] = board.commitments;
      expect(commitment!.checkpoint! > today && commitment!.due! > commitment!.checkpoint!).toBe(true);
      expect(isPastDue(commitment!, today)).toBe(false);
      expect(board.cards.find((c) => c.column === 'goal')!.text).toMatch(/by the end of \d{4}$/);
      expect(Number(board.cards.find((c) => c.column === 'goal')!.text.slice(-4))).toBeGreaterThanOrEqual(Number(today.slice(0, 4)));
    }
    // Made in mid-February 2026: due at the end of June, checkpoint at the end of April, as the method's example reads.
    const feb = new Y.Doc();
    initBoard(feb, { title: 'Example' }, BUILD_ORIGIN);
    buildExampleBoard(feb, '2026-02-14');
    expect(readBoard(feb).commitments[0]).toMatchObject({ due: '2026-06-30', checkpoint: '2026-04-30', definitionOfDone: expect.stringMatching(/^Every mid-market account signed from May 2026 /) });
  });
});
