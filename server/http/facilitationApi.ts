/**
 * HTTP routes of facilitation (issue 4): joining (personal tokens), secret
 * votes, consent answered on each person's own device, and the facilitator's
 * server-side actions (voting and consent rounds, reveal of private writing,
 * the timer). The server clock for the shared timer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { columnIdSchema, validate } from '../../shared/schema.ts';
import { CONSENT_METHODS, THUMBS } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import type { TimerOp } from '../../shared/timer.ts';
import type { BoardService } from '../boards.ts';
import { FacilitationError, type FacilitationService, type PersonRecord } from '../facilitation/service.ts';
import type { ConsentService } from '../facilitation/consent.ts';
import { readJsonBody } from './body.ts';
import { badRequest, forbidden, HttpError, notFound, sendJson, unauthorized } from './respond.ts';

export interface FacilitationContext {
  boards: BoardService;
  facilitation: FacilitationService;
  consent: ConsentService;
}

const joinBody = z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(60) });
const voteBody = z.strictObject({ card: z.string().min(1).max(64), op: z.enum(['add', 'remove']) });
const minutes = z.number().int().positive().max(24 * 60);
const consentValue = z.union([z.enum(THUMBS), z.number().int().min(0).max(5)]);
const objection = z.string().max(2000).optional();
const consentBody = z.strictObject({ round: z.string().min(1).max(64), value: consentValue, objection });
const actionBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('startVoting'),
    columns: z.array(columnIdSchema).min(1).max(6),
    votesPerPerson: z.number().int().min(1).max(50),
    allowMultiple: z.boolean(),
  }),
  z.strictObject({ action: z.literal('closeVoting') }),
  z.strictObject({ action: z.literal('revealVotes') }),
  z.strictObject({ action: z.literal('cancelVoting') }),
  z.strictObject({ action: z.literal('revealDrafts') }),
  z.strictObject({ action: z.literal('timer'), op: z.enum(['start', 'pause', 'resume', 'extend', 'reset']), minutes: minutes.optional() }),
  z.strictObject({ action: z.literal('startConsent'), commitments: z.array(z.string().min(1).max(64)).min(1).max(50), method: z.enum(CONSENT_METHODS) }),
  z.strictObject({ action: z.literal('consentFor'), name: z.string().trim().min(1, 'must not be empty').max(60), value: consentValue, objection }),
  z.strictObject({ action: z.literal('closeConsent') }),
  z.strictObject({ action: z.literal('endConsent') }),
]);

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

async function boardRole(ctx: FacilitationContext, req: IncomingMessage, boardId: string): Promise<Role> {
  const result = await ctx.boards.authorize(boardId, bearer(req));
  if (result === 'not-found') throw notFound();
  if (result === 'unauthorized') throw unauthorized();
  return result.role;
}

async function person(ctx: FacilitationContext, req: IncomingMessage, boardId: string): Promise<PersonRecord> {
  if (!(await ctx.boards.get(boardId))) throw notFound();
  const found = await ctx.facilitation.resolvePerson(boardId, bearer(req));
  if (!found) throw unauthorized();
  return found;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const checked = validate(schema, body);
  if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
  return checked.value;
}

/** Handles `/api/time` and `/api/boards/<id>/{people,votes,consent,facilitation}`; false if no route matches. */
export async function handleFacilitationApi(ctx: FacilitationContext, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (parts[1] === 'time' && parts.length === 2 && method === 'GET') {
    sendJson(res, 200, { now: Date.now() });
    return true;
  }
  if (parts[1] !== 'boards' || parts.length < 4) return false;
  const boardId = parts[2]!;
  const sub = parts.slice(3).join('/');
  try {
    if (sub === 'people' && method === 'POST') {
      // Participants and the facilitator join the workshop; a reviewer joins so that the server signs
      // their comments and check-ins (they take no part in votes, drafts or consent rounds).
      const role = await boardRole(ctx, req, boardId);
      if (role === 'viewer') throw forbidden('viewers do not join as people');
      const { name } = parse(joinBody, await readJsonBody(req, 4096));
      const { person: joined, token } = await ctx.facilitation.join(boardId, role, name);
      sendJson(res, 201, { personId: joined.id, name: joined.name, role: joined.role, token });
      return true;
    }
    if (sub === 'votes' && method === 'POST') {
      const who = await person(ctx, req, boardId);
      const { card, op } = parse(voteBody, await readJsonBody(req, 4096));
      sendJson(res, 200, await ctx.facilitation.vote(boardId, who, card, op));
      return true;
    }
    if (sub === 'votes/me' && method === 'GET') {
      const who = await person(ctx, req, boardId);
      sendJson(res, 200, await ctx.facilitation.myVotes(boardId, who));
      return true;
    }
    if (sub === 'consent' && method === 'POST') {
      const who = await person(ctx, req, boardId);
      const body = parse(consentBody, await readJsonBody(req, 8192));
      sendJson(res, 200, await ctx.consent.answer(boardId, who, body.round, body.value, body.objection));
      return true;
    }
    if (sub === 'consent/me' && method === 'GET') {
      const who = await person(ctx, req, boardId);
      sendJson(res, 200, await ctx.consent.mine(boardId, who));
      return true;
    }
    if (sub === 'consent' && method === 'GET') {
      if ((await boardRole(ctx, req, boardId)) !== 'facilitator') throw forbidden('only the facilitator sees who answered what');
      sendJson(res, 200, await ctx.consent.responses(boardId));
      return true;
    }
    if (sub === 'facilitation' && method === 'POST') {
      const role = await boardRole(ctx, req, boardId);
      if (role !== 'facilitator') throw forbidden('only the facilitator may do this');
      const action = parse(actionBody, await readJsonBody(req, 8192));
      sendJson(res, 200, await runAction(ctx, boardId, action));
      return true;
    }
  } catch (error) {
    if (error instanceof FacilitationError) {
      throw new HttpError(error.status, error.status === 409 ? 'conflict' : error.status === 400 ? 'bad_request' : 'forbidden', `${error.path}: ${error.message}`);
    }
    throw error;
  }
  return false;
}

