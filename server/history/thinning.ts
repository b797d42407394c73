/**
 * Bounded version history: which periodic snapshots to drop as they age.
 * Phase and manual snapshots are always kept. Periodic ones are kept
 * - all, while younger than `keepAllMs` (default 2 hours);
 * - the newest of each hour, while younger than `hourlyForMs` (default 1 day);
 * - the newest of each day, while younger than `dailyForMs` (default 30 days);
 * - the newest of each week after that.
 * So a board edited without pause for a year keeps about 24 + 22 + 29 + 48
 * periodic snapshots instead of 100,000. Buckets are UTC hours / days / weeks,
 * so thinning again later only removes more, never different ones.
 */
import type { HistorySnapshots, SnapshotMeta } from '../storage/types.ts';

export interface ThinningPolicy {
  keepAllMs: number;
  hourlyForMs: number;
  dailyForMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export const DEFAULT_THINNING: ThinningPolicy = { keepAllMs: 2 * HOUR, hourlyForMs: DAY, dailyForMs: 30 * DAY };

/** Ids of the periodic snapshots to delete at time `now` (pure). */
export function snapshotsToThin(
  snapshots: readonly Pick<SnapshotMeta, 'id' | 'at' | 'reason'>[],
  now: number,
  policy: ThinningPolicy = DEFAULT_THINNING,
): string[] {
  const newestInBucket = new Map<string, Pick<SnapshotMeta, 'id' | 'at'>>();
  const bucketed: { id: string; bucket: string }[] = [];
  for (const s of snapshots) {
    if (s.reason !== 'periodic') continue;
    const age = now - s.at;
    if (age <= policy.keepAllMs) continue;
    const bucket = age <= policy.hourlyForMs ? `h${Math.floor(s.at / HOUR)}`
      : age <= policy.dailyForMs ? `d${Math.floor(s.at / DAY)}`
        : `w${Math.floor(s.at / WEEK)}`;
    bucketed.push({ id: s.id, bucket });
    const newest = newestInBucket.get(bucket);
    if (!newest || s.at > newest.at || (s.at === newest.at && s.id > newest.id)) newestInBucket.set(bucket, s);
  }
  return bucketed.filter((s) => newestInBucket.get(s.bucket)?.id !== s.id).map((s) => s.id);
}

/** Thins one board's stored history now; returns how many snapshots were deleted. */
export async function thinBoardHistory(storage: HistorySnapshots, boardId: string, now: number, policy: ThinningPolicy = DEFAULT_THINNING): Promise<number> {
  const doomed = snapshotsToThin(await storage.listSnapshots(boardId), now, policy);
  return doomed.length ? storage.deleteSnapshots(boardId, doomed) : 0;
}
