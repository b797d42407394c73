/**
 * Invite routes: the facilitator's view of the invite links on any device,
 * short join codes and projector codes (issue, redeem), and the join code as
 * the projector shows it. Wrong codes of either kind are rate-limited per
 * client and globally (server/joinThrottle.ts); correct ones are not.
 */
import { z } from 'zod';
import { validate } from '../../shared/schema.ts';
import type { Invites } from '../invites.ts';
import { roleForSecret } from '../secrets.ts';
import { RESETTABLE_LINKS, type ResettableLink } from '../../shared/protocol.ts';
import { FACILITATOR } from './auth.ts';
import { parse, readJsonBody } from './body.ts';
import { badRequest, forbidden, HttpError, notFound, sendJson } from './respond.ts';
import { route, type Route, type RouteContext } from './router.ts';
import type { ApiServices } from './routes.ts';

const codeBody = z.strictObject({ secret: z.string().max(200).optional(), renew: z.boolean().optional() });
const renewBody = z.strictObject({ renew: z.boolean().optional() });
const resetBody = z.strictObject({ role: z.string().max(40) });
const isResettable = (role: string): role is ResettableLink => (RESETTABLE_LINKS as readonly string[]).includes(role);

/**
 * `GET /api/join/<code>` and `/api/present/<code>` (redeem a code),
 * `GET /api/boards/<id>/invites`, `POST /api/boards/<id>/join-codes` and
 * `…/projector-codes` (the board's current code; `{renew: true}` replaces it),
 * `GET /api/boards/<id>/join-code` (the projector: the code the wall shows),
 * and `POST /api/boards/<id>/invites/reset` (a new participant, viewer, reviewer or projector link, ../linkReset.ts).
 */
export function inviteRoutes(s: Pick<ApiServices, 'access' | 'boards' | 'invites' | 'linkReset' | 'joinThrottle' | 'clientKey'>): Route[] {
  const redeem = (kind: 'join' | 'present') => async ({ req, res, params: { code } }: RouteContext<{ code: string }>) => {
    const attempt = s.joinThrottle.attempt(s.clientKey(req));
    if (!attempt) throw new HttpError(429, 'rate_limited', 'too many wrong codes: wait a moment and try again', { 'Retry-After': '10' });
    let found: Awaited<ReturnType<Invites['redeem']>>;
    try {
      found = await s.invites.redeem(code.slice(0, 32), Date.now(), kind);
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
  };
  return [
    route('GET', '/api/join/:code', redeem('join')),
    route('GET', '/api/present/:code', redeem('present')),
    route('GET', '/api/boards/:boardId/invites', async ({ req, res, params: { boardId } }) => {
      const { secret } = await s.access.requireRole(req, boardId, FACILITATOR);
      const invites = await s.invites.open(boardId, secret);
      if (!invites) throw notFound('this board has no stored invites');
      sendJson(res, 200, invites);
    }),
    route('POST', '/api/boards/:boardId/invites/reset', async ({ req, res, params: { boardId } }) => {
      const { secret } = await s.access.requireRole(req, boardId, FACILITATOR, 'only the facilitator may reset a link');
      const { role } = parse(validate(resetBody, await readJsonBody(req, 4096)));
      // The facilitator's own link is not one of them: whoever holds it could reset every other.
      if (!isResettable(role)) throw badRequest('role', `must be one of ${RESETTABLE_LINKS.join(', ')}`);
      const invites = await s.linkReset.reset(boardId, secret, role);
      if (!invites) throw notFound('this board has no stored invites');
      sendJson(res, 200, invites);
    }),
    route('POST', '/api/boards/:boardId/join-codes', async ({ req, res, params: { boardId } }) => {
      const { secret, record } = await s.access.requireRole(req, boardId, FACILITATOR);
      const body = parse(validate(codeBody, await readJsonBody(req, 4096)));
      let participant = body.secret;
      if (participant !== undefined) {
        if (roleForSecret(record, participant) !== 'participant') throw badRequest('secret', 'is not this board\'s participant secret');
      } else {
        participant = (await s.invites.open(boardId, secret))?.participant;
        if (!participant) throw badRequest('secret', 'required: this board has no stored invites');
      }
      // Sealed for the projector too, so the wall can show it (a board without one gets it now).
      const projector = (await s.invites.open(boardId, secret))?.projector;
      sendJson(res, 201, await s.invites.currentCode(boardId, participant, secret, { renew: body.renew ?? false, ...(projector ? { projectorSecret: projector } : {}) }));
    }),
    route('POST', '/api/boards/:boardId/projector-codes', async ({ req, res, params: { boardId } }) => {
      const { secret } = await s.access.requireRole(req, boardId, FACILITATOR);
      const { renew } = parse(validate(renewBody, await readJsonBody(req, 4096)));
      const projector = (await s.invites.open(boardId, secret))?.projector;
      if (!projector) throw notFound('this board has no stored invites');
      sendJson(res, 201, await s.invites.currentCode(boardId, projector, secret, { renew: renew ?? false, kind: 'present' }));
    }),
    route('GET', '/api/boards/:boardId/join-code', async ({ req, res, params: { boardId } }) => {
      const { secret, projector } = await s.access.requireRole(req, boardId);
      // The projector secret only: the viewer link is also the stakeholders' review link, and must not become a participant's.
      if (!projector) throw forbidden('only the projector link reads the join code on the wall; the facilitator creates codes with POST join-codes');
      const code = await s.invites.codeForProjector(boardId, secret);
      if (!code) throw notFound('no join code is on show');
      sendJson(res, 200, code);
    }),
  ];
}
