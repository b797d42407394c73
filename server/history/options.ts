/** The history service's settings (service.ts), and its refusal of a manual snapshot asked for too soon. */
import type { ThinningPolicy } from './thinning.ts';

export interface HistoryOptions {
  /** How often a changed board gets a periodic snapshot (ms); default 5 minutes. */
  periodicMs?: number;
  /** How often open connections are swept for rooms to watch (ms); default 1 s. */
  watchMs?: number;
  /**
   * Phase changes within this time (ms) that left the content unchanged
   * replace the previous phase snapshot instead of adding one (clicking
   * through phases); default 1 minute.
   */
  phaseCoalesceMs?: number;
  thinning?: ThinningPolicy;
  /**
   * The facilitator's manual snapshots are never thinned, so a new one (other content, or a new
   * label) is refused within this time (ms) after the board's last one; default 5 s.
   */
  manualMinIntervalMs?: number;
  /** The same for versions participants save (thinned as they age, thinning.ts); default 1 minute per board. */
  participantManualMinIntervalMs?: number;
  /** Activity-feed entries kept by the periodic trim. */
  activityCap?: number;
  /**
   * At most one removal snapshot per board within this time (ms); default 30 s.
   * The first of a burst of removals holds every card the later ones remove
   * (unless added in between): bounded storage against a script deleting in a loop.
   */
  removalMinIntervalMs?: number;
  now?: () => number;
}

/** A manual snapshot asked for too soon after the last one (HTTP 429). */
export class SnapshotRateError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`a snapshot was taken moments ago; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}
