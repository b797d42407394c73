/**
 * The worked example board: valid, fully traced except the one intended orphan.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportBoardJson, initBoard, readBoard, validateBoardJson } from '../../shared/doc/index.ts';
import { goalTracer, traceFindings } from '../../shared/derive.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
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

  it('uses dates in 2026–2027', () => {
    const json = JSON.stringify(exportBoardJson(doc, 'example-board').cards) + JSON.stringify(commitments);
    const dates = json.match(/"\d{4}-\d{2}-\d{2}"/g) ?? [];
    expect(dates.length).toBeGreaterThan(10);
    for (const date of dates) expect(date).toMatch(/^"202[67]-/);
  });
});
