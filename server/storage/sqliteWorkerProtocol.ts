/**
 * Messages between `openSqliteWorkerStorage` (./sqliteWorker.ts, the calling
 * thread) and its worker thread (./sqliteWorkerThread.ts).
 *
 * Byte arrays travel packed into one fresh ArrayBuffer that is *transferred*
 * (moved, not copied) with the message: structured-cloning a Uint8Array view
 * copies its whole backing buffer (an 8 KB Buffer pool slab for a 20-byte
 * update) and copies again on receipt, on the receiving thread.
 */
import type { BoardRecord, NewSnapshot, SecretRole, SnapshotMeta } from './types.ts';

/** Several byte arrays copied back to back into one transferable buffer. */
interface PackedBytes {
  buffer: ArrayBuffer;
  lengths: number[];
}

/** Copies `parts` into one fresh ArrayBuffer (one copy, exact size); transfer `buffer`. */
export function packBytes(parts: readonly Uint8Array[]): PackedBytes {
  let total = 0;
  const lengths = parts.map((p) => {
    total += p.byteLength;
    return p.byteLength;
  });
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { buffer: out.buffer, lengths };
}

/** Views (no copy) over a received PackedBytes buffer. */
export function unpackBytes(p: PackedBytes): Uint8Array[] {
  let at = 0;
  return p.lengths.map((len) => {
    const view = new Uint8Array(p.buffer, at, len);
    at += len;
    return view;
  });
}

/** A DocUpdate batch: docNames[i] goes with the i-th packed byte array. */
export interface PackedBatch {
  docNames: string[];
  bytes: PackedBytes;
}

type WireSnapshot = Omit<NewSnapshot, 'state'> & { state: ArrayBuffer };

/** Requests, one per BoardStorage method; answered in arrival order. */
export type WorkerRequest =
  | { id: number; op: 'createBoard'; record: BoardRecord; initial: PackedBatch }
  | { id: number; op: 'getBoard'; boardId: string }
  | { id: number; op: 'updateTitle'; boardId: string; title: string }
  | { id: number; op: 'updateSecretHash'; boardId: string; role: SecretRole; hash: string }
  | { id: number; op: 'listBoards' }
  | { id: number; op: 'deleteBoard'; boardId: string }
  | { id: number; op: 'load'; docName: string }
  | { id: number; op: 'append'; batch: PackedBatch }
  | { id: number; op: 'compact'; docName: string; snapshot: ArrayBuffer; uptoSeq: number }
  | { id: number; op: 'putSnapshot'; boardId: string; snapshot: WireSnapshot }
  | { id: number; op: 'listSnapshots'; boardId: string }
  | { id: number; op: 'getSnapshot'; boardId: string; snapshotId: string }
  | { id: number; op: 'deleteSnapshots'; boardId: string; ids: string[] }
  | { id: number; op: 'close' };

/** A StoredDoc with its byte arrays packed: `[snapshot, ...updates]` when hasSnapshot, else `updates`. */
export interface WireStoredDoc {
  hasSnapshot: boolean;
  bytes: PackedBytes;
  lastSeq: number;
  logBytes: number;
}

export type WireHistorySnapshot = SnapshotMeta & { state: ArrayBuffer };

/** Not a request: makes the worker exit (code) on receipt of the next request, before running it (tests). */
export interface ExitOnNextRequest {
  type: 'test:exit-on-next-request';
  code: number;
}

interface SerializedError {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: unknown;
}

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/** Sent once by the worker after the database is open (and migrated), or after opening it failed. */
export type WorkerStartup = { type: 'ready' } | { type: 'open-failed'; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message, stack: error.stack };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    return out;
  }
  return { name: 'Error', message: String(error) };
}

/**
 * Rebuilds an error from the worker on this thread: same class for TypeError /
 * RangeError (the contract distinguishes invalid arguments), same name, message
 * and `code` (e.g. SqliteError / SQLITE_BUSY); the stack is the worker's.
 */
export function reviveError(s: SerializedError): Error {
  const Ctor = s.name === 'TypeError' ? TypeError : s.name === 'RangeError' ? RangeError : Error;
  const error = new Ctor(s.message);
  if (error.name !== s.name) error.name = s.name;
  if (s.code !== undefined) (error as { code?: unknown }).code = s.code;
  if (s.stack) error.stack = `${s.stack}\n    at <SQLite worker thread>`;
  return error;
}
