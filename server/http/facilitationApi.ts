/**
 * HTTP routes of facilitation: joining (personal tokens), secret votes,
 * consent answered on each person's own device, and the facilitator's
 * server-side actions (voting and consent rounds, reveal of private writing,
 * the timer), which the server enforces rather than trusting the UI. The
 * server clock for the shared timer.
 */
import { z } from 'zod';
import { columnIdSchema, validate } from '../../shared/schema.ts';
import { CONSENT_METHODS, THUMBS } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import type { TimerOp } from '../../shared/timer.ts';
import { isPhaseId } from '../../shared/doc/control.ts';
import { FACILITATOR } from './auth.ts';
import { parse, readJsonBody } from './body.ts';
import { badRequest, sendJson } from './respond.ts';
import { route, type Route } from './router.ts';
import type { ApiServices } from './routes.ts';

/** Who joins as a person: the people of the workshop, and reviewers (so their comments are signed). */
const PEOPLE = ['participant', 'facilitator', 'reviewer'] as const satisfies readonly Role[];

const joinBody = z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(60), rejoin: z.string().max(200).optional() });
const voteBody = z.strictObject({ card: z.string().min(1).max(64), op: z.enum(['add', 'remove']) });
// Any length in whole seconds (0.5 is 30 s: a short writing sprint), up to a day.
const minutes = z.number().positive().max(24 * 60).refine((m) => Number.isInteger(Math.round(m * 60 * 1000) / 1000), 'must be whole seconds (e.g. 0.5 for 30 s)');
const consentValue = z.union([z.enum(THUMBS), z.number().int().min(0).max(5)]);
const objection = z.string().max(2000).optional();
const commitmentId = z.string().min(1).max(64);
/** One answer for the whole round, or on one commitment (`commitment`), or a list of answers each on its commitment. */
const consentGiven = {
  one: { value: consentValue, objection, commitment: commitmentId.optional() },
  each: { answers: z.array(z.strictObject({ commitment: commitmentId, value: consentValue, objection })).min(1).max(50) },
};
const consentBody = z.union([
  z.strictObject({ round: z.string().min(1).max(64), ...consentGiven.one }),
  z.strictObject({ round: z.string().min(1).max(64), ...consentGiven.each }),
]);
const personName = z.string().trim().min(1, 'must not be empty').max(60);
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
  z.strictObject({
    action: z.literal('timer'), op: z.enum(['start', 'pause', 'resume', 'extend', 'reset']), minutes: minutes.optional(),
    // The phase a timebox is started for (the console's phase change sends it: its write of the phase may reach the server after this call).
    phase: z.string().refine(isPhaseId, 'not a phase').optional(),
  }),
  z.strictObject({ action: z.literal('startConsent'), commitments: z.array(z.string().min(1).max(64)).min(1).max(50), method: z.enum(CONSENT_METHODS) }),
  z.strictObject({ action: z.literal('consentFor'), name: personName, ...consentGiven.one }),
  z.strictObject({ action: z.literal('consentForEach'), name: personName, ...consentGiven.each }),
  z.strictObject({ action: z.literal('closeConsent') }),
  z.strictObject({ action: z.literal('endConsent') }),
]);

