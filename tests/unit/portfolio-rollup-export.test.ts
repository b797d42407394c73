/**
 * The roll-up exports as pure functions, on the three-board fixture with
 * hostile text: board text stays text in the Markdown (no HTML, no extra
 * table cells, no broken Mermaid), and a CSV cell a spreadsheet would run as
 * a formula is neutralised.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILD_ORIGIN, readBoard, readBoardInfo, setBoardTitle, setCardText } from '../../shared/doc/index.ts';
import { readCheckIns } from '../../shared/doc/review.ts';
import { deriveRollup } from '../../shared/portfolio/rollup.ts';
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { ROLLUP_CSV_COLUMNS, rollupCsv, rollupMarkdown, rollupMermaid } from '../../server/portfolio/rollupExport.ts';
import { FIXTURE_TODAY, writePortfolioFixture } from '../helpers/portfolioFixture.ts';

const IDS = { portfolio: 'portfolio1', onboarding: 'boardOnboard', sales: 'boardSales1', support: 'boardSupport' };
const HOSTILE_GOAL = 'Grow <script>alert(1)</script> | revenue"] --> x["pwned';
const HOSTILE_BOARD = '=HYPERLINK("http://evil") | *Sales*';

function hostileRollup(): Rollup {
  const docs = { portfolio: new Y.Doc(), onboarding: new Y.Doc(), sales: new Y.Doc(), support: new Y.Doc() };
  writePortfolioFixture(docs, IDS, BUILD_ORIGIN, { titled: true });
  setCardText(docs.portfolio, 'G1', HOSTILE_GOAL);
  setBoardTitle(docs.sales, HOSTILE_BOARD);
  const boards = (['onboarding', 'sales', 'support'] as const).map((name) => ({
    id: IDS[name], title: readBoardInfo(docs[name]).title, snapshot: readBoard(docs[name]), checkIns: readCheckIns(docs[name]),
  }));
  return deriveRollup({ portfolio: { id: IDS.portfolio, snapshot: readBoard(docs.portfolio) }, boards, today: FIXTURE_TODAY });
}

describe('roll-up exports with hostile text', () => {
  const rollup = hostileRollup();

  it('Markdown: no HTML, no extra table cells', () => {
    const md = rollupMarkdown(rollup, '2027-01-25T10:00:00.000Z');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    // Each table's rows have as many cells as its header (an escaped \| is text, not a cell border).
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const tables = md.split(/\n(?!\|)/).map((block) => block.split('\n').filter((l) => l.startsWith('|'))).filter((t) => t.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const [header, ...rows] of tables) for (const row of rows) expect(cells(row), row).toBe(cells(header!));
    expect(tables.flat().filter((l) => l.includes('HYPERLINK')).length).toBeGreaterThanOrEqual(3);
  });

  it('Mermaid: every label quoted, nothing syntactic left in it', () => {
    const lines = rollupMermaid(rollup);
    const g1 = lines.find((l) => l.includes('g1["'))!;
    expect(g1).toMatch(/^ {4}g1\["[^"[\]|<>]*"\]$/);
    expect(lines.some((l) => l.includes('pwned') && !l.includes('#'))).toBe(false);
    expect(lines.filter((l) => l.includes('-->')).every((l) => /^ {2}b\d+ -->\|"[^"|]*"\| g\d+$/.test(l))).toBe(true);
  });

  it('CSV: one header, every row the same width, formulas neutralised', () => {
    const rows = parse(rollupCsv(rollup), { relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual([...ROLLUP_CSV_COLUMNS]);
    const sales = rows.filter((r) => r[3]!.includes('HYPERLINK'));
    expect(sales.length).toBeGreaterThan(0);
    for (const r of sales) expect(r[3]!.startsWith("'=")).toBe(true);
  });
});
