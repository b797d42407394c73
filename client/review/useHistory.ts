/**
 * Version history data for the review page: the list of snapshots (fetched on
 * opening, after a phase change, now and then while open, and on request) and
 * the board at a snapshot (fetched once: a snapshot never changes).
 */
import { useCallback, useEffect, useState } from 'react';
import type { BoardJson } from '../../shared/schema.ts';
import { ApiError } from '../api/boards.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import type { SnapshotInfo } from '../sync/reviewSession.ts';
import { useReview } from '../sync/reviewHooks.ts';
import { versionHistoryOf } from '../sync/versionHistory.ts';

/** While the history is open, the list is re-read this often (ms). */
const LIST_REFRESH_MS = 30_000;
/** A phase snapshot lands on the server shortly after the phase changes: look again after these delays (ms). */
const AFTER_PHASE_MS = [1500, 5000];

const boards = new Map<string, Promise<BoardJson>>();

export interface SnapshotList {
  snapshots: SnapshotInfo[] | null;
  error: string | null;
  refresh: () => void;
}

function message(error: unknown): string {
  if (error instanceof ApiError && error.isNetwork) return 'The history cannot be loaded while offline.';
  return error instanceof Error ? error.message : 'The history could not be loaded.';
}

export function useSnapshots(): SnapshotList {
  const review = useReview();
  const phase = useFacilitation()?.phase;
  const [snapshots, setSnapshots] = useState<SnapshotInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let cancelled = false;
    versionHistoryOf(review.board).list().then(
      (list) => {
        if (cancelled) return;
        setSnapshots((prev) => (prev && JSON.stringify(prev) === JSON.stringify(list) ? prev : list));
        setError(null);
      },
      (e: unknown) => {
        if (!cancelled) setError(message(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [review, tick]);

  useEffect(() => {
    const timer = setInterval(refresh, LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    if (!phase) return;
    const timers = AFTER_PHASE_MS.map((ms) => setTimeout(refresh, ms));
    return () => timers.forEach(clearTimeout);
  }, [phase, refresh]);

  return { snapshots, error, refresh };
}

export type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

/** The board at a snapshot (null: none asked for). */
export function useSnapshotBoard(snapshotId: string | null): Loaded<BoardJson> | null {
  const review = useReview();
  const [state, setState] = useState<{ id: string; loaded: Loaded<BoardJson> } | null>(null);
  useEffect(() => {
    if (!snapshotId) return;
    let cancelled = false;
    const key = `${review.board.boardId}/${snapshotId}`;
    let pending = boards.get(key);
    if (!pending) {
      pending = versionHistoryOf(review.board).boardAt(snapshotId);
      boards.set(key, pending);
      pending.catch(() => boards.delete(key));
    }
    pending.then(
      (value) => !cancelled && setState({ id: snapshotId, loaded: { status: 'ready', value } }),
      (e: unknown) => !cancelled && setState({ id: snapshotId, loaded: { status: 'error', message: message(e) } }),
    );
    return () => {
      cancelled = true;
    };
  }, [review, snapshotId]);
  if (!snapshotId) return null;
  return state?.id === snapshotId ? state.loaded : { status: 'loading' };
}
