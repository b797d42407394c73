/**
 * Invite routes: the facilitator's view of the invite links on any device,
 * short join codes and projector codes (issue, redeem), and the join code as
 * the projector shows it. Wrong codes of either kind are rate-limited per
 * client and globally (server/joinThrottle.ts); correct ones are not.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { validate } from '../../shared/schema.ts';
import type { BoardService } from '../boards.ts';
import type { Invites } from '../invites.ts';
import type { JoinThrottle } from '../joinThrottle.ts';
import { roleForSecret } from '../secrets.ts';
import { readJsonBody } from './body.ts';
import { badRequest, forbidden, HttpError, notFound, sendJson, unauthorized } from './respond.ts';

export interface InviteContext {
  boards: BoardService;
  invites: Invites;
  /** Wrong join codes, per client and in all. */
  joinThrottle: JoinThrottle;
  /** The key a request's client is counted under (its address behind trusted proxies). */
  clientKey: (req: IncomingMessage) => string;
}

const codeBody = z.strictObject({ secret: z.string().max(200).optional(), renew: z.boolean().optional() });
const renewBody = z.strictObject({ renew: z.boolean().optional() });

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}

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
 * `GET /api/boards/<id>/join-code` (the projector: the code the wall shows).
 */
export async function handleInviteApi(ctx: InviteContext, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<boolean> {
  const method = req.method ?? 'GET';
  if ((parts[1] === 'join' || parts[1] === 'present') && parts.length === 3 && method === 'GET') {
    const kind = parts[1] === 'join' ? 'join' : 'present';
    const attempt = ctx.joinThrottle.attempt(ctx.clientKey(req));
    if (!attempt) throw new HttpError(429, 'rate_limited', 'too many wrong codes: wait a moment and try again', { 'Retry-After': '10' });
    let found: Awaited<ReturnType<Invites['redeem']>>;
    try {
      found = await ctx.invites.redeem(safeDecode(parts[2]!).slice(0, 32), Date.now(), kind);
    } catch (error) {
      attempt.correct(); // our failure, not a guess
      throw error;
    }
    if (!found) {
      attempt.wrong();
      throw notFound(`no such ${kind === 'join' ? 'join' : 'projector'} code, or it has expired`);
    }
    attempt.correct();
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
    // Sealed for the projector too, so the wall can show it (a board without one gets it now).
    const projector = (await ctx.invites.open(boardId, secret))?.projector;
    sendJson(res, 201, await ctx.invites.currentCode(boardId, participant, secret, { renew: checked.value.renew ?? false, ...(projector ? { projectorSecret: projector } : {}) }));
    return true;
  }
  if (parts[3] === 'projector-codes' && method === 'POST') {
    const secret = await facilitatorOf(ctx, req, boardId);
    const checked = validate(renewBody, await readJsonBody(req, 4096));
    if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
    const projector = (await ctx.invites.open(boardId, secret))?.projector;
    if (!projector) throw notFound('this board has no stored invites');
    sendJson(res, 201, await ctx.invites.currentCode(boardId, projector, secret, { renew: checked.value.renew ?? false, kind: 'present' }));
    return true;
  }
  if (parts[3] === 'join-code' && method === 'GET') {
    const secret = bearer(req);
    const result = await ctx.boards.authorize(boardId, secret);
    if (result === 'not-found') throw notFound();
    if (result === 'unauthorized') throw unauthorized();
    // The projector secret only: the viewer link is also the stakeholders' review link, and must not become a participant's.
    if (!result.projector) throw forbidden('only the projector link reads the join code on the wall; the facilitator creates codes with POST join-codes');
    const code = await ctx.invites.codeForProjector(boardId, secret!);
    if (!code) throw notFound('no join code is on show');
    sendJson(res, 200, code);
    return true;
  }
  return false;
}
