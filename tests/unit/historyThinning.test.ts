/**
 * Bounded version history: the pure thinning rule, and thinning a board's
 * history in real (SQLite) storage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THINNING, snapshotsToThin, thinBoardHistory } from '../../server/history/thinning.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import type { BoardStorage, SnapshotMeta, SnapshotReason } from '../../server/storage/types.ts';
import { board as boardRecord } from '../contract/storageContract.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5, 0, 2); // a Monday, just after midnight

type Meta = Pick<SnapshotMeta, 'id' | 'at' | 'reason' | 'savedBy'>;
const meta = (at: number, reason: SnapshotReason = 'periodic'): Meta => ({ id: `${reason}-${at}`, at, reason });
const saved = (at: number, savedBy?: 'facilitator' | 'participant'): Meta => ({ id: `saved-${savedBy}-${at}`, at, reason: 'manual', ...(savedBy ? { savedBy } : {}) });

/** A board edited without pause: a periodic snapshot every 5 minutes, thinned after each. */
function simulate(durationMs: number, extra: Meta[] = []): Meta[] {
  let kept: Meta[] = [...extra];
  for (let t = START; t <= START + durationMs; t += 5 * MIN) {
    kept.push(meta(t));
    const doomed = new Set(snapshotsToThin(kept, t));
    kept = kept.filter((s) => !doomed.has(s.id));
  }
  return kept;
}

describe('snapshotsToThin', () => {
  it('keeps every periodic snapshot of the last two hours, and all phase and manual ones', () => {
    const now = START + 10 * DAY;
    const list = [
      ...Array.from({ length: 24 }, (_, i) => meta(now - i * 5 * MIN)),
      meta(now - 9 * DAY, 'phase'), meta(now - 9 * DAY + 1, 'phase'), meta(now - 9 * DAY + 2, 'manual'),
    ];
    expect(snapshotsToThin(list, now)).toEqual([]);
  });

  it('keeps the newest periodic snapshot of each hour for a day, of each day for a month, then of each week', () => {
    const now = START + 60 * DAY;
    const hourAgo3 = now - 3 * HOUR;
    const hourly = [meta(hourAgo3 - (hourAgo3 % HOUR) + 5 * MIN), meta(hourAgo3 - (hourAgo3 % HOUR) + 50 * MIN)];
    const dayAgo3 = now - 3 * DAY;
    const daily = [meta(dayAgo3 - (dayAgo3 % DAY) + HOUR), meta(dayAgo3 - (dayAgo3 % DAY) + 20 * HOUR)];
    // Friday and the Monday after: one bucket (weeks counted from the epoch start on Thursdays).
    const weekly = [meta(START + 4 * DAY + HOUR), meta(START + 7 * DAY + HOUR)];
    const doomed = snapshotsToThin([...hourly, ...daily, ...weekly], now);
    expect(doomed.sort()).toEqual([hourly[0]!.id, daily[0]!.id, weekly[0]!.id].sort());
  });

  it('keeps storage bounded for a board edited without pause, whatever its age', () => {
    const threeDays = simulate(3 * DAY, [meta(START + HOUR, 'phase'), meta(START + DAY, 'manual')]);
    const periodic = threeDays.filter((s) => s.reason === 'periodic');
    // ≤ 25 in the last 2 hours, ≤ 23 hourly in the rest of the day, ≤ 3 daily.
    expect(periodic.length).toBeLessThanOrEqual(25 + 23 + 3);
    expect(periodic.length).toBeGreaterThanOrEqual(24 + 21 + 2);
    expect(threeDays.filter((s) => s.reason !== 'periodic')).toHaveLength(2);
    const ninetyDays = simulate(90 * DAY).filter((s) => s.reason === 'periodic');
    expect(ninetyDays.length).toBeLessThanOrEqual(25 + 23 + 30 + 10);
  });

  it('thinning as it goes keeps the same snapshots as thinning once at the end', () => {
    const end = START + 3 * DAY;
    const incremental = simulate(3 * DAY).map((s) => s.id).sort();
    const all: Meta[] = [];
    for (let t = START; t <= end; t += 5 * MIN) all.push(meta(t));
    const doomed = new Set(snapshotsToThin(all, end));
    expect(all.filter((s) => !doomed.has(s.id)).map((s) => s.id).sort()).toEqual(incremental);
  });

  it('thins what a participant can cause at will (their saved versions, removal snapshots), each kind on its own; keeps the facilitator\'s', () => {
    const now = START + 10 * DAY;
    const young = [saved(now - 9 * MIN, 'participant'), saved(now - 8 * MIN, 'participant'), meta(now - 9 * MIN, 'removal'), meta(now - 8 * MIN, 'removal')];
    expect(snapshotsToThin(young, now)).toEqual([]);
    // Older than 10 minutes: the newest of each 10 minutes (UTC), per kind; a periodic one stands in for neither.
    const slot = now - 60 * MIN - ((now - 60 * MIN) % (10 * MIN));
    const older = [
      saved(slot + MIN, 'participant'), saved(slot + 2 * MIN, 'participant'), meta(slot + MIN, 'removal'), meta(slot + 2 * MIN, 'removal'),
      meta(slot + 3 * MIN), saved(slot + MIN, 'facilitator'), saved(slot + 2 * MIN), saved(slot + 3 * MIN, 'facilitator'),
    ];
    expect(snapshotsToThin(older, now).sort()).toEqual([older[0]!.id, older[2]!.id].sort());
    // A day old: the newest of each hour.
    const hour = now - DAY + HOUR - ((now - DAY + HOUR) % HOUR);
    expect(snapshotsToThin([saved(hour + MIN, 'participant'), saved(hour + 40 * MIN, 'participant')], now)).toEqual([saved(hour + MIN, 'participant').id]);
  });

  it('a script saving a version every minute and removing cards every 30 s for days leaves a bounded history', () => {
    let kept: Meta[] = [];
    const facilitators: Meta[] = [];
    for (let t = START; t <= START + 3 * DAY; t += 30_000) {
      kept.push(meta(t, 'removal'));
      if (t % MIN === 0) kept.push(saved(t, 'participant'));
      if (t % (6 * HOUR) === 0) facilitators.push(saved(t + 1, 'facilitator'));
      kept.push(...facilitators.filter((f) => f.at === t + 1));
      const doomed = new Set(snapshotsToThin(kept, t));
      kept = kept.filter((s) => !doomed.has(s.id));
    }
    const count = (reason: SnapshotReason) => kept.filter((s) => s.reason === reason && s.savedBy !== 'facilitator').length;
    // Per kind: ≤ 21 (or 11) of the last 10 minutes, 11 of the rest of 2 hours, 23 hourly in the day, 3 daily.
    expect(count('removal')).toBeLessThanOrEqual(21 + 11 + 23 + 3);
    expect(count('manual')).toBeLessThanOrEqual(11 + 11 + 23 + 3);
    expect(count('manual')).toBeGreaterThanOrEqual(10 + 10 + 20 + 2);
    expect(kept.filter((s) => s.savedBy === 'facilitator').map((s) => s.id)).toEqual(facilitators.map((s) => s.id));
  });

  it('keeps snapshots stamped in the future (clock skew) and ignores unknown reasons', () => {
    const now = START;
    expect(snapshotsToThin([meta(now + DAY), meta(now + DAY + 1)], now, DEFAULT_THINNING)).toEqual([]);
  });
});

