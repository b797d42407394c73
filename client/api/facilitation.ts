/**
 * The facilitation HTTP API as the browser uses it (server/http/facilitationApi.ts):
 * joining as a person (personal token), secret votes, consent answers, the
 * facilitator's server-side actions, and the server clock for the shared timer.
 */
import type { ConsentRound, PhaseId, VotingRound } from '../../shared/doc/control.ts';
import type { ColumnId, ConsentMethod, Thumb } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import { ApiError } from './boards.ts';
import type { ConsentAnswerView, ConsentResponse } from '../../shared/consentApi.ts';

/** A person's answers in a consent round (their own, or recorded by the facilitator for them), by commitment. */
export type ConsentAnswer = ConsentAnswerView;
export type { ConsentResponse };

export interface JoinedPerson {
  personId: string;
  token: string;
  name: string;
  role: Exclude<Role, 'viewer'>;
}

/** A person's own ballot in the open round: only they (and the server) know it. */
export interface MyVotes {
  round: VotingRound | null;
  /** Card ids, once per vote (a card twice when several votes per card are allowed). */
  mine: string[];
  remaining: number;
}

export type TimerAction = 'start' | 'pause' | 'resume' | 'extend' | 'reset';

export type ConsentValue = Thumb | number;

/** One answer on one commitment of a consent round. */
export interface GivenAnswer {
  commitment: string;
  value: ConsentValue;
  objection?: string;
}


export type FacilitatorAction =
  | { action: 'startVoting'; columns: ColumnId[]; votesPerPerson: number; allowMultiple: boolean }
  | { action: 'closeVoting' | 'revealVotes' | 'cancelVoting' | 'revealDrafts' }
  | { action: 'timer'; op: TimerAction; minutes?: number; phase?: PhaseId }
  | { action: 'startConsent'; commitments: string[]; method: ConsentMethod }
  | { action: 'consentFor'; name: string; value: ConsentValue; objection?: string; commitment?: string }
  | { action: 'consentForEach'; name: string; answers: GivenAnswer[] }
  | { action: 'closeConsent' | 'endConsent' };

async function call<T>(path: string, token: string | null, body?: unknown, method?: 'DELETE'): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        Accept: 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message.replace(/^[a-zA-Z.]+: /, '') : `Request failed (${response.status}).`;
    throw new ApiError(response.status, typeof error?.code === 'string' ? error.code : String(response.status), message);
  }
  return parsed as T;
}

const board = (boardId: string, sub: string) => `/api/boards/${encodeURIComponent(boardId)}/${sub}`;

/**
 * Joins a board as a named person; the personal token is shown only this once.
 * `rejoin`: this browser's token that a reset of the link revoked: the server
 * gives the same person back (their votes, drafts and comments).
 */
export function joinBoard(boardId: string, boardSecret: string, name: string, rejoin?: string): Promise<JoinedPerson> {
  return call<JoinedPerson>(board(boardId, 'people'), boardSecret, rejoin ? { name, rejoin } : { name });
}

export function castVote(boardId: string, personalToken: string, card: string, op: 'add' | 'remove'): Promise<MyVotes> {
  return call<MyVotes>(board(boardId, 'votes'), personalToken, { card, op });
}

export function fetchMyVotes(boardId: string, personalToken: string): Promise<MyVotes> {
  return call<MyVotes>(board(boardId, 'votes/me'), personalToken);
}

/** My answers in the open consent round, each on its commitment (`round`: its id, so an answer never lands in a newer round). */
export function answerConsent(boardId: string, personalToken: string, round: string, answers: readonly GivenAnswer[]): Promise<{ round: ConsentRound; mine: ConsentAnswer }> {
  return call(board(boardId, 'consent'), personalToken, { round, answers: answers.map(withoutBlank) });
}

/** An answer as sent: an objection only when there is text. */
export function withoutBlank(a: GivenAnswer): GivenAnswer {
  return a.objection?.trim() ? { commitment: a.commitment, value: a.value, objection: a.objection } : { commitment: a.commitment, value: a.value };
}

export function fetchMyConsent(boardId: string, personalToken: string): Promise<{ round: ConsentRound | null; mine: ConsentAnswer | null }> {
  return call(board(boardId, 'consent/me'), personalToken);
}

/** Who answered what in the closed consent round (facilitator only). */
export function fetchConsentAnswers(boardId: string, facilitatorSecret: string): Promise<{ round: ConsentRound | null; responses: ConsentResponse[] }> {
  return call(board(boardId, 'consent'), facilitatorSecret);
}

/** A facilitator action the server carries out (voting rounds, reveal of drafts, the timer). */
export function facilitate<T = unknown>(boardId: string, facilitatorSecret: string, action: FacilitatorAction): Promise<T> {
  return call<T>(board(boardId, 'facilitation'), facilitatorSecret, action);
}

/** The facilitator removes a person from the board (their votes and open answers stop counting; server/facilitation/removal.ts). */
export function removePerson(boardId: string, facilitatorSecret: string, personId: string, options: { cards?: boolean } = {}): Promise<unknown> {
  return call(board(boardId, `people/${encodeURIComponent(personId)}${options.cards ? '?cards=true' : ''}`), facilitatorSecret, undefined, 'DELETE');
}

/** The facilitator removes everyone a link reset revoked who has not joined again (server/facilitation/removal.ts). */
export function removeRevokedPeople(boardId: string, facilitatorSecret: string): Promise<{ removed: unknown[] }> {
  return call(board(boardId, 'people?revoked=true'), facilitatorSecret, undefined, 'DELETE');
}

/** One reading of the server clock, with the local send and receive times around it. */
export async function sampleServerClock(): Promise<{ sentAt: number; serverNow: number; receivedAt: number }> {
  const sentAt = Date.now();
  const { now } = await call<{ now: number }>('/api/time', null);
  return { sentAt, serverNow: now, receivedAt: Date.now() };
}
