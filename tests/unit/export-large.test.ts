/**
 * Every format exports a 2,000-card board. The time is reported, not asserted
 * (machines differ): `npx tsx tests/bench/export-bench.ts` measures it properly.
 */
import { describe, expect, it } from 'vitest';
import { readBoard } from '../../shared/doc/index.ts';
import { EXPORT_FORMATS, exportBoard } from '../../server/export/index.ts';
import { buildLargeBoard } from '../fixtures/exports/largeBoard.ts';

describe('a 2,000-card board', () => {
  it('exports in every format', async () => {
    const doc = buildLargeBoard(2_000);
    const started = performance.now();
    const snapshot = readBoard(doc);
    expect(snapshot.cards).toHaveLength(2_000);
    const input = { boardId: 'large-board', snapshot, exportedAt: '2026-01-03T00:00:00.000Z', attendees: [], voteResults: [] };
    const times: string[] = [`read ${Math.round(performance.now() - started)} ms`];
    for (const format of EXPORT_FORMATS) {
      const t0 = performance.now();
      const file = await exportBoard(format, input);
      times.push(`${format} ${Math.round(performance.now() - t0)} ms`);
      expect(file.body.length).toBeGreaterThan(1_000);
    }
    console.log(`export of 2,000 cards: ${times.join(', ')}; total ${Math.round(performance.now() - started)} ms`);
  }, 180_000); // a guard against a hang, not a timing: the suite may share the machine
});
