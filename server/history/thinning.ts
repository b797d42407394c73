/**
 * Bounded version history: which snapshots to drop as they age.
 *
 * Phase and creation snapshots, and manual ones the facilitator saved (or
 * saved before the saver was recorded), are always kept. Periodic ones are kept
 * - all, while younger than `keepAllMs` (default 2 hours);
 * - the newest of each hour, while younger than `hourlyForMs` (default 1 day);
 * - the newest of each day, while younger than `dailyForMs` (default 30 days);
 * - the newest of each week after that.
 * So a board edited without pause for a year keeps about 24 + 22 + 29 + 48
 * periodic snapshots instead of 100,000.
 *
 * Snapshots anyone with the participant link can cause at will (a version a
 * participant saves, one kept before a removal of many cards) are thinned the
 * same way, each kind on its own, but young ones more tightly: all while
 * younger than `eventKeepAllMs` (default 10 minutes), then the newest of
 * each `eventBucketMs` (10 minutes) up to `keepAllMs`. Saved every minute
 * and removing cards every 30 s, a script leaves at most about 10 + 20 in the
 * last 10 minutes and 11 + 11 more in the 2 hours: without this, a participant
 * saving a full 16 MiB board every few seconds wrote gigabytes an hour, for good.
 *
 * Buckets are UTC periods, so thinning again later only removes more, never
 * different ones.
 */
import type { HistorySnapshots, SnapshotMeta } from '../storage/types.ts';

export interface ThinningPolicy {
  keepAllMs: number;
  hourlyForMs: number;
  dailyForMs: number;
  /** Participant-saved and removal snapshots: all kept while younger than this (ms). */
  eventKeepAllMs?: number;
  /** Participant-saved and removal snapshots: then the newest of each period this long (ms), up to `keepAllMs`. */
  eventBucketMs?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export const DEFAULT_THINNING: ThinningPolicy = {
  keepAllMs: 2 * HOUR, hourlyForMs: DAY, dailyForMs: 30 * DAY, eventKeepAllMs: 10 * MINUTE, eventBucketMs: 10 * MINUTE,
};

type Thinnable = Pick<SnapshotMeta, 'id' | 'at' | 'reason' | 'savedBy'>;

/** Which series a snapshot is thinned in ('' for one that is always kept). */
function seriesOf(s: Thinnable): '' | 'periodic' | 'event' {
  if (s.reason === 'periodic') return 'periodic';
  if (s.reason === 'removal' || (s.reason === 'manual' && s.savedBy === 'participant')) return 'event';
  return '';
}

/** Ids of the snapshots to delete at time `now` (pure). */
export function snapshotsToThin(snapshots: readonly Thinnable[], now: number, policy: ThinningPolicy = DEFAULT_THINNING): string[] {
  const eventKeepAllMs = policy.eventKeepAllMs ?? DEFAULT_THINNING.eventKeepAllMs!;
  const eventBucketMs = policy.eventBucketMs ?? DEFAULT_THINNING.eventBucketMs!;
  const newestInBucket = new Map<string, Thinnable>();
  const bucketed: { id: string; bucket: string }[] = [];
  for (const s of snapshots) {
    const series = seriesOf(s);
    if (!series) continue;
    const age = now - s.at;
    if (age <= (series === 'event' ? eventKeepAllMs : policy.keepAllMs)) continue;
    // Each kind in its own buckets: a periodic snapshot never stands in for a saved version.
    const kind = s.reason;
    const bucket = age <= policy.keepAllMs ? `${kind}m${Math.floor(s.at / eventBucketMs)}`
      : age <= policy.hourlyForMs ? `${kind}h${Math.floor(s.at / HOUR)}`
        : age <= policy.dailyForMs ? `${kind}d${Math.floor(s.at / DAY)}`
          : `${kind}w${Math.floor(s.at / WEEK)}`;
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