async function runAction(ctx: FacilitationContext, boardId: string, action: z.infer<typeof actionBody>): Promise<unknown> {
  const f = ctx.facilitation;
  switch (action.action) {
    case 'startVoting':
      return { facilitation: await f.startVoting(boardId, action) };
    case 'closeVoting':
      return { facilitation: await f.closeVoting(boardId) };
    case 'revealVotes':
      return { facilitation: await f.revealVotes(boardId) };
    case 'cancelVoting':
      return { facilitation: await f.cancelVoting(boardId) };
    case 'revealDrafts':
      return await f.revealDrafts(boardId);
    case 'startConsent':
      return { consent: await ctx.consent.start(boardId, action.commitments, action.method) };
    case 'consentFor':
      return { consent: await ctx.consent.recordFor(boardId, action.name, action.value, action.objection) };
    case 'closeConsent':
      return { consent: await ctx.consent.close(boardId) };
    case 'endConsent':
      await ctx.consent.end(boardId);
      return { consent: null };
    case 'timer': {
      const ms = action.minutes !== undefined ? action.minutes * 60_000 : undefined;
      if ((action.op === 'start' || action.op === 'extend') && ms === undefined) throw badRequest('minutes', `required to ${action.op} the timer`);
      const op: TimerOp = action.op === 'start' ? { op: 'start', durationMs: ms! }
        : action.op === 'extend' ? { op: 'extend', ms: ms! }
          : action.op === 'reset' ? { op: 'reset', ...(ms !== undefined ? { durationMs: ms } : {}) }
            : { op: action.op };
      return { facilitation: await f.timer(boardId, op) };
    }
  }
}
