/**
 * The SQLite store's rows and bytes as the storage contract has them
 * (./sqlite.ts): byte views both ways, row to record, the doc-name range.
 */
import type { BoardRecord, SnapshotMeta, SnapshotReason, SnapshotSaver } from './types.ts';

/** Buffer -> plain Uint8Array view over the same memory (no copy). */
export function toU8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Uint8Array -> Buffer view (no copy) so better-sqlite3 binds it as a BLOB. */
export function toBuf(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** First string after every string that starts with `prefix` (binary collation). */
export function prefixUpperBound(prefix: string): string {
  // Only used with prefixes ending in '/', whose successor '0' is a plain ASCII char.
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  facilitator_hash: string;
  participant_hash: string;
  viewer_hash: string;
}

export interface SnapshotRow {
  id: string;
  at: number;
  reason: string;
  label: string | null;
  phase: string | null;
  saved_by: string | null;
  bytes: number;
}

export function rowToSnapshotMeta(r: SnapshotRow): SnapshotMeta {
  const meta: SnapshotMeta = { id: r.id, at: r.at, reason: r.reason as SnapshotReason, bytes: r.bytes };
  if (r.label !== null) meta.label = r.label;
  if (r.phase !== null) meta.phase = r.phase;
  if (r.saved_by !== null) meta.savedBy = r.saved_by as SnapshotSaver;
  return meta;
}

export function rowToBoard(r: BoardRow): BoardRecord {
  return {
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    secretHashes: { facilitator: r.facilitator_hash, participant: r.participant_hash, viewer: r.viewer_hash },
  };
}
