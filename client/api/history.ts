/**
 * The version-history HTTP API as the browser uses it (server/http/reviewApi.ts):
 * list a board's snapshots, save one on demand, and fetch one as board JSON.
 * Browsing never changes the board; restoring is done in the browser through
 * the document layer (client/sync/reviewSession.ts), so it can be undone.
 */
import { validateBoardJson } from '../../shared/doc/json.ts';
import type { BoardJson } from '../../shared/schema.ts';
import { ApiError } from './boards.ts';

export type SnapshotReason = 'phase' | 'periodic' | 'manual' | 'created' | 'removal';

/** A snapshot as listed by the server (`at` is an ISO timestamp). */
export interface SnapshotInfo {
  id: string;
  at: string;
  reason: SnapshotReason;
  label?: string;
  /** The phase reached, on phase snapshots. */
  phase?: string;
  /** Saved versions: the facilitator's are kept, a participant's thin out as they age. */
  savedBy?: 'facilitator' | 'participant';
  bytes: number;
}

/** A 429 answer: a snapshot was taken moments ago. */
export class SnapshotTooSoonError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(429, 'rate_limited', message);
  }
}

const historyPath = (boardId: string, rest = '') => `/api/boards/${encodeURIComponent(boardId)}/history${rest}`;

async function call(path: string, secret: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      cache: 'no-store',
      headers: { Accept: 'application/json', Authorization: `Bearer ${secret}`, ...init.headers },
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : `Request failed (${response.status}).`;
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      throw new SnapshotTooSoonError(message, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5000);
    }
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : String(response.status), message);
  }
  return body;
}

function isSnapshotInfo(value: unknown): value is SnapshotInfo {
  const s = value as Partial<SnapshotInfo> | null;
  return (
    !!s && typeof s.id === 'string' && typeof s.at === 'string' && Number.isFinite(Date.parse(s.at))
    && (['phase', 'periodic', 'manual', 'created', 'removal'] as unknown[]).includes(s.reason)
    && (s.label === undefined || typeof s.label === 'string') && (s.phase === undefined || typeof s.phase === 'string')
  );
}

/** The board's snapshots, oldest first (any role). */
export async function listSnapshots(boardId: string, secret: string): Promise<SnapshotInfo[]> {
  const body = (await call(historyPath(boardId), secret)) as { snapshots?: unknown } | undefined;
  if (!Array.isArray(body?.snapshots)) throw new ApiError(500, 'bad-response', 'The server sent an unreadable history.');
  return body.snapshots.filter(isSnapshotInfo);
}

/** Saves a version of the board now (participant or facilitator); returns it. */
export async function saveSnapshot(boardId: string, secret: string, label?: string): Promise<SnapshotInfo> {
  const trimmed = label?.trim();
  const body = (await call(historyPath(boardId), secret, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(trimmed ? { label: trimmed } : {}),
  })) as { snapshot?: unknown } | undefined;
  if (!isSnapshotInfo(body?.snapshot)) throw new ApiError(500, 'bad-response', 'The server did not confirm the saved version.');
  return body.snapshot;
}

/** The board as it was at a snapshot, validated as board JSON. */
export async function fetchSnapshotBoard(boardId: string, secret: string, snapshotId: string): Promise<BoardJson> {
  const body = await call(historyPath(boardId, `/${encodeURIComponent(snapshotId)}`), secret);
  const checked = validateBoardJson(body);
  if (!checked.ok) throw new ApiError(500, 'bad-response', `The saved version is not readable (${checked.issue.path}).`);
  return checked.value;
}