/** `/api/time`, joining as a person (and the facilitator removing one), a person's own votes and consent answers, and the facilitator's actions. */
export function facilitationRoutes(s: Pick<ApiServices, 'access' | 'facilitation' | 'voting' | 'consent' | 'removal'>): Route[] {
  return [
    route('GET', '/api/time', ({ res }) => sendJson(res, 200, { now: Date.now() })),
    route('POST', '/api/boards/:boardId/people', async ({ req, res, params: { boardId } }) => {
      // Participants and the facilitator join the workshop; a reviewer joins so that the server signs
      // their comments and check-ins (they take no part in votes, drafts or consent rounds).
      const { role } = await s.access.requireRole(req, boardId, PEOPLE, 'viewers do not join as people');
      const { name, rejoin } = parse(validate(joinBody, await readJsonBody(req, 4096)));
      const { person: joined, token } = await s.facilitation.join(boardId, role, name, rejoin);
      sendJson(res, 201, { personId: joined.id, name: joined.name, role: joined.role, token });
    }),
    route('DELETE', '/api/boards/:boardId/people/:personId', async ({ req, res, url, params: { boardId, personId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR, 'only the facilitator removes someone from the workshop');
      // `cards=true`: the cards they added go too (but for agreed work), for someone who filled the board with junk.
      const cards = url.searchParams.get('cards');
      if (cards !== null && cards !== 'true' && cards !== 'false') throw badRequest('cards', 'must be "true" (their cards go too) or "false"');
      const { person, cards: theirCards } = await s.removal.remove(boardId, personId, { cards: cards === 'true' });
      sendJson(res, 200, { removed: person, ...(theirCards ? { cards: theirCards } : {}) });
    }),
    route('DELETE', '/api/boards/:boardId/people', async ({ req, res, url, params: { boardId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR, 'only the facilitator removes someone from the workshop');
      // Only those a link reset revoked who have not joined again: there is no "remove everyone".
      if (url.searchParams.get('revoked') !== 'true') throw badRequest('revoked', 'must be "true": this removes everyone a link reset revoked who has not joined again');
      sendJson(res, 200, { removed: await s.removal.removeRevoked(boardId) });
    }),
    route('POST', '/api/boards/:boardId/votes', async ({ req, res, params: { boardId } }) => {
      const who = await s.access.requirePerson(req, boardId, 'vote');
      const { card, op } = parse(validate(voteBody, await readJsonBody(req, 4096)));
      sendJson(res, 200, await s.voting.vote(boardId, who, card, op));
    }),
    route('GET', '/api/boards/:boardId/votes/me', async ({ req, res, params: { boardId } }) => {
      const who = await s.access.requirePerson(req, boardId, 'vote');
      sendJson(res, 200, await s.voting.myVotes(boardId, who));
    }),
    route('POST', '/api/boards/:boardId/consent', async ({ req, res, params: { boardId } }) => {
      const who = await s.access.requirePerson(req, boardId, 'consent');
      const body = parse(validate(consentBody, await readJsonBody(req, 8192)));
      const { round, ...given } = body;
      sendJson(res, 200, await s.consent.answer(boardId, who, round, given));
    }),
    route('GET', '/api/boards/:boardId/consent/me', async ({ req, res, params: { boardId } }) => {
      const who = await s.access.requirePerson(req, boardId, 'consent');
      sendJson(res, 200, await s.consent.mine(boardId, who));
    }),
    route('GET', '/api/boards/:boardId/consent', async ({ req, res, params: { boardId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR, 'only the facilitator sees who answered what');
      sendJson(res, 200, await s.consent.responses(boardId));
    }),
    route('POST', '/api/boards/:boardId/facilitation', async ({ req, res, params: { boardId } }) => {
      await s.access.requireRole(req, boardId, FACILITATOR);
      const action = parse(validate(actionBody, await readJsonBody(req, 8192)));
      sendJson(res, 200, await runAction(s, boardId, action));
    }),
  ];
}

async function runAction(ctx: Pick<ApiServices, 'facilitation' | 'voting' | 'consent'>, boardId: string, action: z.infer<typeof actionBody>): Promise<unknown> {
  const f = ctx.facilitation;
  const v = ctx.voting;
  switch (action.action) {
    case 'startVoting':
      return { facilitation: await v.startVoting(boardId, action) };
    case 'closeVoting':
      return { facilitation: await v.closeVoting(boardId) };
    case 'revealVotes':
      return { facilitation: await v.revealVotes(boardId) };
    case 'cancelVoting':
      return { facilitation: await v.cancelVoting(boardId) };
    case 'revealDrafts':
      return await f.revealDrafts(boardId);
    case 'startConsent':
      return { consent: await ctx.consent.start(boardId, action.commitments, action.method) };
    case 'consentFor':
    case 'consentForEach': {
      const { action: _, name, ...given } = action;
      return { consent: await ctx.consent.recordFor(boardId, name, given) };
    }
    case 'closeConsent':
      return { consent: await ctx.consent.close(boardId) };
    case 'endConsent':
      await ctx.consent.end(boardId);
      return { consent: null };
    case 'timer': {
      const ms = action.minutes !== undefined ? action.minutes * 60_000 : undefined;
      if ((action.op === 'start' || action.op === 'extend') && ms === undefined) throw badRequest('minutes', `required to ${action.op} the timer`);
      const op: TimerOp = action.op === 'start' ? { op: 'start', durationMs: ms!, ...(action.phase && isPhaseId(action.phase) ? { phase: action.phase } : {}) }
        : action.op === 'extend' ? { op: 'extend', ms: ms! }
          : action.op === 'reset' ? { op: 'reset', ...(ms !== undefined ? { durationMs: ms } : {}) }
            : { op: action.op };
      return { facilitation: await f.timer(boardId, op) };
    }
  }
}
