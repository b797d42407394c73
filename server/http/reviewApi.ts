/**
 * HTTP routes of version history:
 * - `GET  /api/boards/<id>/history` (any role) → `{ snapshots: SnapshotInfo[] }`, oldest first;
 * - `POST /api/boards/<id>/history` (participant, facilitator) body `{ label? }` (or none) → 201 `{ snapshot: SnapshotInfo }`;
 *   unchanged content right after a manual snapshot gives that one back (relabelled); 429 if a new one comes within 5 s of the last;
 * - `GET  /api/boards/<id>/history/<snapshotId>` (any role) → the board at that snapshot as board JSON
 *   (`?format=yjs`: the raw Yjs state, to read comments etc. with the document layer);
 * - `GET  /api/boards/<id>/history/<a>/diff/<b>` (any role; either may be `current`) →
 *   `{ from: SnapshotInfo | { id: 'current' }, to: …, diff: BoardDiff }`.
 * Browsing never changes the board. Restoring is done by the facilitator's
 * client with `restoreBoardTo` (shared/doc/review/restoreBoard.ts), so it lands on their undo stack.
 */
import { z } from 'zod';
import { diffBoards } from '../../shared/review/diff.ts';
import { validate, type BoardJson } from '../../shared/schema.ts';
import type { SnapshotMeta } from '../storage/types.ts';
import { EDITORS } from './auth.ts';
import { parse, readOptionalJsonBody } from './body.ts';
import { notFound, sendBytes, sendJson } from './respond.ts';
import { route, type Route } from './router.ts';
import type { ApiServices } from './routes.ts';

/** A snapshot as listed over HTTP (`at` as an ISO timestamp). */
interface SnapshotInfo {
  id: string;
  at: string;
  reason: SnapshotMeta['reason'];
  label?: string;
  phase?: string;
  savedBy?: SnapshotMeta['savedBy'];
  bytes: number;
}

const manualSnapshotBody = z.strictObject({ label: z.string().trim().min(1, 'must not be empty').max(200).optional() });
const SNAPSHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURRENT = 'current';

function info(meta: SnapshotMeta): SnapshotInfo {
  return {
    id: meta.id, at: new Date(meta.at).toISOString(), reason: meta.reason,
    ...(meta.label !== undefined ? { label: meta.label } : {}), ...(meta.phase !== undefined ? { phase: meta.phase } : {}),
    ...(meta.savedBy !== undefined ? { savedBy: meta.savedBy } : {}), bytes: meta.bytes,
  };
}

const noSuchSnapshot = () => notFound('no such snapshot');

/** The version history of a board: list, save one, read one, compare two. */
export function historyRoutes(s: Pick<ApiServices, 'access' | 'history'>): Route[] {
  return [
    route('GET', '/api/boards/:boardId/history', async ({ req, res, params: { boardId } }) => {
      await s.access.requireRole(req, boardId);
      sendJson(res, 200, { snapshots: (await s.history.list(boardId)).map(info) });
    }),
    route('POST', '/api/boards/:boardId/history', async ({ req, res, params: { boardId } }) => {
      const { role } = await s.access.requireRole(req, boardId, EDITORS, (role) => `${role}s cannot take snapshots`);
      const { label } = parse(validate(manualSnapshotBody, await readOptionalJsonBody(req, 4096)));
      sendJson(res, 201, { snapshot: info(await s.history.snapshot(boardId, 'manual', label, role)) });
    }),
    route('GET', '/api/boards/:boardId/history/:snapshotId', async ({ req, res, url, params: { boardId, snapshotId } }) => {
      await s.access.requireRole(req, boardId);
      if (!SNAPSHOT_ID.test(snapshotId)) throw noSuchSnapshot();
      if (url.searchParams.get('format') === 'yjs') {
        const state = await s.history.stateAt(boardId, snapshotId);
        if (!state) throw noSuchSnapshot();
        sendBytes(res, state);
        return;
      }
      const json = await s.history.boardJsonAt(boardId, snapshotId);
      if (!json) throw noSuchSnapshot();
      sendJson(res, 200, json);
    }),
    route('GET', '/api/boards/:boardId/history/:from/diff/:to', async ({ req, res, params: { boardId, from, to } }) => {
      await s.access.requireRole(req, boardId);
      const [a, b] = await Promise.all([version(s, boardId, from), version(s, boardId, to)]);
      sendJson(res, 200, { from: a.info, to: b.info, diff: diffBoards(a.board, b.board) });
    }),
  ];
}

/** A snapshot (or the current board) as board JSON plus what identifies it. */
async function version(ctx: Pick<ApiServices, 'history'>, boardId: string, id: string): Promise<{ info: SnapshotInfo | { id: 'current' }; board: BoardJson }> {
  if (id === CURRENT) return { info: { id: CURRENT }, board: await ctx.history.current(boardId) };
  if (!SNAPSHOT_ID.test(id)) throw noSuchSnapshot();
  const [meta, board] = await Promise.all([ctx.history.meta(boardId, id), ctx.history.boardJsonAt(boardId, id)]);
  if (!meta || !board) throw noSuchSnapshot();
  return { info: info(meta), board };
}
