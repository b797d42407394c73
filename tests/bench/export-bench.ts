/**
 * Export timing on a 2,000-card board (issue: "exporting a 2,000-card board
 * takes under 3 s"). Reports, per format, the median of several runs of
 * snapshot read + render, and exits non-zero if any exceeds the budget.
 *   npx tsx tests/bench/export-bench.ts [cards=2000] [runs=5]
 */
import { readBoard } from '../../shared/doc/index.ts';
import { EXPORT_FORMATS, exportBoard } from '../../server/export/index.ts';
import { buildLargeBoard } from '../fixtures/exports/largeBoard.ts';

const cards = Number(process.argv[2] ?? 2_000);
const runs = Number(process.argv[3] ?? 5);
const BUDGET_MS = 3_000;

const doc = buildLargeBoard(cards);
const results: { format: string; medianMs: number; maxMs: number; bytes: number }[] = [];
for (const format of EXPORT_FORMATS) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const snapshot = readBoard(doc);
    const file = await exportBoard(format, { boardId: 'bench-board', snapshot, exportedAt: new Date().toISOString(), attendees: [], voteResults: [] });
    times.push(performance.now() - t0);
    bytes = typeof file.body === 'string' ? Buffer.byteLength(file.body) : file.body.byteLength;
  }
  times.sort((a, b) => a - b);
  results.push({ format, medianMs: Math.round(times[Math.floor(times.length / 2)]!), maxMs: Math.round(times[times.length - 1]!), bytes });
}
console.log(`export of a ${cards}-card board (snapshot read + render, median of ${runs}):`);
for (const r of results) console.log(`  ${r.format.padEnd(5)} ${String(r.medianMs).padStart(6)} ms  (max ${r.maxMs} ms, ${r.bytes} bytes)`);
const over = results.filter((r) => r.maxMs > BUDGET_MS);
if (over.length) {
  console.error(`over the ${BUDGET_MS} ms budget: ${over.map((r) => r.format).join(', ')}`);
  process.exit(1);
}
