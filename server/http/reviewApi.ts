/**
 * HTTP routes of version history (issue 6):
 * - `GET  /api/boards/<id>/history` (any role) → `{ snapshots: SnapshotInfo[] }`, oldest first;
 * - `POST /api/boards/<id>/history` (participant, facilitator) body `{ label? }` (or none) → 201 `{ snapshot: SnapshotInfo }`;
 *   unchanged content right after a manual snapshot gives that one back (relabelled); 429 if a new one comes within 5 s of the last;
 * - `GET  /api/boards/<id>/history/<snapshotId>` (any role) → the board at that snapshot as board JSON
 *   (`?format=yjs`: the raw Yjs state, to read comments etc. with the document layer);
 * - `GET  /api/boards/<id>/history/<a>/diff/<b>` (any role; either may be `current`) →
 *   `{ from: SnapshotInfo | { id: 'current' }, to: …, diff: BoardDiff }`.
 * Browsing never changes the board. Restoring is done by the facilitator's
 * client with `restoreBoardTo` (shared/doc/review.ts), so it lands on their undo stack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { diffBoards } from '../../shared/review/diff.ts';
import { mayEditBoard, type Role } from '../../shared/protocol.ts';
import { validate, type BoardJson } from '../../shared/schema.ts';
import type { BoardService } from '../boards.ts';
import { SnapshotRateError, type HistoryService } from '../history/service.ts';
import type { SnapshotMeta } from '../storage/types.ts';
import { readJsonBody } from './body.ts';
import { badRequest, forbidden, HttpError, notFound, sendJson, unauthorized } from './respond.ts';

export interface ReviewApiContext {
  boards: BoardService;
  history: HistoryService;
}

/** A snapshot as listed over HTTP (`at` as an ISO timestamp). */
export interface SnapshotInfo {
  id: string;
  at: string;
  reason: SnapshotMeta['reason'];
  label?: string;
  phase?: string;
  bytes: number;
}

const manualSnapshotBody = z.strictObject({ label: z.string().trim().min(1, 'must not be empty').max(200).optional() });
const SNAPSHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURRENT = 'current';

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

async function authorize(ctx: ReviewApiContext, req: IncomingMessage, boardId: string): Promise<Role> {
  const result = await ctx.boards.authorize(boardId, bearer(req));
  if (result === 'not-found') throw notFound();
  if (result === 'unauthorized') throw unauthorized();
  return result.role;
}

function info(meta: SnapshotMeta): SnapshotInfo {
  return {
    id: meta.id, at: new Date(meta.at).toISOString(), reason: meta.reason,
    ...(meta.label !== undefined ? { label: meta.label } : {}), ...(meta.phase !== undefined ? { phase: meta.phase } : {}), bytes: meta.bytes,
  };
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, 'method_not_allowed', `use ${allow}`, { Allow: allow });
}

const noSuchSnapshot = () => notFound('no such snapshot');

/** A POST body is optional here: none at all means `{}`. */
async function optionalJsonBody(req: IncomingMessage): Promise<unknown> {
  const length = req.headers['content-length'];
  if (req.headers['content-type'] === undefined && (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) return {};
  return readJsonBody(req, 4096);
}

/** Handles `/api/boards/<id>/history...`; returns false when no route matches. */
export async function handleReviewApi(ctx: ReviewApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const parts = url.pathname.split('/').filter(Boolean); // ['api', 'boards', id, 'history', ...]
  if (parts[0] !== 'api' || parts[1] !== 'boards' || parts[3] !== 'history') return false;
  const boardId = parts[2]!;
  const method = req.method ?? 'GET';

  if (parts.length === 4) {
    if (method === 'GET') {
      await authorize(ctx, req, boardId);
      sendJson(res, 200, { snapshots: (await ctx.history.list(boardId)).map(info) });
      return true;
    }
    if (method !== 'POST') throw methodNotAllowed('GET, POST');
    const role = await authorize(ctx, req, boardId);
    if (!mayEditBoard(role)) throw forbidden(`${role}s cannot take snapshots`);
    const checked = validate(manualSnapshotBody, await optionalJsonBody(req));
    if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
    const meta = await ctx.history.snapshot(boardId, 'manual', checked.value.label).catch((error: unknown) => {
      if (error instanceof SnapshotRateError) {
        throw new HttpError(429, 'rate_limited', error.message, { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) });
      }
      throw error;
    });
    sendJson(res, 201, { snapshot: info(meta) });
    return true;
  }

  if (parts.length === 5) {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authorize(ctx, req, boardId);
    const id = parts[4]!;
    if (!SNAPSHOT_ID.test(id)) throw noSuchSnapshot();
    if (url.searchParams.get('format') === 'yjs') {
      const state = await ctx.history.stateAt(boardId, id);
      if (!state) throw noSuchSnapshot();
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream', 'Content-Length': state.byteLength, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store',
      });
      res.end(state);
      return true;
    }
    const json = await ctx.history.boardJsonAt(boardId, id);
    if (!json) throw noSuchSnapshot();
    sendJson(res, 200, json);
    return true;
  }

  if (parts.length === 7 && parts[5] === 'diff') {
    if (method !== 'GET') throw methodNotAllowed('GET');
    await authorize(ctx, req, boardId);
    const [from, to] = await Promise.all([version(ctx, boardId, parts[4]!), version(ctx, boardId, parts[6]!)]);
    sendJson(res, 200, { from: from.info, to: to.info, diff: diffBoards(from.board, to.board) });
    return true;
  }
  return false;
}

/** A snapshot (or the current board) as board JSON plus what identifies it. */
async function version(ctx: ReviewApiContext, boardId: string, id: string): Promise<{ info: SnapshotInfo | { id: 'current' }; board: BoardJson }> {
  if (id === CURRENT) return { info: { id: CURRENT }, board: await ctx.history.current(boardId) };
  if (!SNAPSHOT_ID.test(id)) throw noSuchSnapshot();
  const [meta, board] = await Promise.all([ctx.history.meta(boardId, id), ctx.history.boardJsonAt(boardId, id)]);
  if (!meta || !board) throw noSuchSnapshot();
  return { info: info(meta), board };
}
