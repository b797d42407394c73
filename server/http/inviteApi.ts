/**
 * Invite routes: the facilitator's view of the invite links on any device,
 * short join codes and projector codes (issue, redeem), and the join code as
 * the projector shows it. Redeeming either kind of code is rate-limited per
 * client, from one budget.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { validate } from '../../shared/schema.ts';
import type { BoardService } from '../boards.ts';
import type { Invites } from '../invites.ts';
import type { KeyedRateLimiter } from '../rateLimit.ts';
import { roleForSecret } from '../secrets.ts';
import { readJsonBody } from './body.ts';
import { badRequest, forbidden, notFound, rateLimited, sendJson, unauthorized } from './respond.ts';

export interface InviteContext {
  boards: BoardService;
  invites: Invites;
  /** Join-code attempts per client address. */
  redeemLimiter: KeyedRateLimiter;
}

const codeBody = z.strictObject({ secret: z.string().max(200).optional(), renew: z.boolean().optional() });
const renewBody = z.strictObject({ renew: z.boolean().optional() });

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

async function facilitatorOf(ctx: InviteContext, req: IncomingMessage, boardId: string): Promise<string> {
  const secret = bearer(req);
  const result = await ctx.boards.authorize(boardId, secret);
  if (result === 'not-found') throw notFound();
  if (result === 'unauthorized') throw unauthorized();
  if (result.role !== 'facilitator') throw forbidden('only the facilitator may do this');
  return secret!;
}

/**
 * Handles `/api/join/<code>`, `/api/present/<code>`, `/api/boards/<id>/invites`,
 * `/api/boards/<id>/join-codes` and `/api/boards/<id>/projector-codes` (POST
 * returns the board's current code; `{renew: true}` replaces it), and
 * `GET /api/boards/<id>/join-code` (the viewer: the code the wall shows).
 */
export async function handleInviteApi(ctx: InviteContext, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<boolean> {
  const method = req.method ?? 'GET';
  if ((parts[1] === 'join' || parts[1] === 'present') && parts.length === 3 && method === 'GET') {
    if (!ctx.redeemLimiter.take(req.socket.remoteAddress ?? '')) throw rateLimited();
    const kind = parts[1] === 'join' ? 'join' : 'present';
    const found = await ctx.invites.redeem(decodeURIComponent(parts[2]!).slice(0, 32), Date.now(), kind);
    if (!found) throw notFound(`no such ${kind === 'join' ? 'join' : 'projector'} code, or it has expired`);
    sendJson(res, 200, found);
    return true;
  }
  if (parts[1] !== 'boards' || parts.length !== 4) return false;
  const boardId = parts[2]!;
  if (parts[3] === 'invites' && method === 'GET') {
    const secret = await facilitatorOf(ctx, req, boardId);
    const invites = await ctx.invites.open(boardId, secret);
    if (!invites) throw notFound('this board has no stored invites');
    sendJson(res, 200, invites);
    return true;
  }
  if (parts[3] === 'join-codes' && method === 'POST') {
    const secret = await facilitatorOf(ctx, req, boardId);
    const checked = validate(codeBody, await readJsonBody(req, 4096));
    if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
    let participant = checked.value.secret;
    if (participant !== undefined) {
      const record = await ctx.boards.get(boardId);
      if (!record || roleForSecret(record, participant) !== 'participant') throw badRequest('secret', 'is not this board\'s participant secret');
    } else {
      participant = (await ctx.invites.open(boardId, secret))?.participant;
      if (!participant) throw badRequest('secret', 'required: this board has no stored invites');
    }
    const viewer = (await ctx.invites.open(boardId, secret))?.viewer;
    sendJson(res, 201, await ctx.invites.currentCode(boardId, participant, secret, { renew: checked.value.renew ?? false, ...(viewer ? { viewerSecret: viewer } : {}) }));
    return true;
  }
  if (parts[3] === 'projector-codes' && method === 'POST') {
    const secret = await facilitatorOf(ctx, req, boardId);
    const checked = validate(renewBody, await readJsonBody(req, 4096));
    if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
    const viewer = (await ctx.invites.open(boardId, secret))?.viewer;
    if (!viewer) throw notFound('this board has no stored invites');
    sendJson(res, 201, await ctx.invites.currentCode(boardId, viewer, secret, { renew: checked.value.renew ?? false, kind: 'present' }));
    return true;
  }
  if (parts[3] === 'join-code' && method === 'GET') {
    const secret = bearer(req);
    const result = await ctx.boards.authorize(boardId, secret);
    if (result === 'not-found') throw notFound();
    if (result === 'unauthorized') throw unauthorized();
    if (result.role !== 'viewer') throw forbidden('this is the projector\'s view of the join code; the facilitator creates codes with POST join-codes');
    const code = await ctx.invites.codeForViewer(boardId, secret!);
    if (!code) throw notFound('no join code is on show');
    sendJson(res, 200, code);
    return true;
  }
  return false;
}