describe('thinBoardHistory on SQLite', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function storage(): Promise<BoardStorage> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-thin-'));
    const s = openSqliteStorage({ dataDir });
    cleanups.push(async () => {
      await s.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    return s;
  }

  it('deletes old periodic snapshots and keeps phase and manual ones, so the stored history stays bounded', async () => {
    const s = await storage();
    await s.createBoard(boardRecord('thin-board'));
    await s.createBoard(boardRecord('other-board'));
    const state = new Uint8Array(1000);
    let n = 0;
    // Two days of a snapshot every 5 minutes, plus phase and manual ones.
    for (let t = START; t <= START + 2 * DAY; t += 5 * MIN) {
      await s.putSnapshot('thin-board', { id: `p${n++}`, at: t, reason: 'periodic', state });
    }
    await s.putSnapshot('thin-board', { id: 'phase1', at: START + 10 * MIN, reason: 'phase', phase: 'goals', state });
    await s.putSnapshot('thin-board', { id: 'manual1', at: START + 20 * MIN, reason: 'manual', label: 'Before vote', state });
    await s.putSnapshot('other-board', { id: 'p0', at: START, reason: 'periodic', state });
    expect((await s.listSnapshots('thin-board')).length).toBe(n + 2);

    const deleted = await thinBoardHistory(s, 'thin-board', START + 2 * DAY);
    const left = await s.listSnapshots('thin-board');
    expect(deleted).toBe(n + 2 - left.length);
    expect(left.filter((x) => x.reason === 'periodic').length).toBeLessThanOrEqual(25 + 23 + 2);
    expect(left.filter((x) => x.reason !== 'periodic').map((x) => x.id).sort()).toEqual(['manual1', 'phase1']);
    expect(left.reduce((bytes, x) => bytes + x.bytes, 0)).toBeLessThanOrEqual(60 * 1000);
    // Another board's history is not touched; thinning again removes nothing.
    expect(await s.listSnapshots('other-board')).toHaveLength(1);
    expect(await thinBoardHistory(s, 'thin-board', START + 2 * DAY)).toBe(0);
  });
});
