/**
 * The server-wide document of short codes (`_system/joincodes`; not a board,
 * no client can open it): which join or projector code stands for which
 * board, each record keyed by the code's hash and holding the board's secret
 * sealed under a key derived from the code (server/invites.ts). Only the
 * server imports this module.
 *
 * Layout:
 * - `codes` Y.Map<codeHash, plain>: boardId, salt, sealed, expiresAt (ms),
 *   kind? ('present' for a projector code; absent for a join code);
 * - `byBoard`, `presentByBoard` Y.Map<boardId, codeHash>: each board's current
 *   join code and projector code.
 */
import type * as Y from 'yjs';
import { SERVER_ORIGIN, type Origin } from './origin.ts';

/** What a short code opens: the participant join link, or the projector link. */
export type CodeKind = 'join' | 'present';

interface CodeRecord {
  boardId: string;
  /** base64 */
  salt: string;
  /** The secret the code stands for, sealed under a key derived from the code. */
  sealed: string;
  expiresAt: number;
  kind?: 'present';
}

const BY_BOARD: Record<CodeKind, string> = { join: 'byBoard', present: 'presentByBoard' };

function codesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('codes');
}

/** The record of a code (by its hash), if whole. */
export function readCode(doc: Y.Doc, hash: string): CodeRecord | undefined {
  const r = codesMap(doc).get(hash);
  if (typeof r !== 'object' || r === null) return undefined;
  const { boardId, salt, sealed, expiresAt, kind } = r as Record<string, unknown>;
  if (typeof boardId !== 'string' || typeof salt !== 'string' || typeof sealed !== 'string' || typeof expiresAt !== 'number') return undefined;
  return { boardId, salt, sealed, expiresAt, ...(kind === 'present' ? { kind } : {}) };
}

/**
 * Makes `hash` the board's current code of its kind: the board's previous
 * code of that kind goes, and so do expired codes of any board, so the
 * document stays small.
 */
export function replaceCode(doc: Y.Doc, kind: CodeKind, hash: string, record: CodeRecord, now: number, origin: Origin = SERVER_ORIGIN): void {
  const codes = codesMap(doc);
  const byBoard = doc.getMap<string>(BY_BOARD[kind]);
  doc.transact(() => {
    const previous = byBoard.get(record.boardId);
    if (previous) codes.delete(previous);
    for (const [h, r] of codes) {
      const expiresAt = typeof r === 'object' && r !== null ? (r as { expiresAt?: unknown }).expiresAt : undefined;
      if (typeof expiresAt === 'number' && expiresAt <= now) codes.delete(h);
    }
    codes.set(hash, record);
    byBoard.set(record.boardId, hash);
  }, origin);
}
