/**
 * Who is asking, for every HTTP route: `Authorization: Bearer <secret>` names
 * a board role (a capability secret) or, on the routes of a person's own
 * votes and consent answers, a person (the personal token from joining). One
 * place decides, so every route answers the same 404 / 401 / 403.
 */
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../shared/protocol.ts';
import type { BoardAccess, BoardService } from '../boards.ts';
import { assertTakesPart, type FacilitationService, type PersonRecord } from '../facilitation/service.ts';
import { forbidden, notFound, unauthorized } from './respond.ts';

/** The secret or token of `Authorization: Bearer <value>` (any case of "Bearer"), if there is one. */
function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The roles that edit the board's content: participant and facilitator. */
export const EDITORS = ['participant', 'facilitator'] as const satisfies readonly Role[];
export const FACILITATOR = ['facilitator'] as const satisfies readonly Role[];

/** A caller's access to a board, with the secret they used (some routes unseal with it). */
interface Caller extends BoardAccess {
  secret: string;
}

/** What a refused role is told: a fixed sentence, or one naming the role ("viewers cannot add cards"). */
type Refusal = string | ((role: Role) => string);

export class Access {
  constructor(private readonly boards: BoardService, private readonly facilitation: FacilitationService) {}

  /**
   * The caller's access to `boardId`: 404 for no such board, 401 for a missing
   * or unknown secret, 403 (with `refusal`) when `roles` is given and the
   * caller's role is not in it. The projector secret is a viewer here, so every
   * viewer rule binds it.
   */
  async requireRole(req: IncomingMessage, boardId: string): Promise<Caller>;
  async requireRole<R extends Role>(req: IncomingMessage, boardId: string, roles: readonly R[], refusal?: Refusal): Promise<Caller & { role: R }>;
  async requireRole(req: IncomingMessage, boardId: string, roles?: readonly Role[], refusal: Refusal = 'only the facilitator may do this'): Promise<Caller> {
    const secret = bearer(req);
    const access = await this.boards.authorize(boardId, secret);
    if (access === 'not-found') throw notFound();
    if (access === 'unauthorized') throw unauthorized();
    if (roles && !roles.includes(access.role)) throw forbidden(typeof refusal === 'string' ? refusal : refusal(access.role));
    return { ...access, secret: secret! };
  }

  /**
   * The person whose personal token the request carries: 404 for no such
   * board, 401 when the token is no person of this board, and 403 for a
   * reviewer in a workshop round (`round`: votes and consent answers are for
   * the people in the room; a reviewer joins only so their comments are signed).
   * Viewers and the projector never have a personal token: they cannot join.
   */
  async requirePerson(req: IncomingMessage, boardId: string, round: 'vote' | 'consent'): Promise<PersonRecord> {
    if (!(await this.boards.get(boardId))) throw notFound();
    const person = await this.facilitation.resolvePerson(boardId, bearer(req));
    if (!person) throw unauthorized();
    assertTakesPart(person, round);
    return person;
  }
}
