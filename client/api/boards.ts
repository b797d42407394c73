/** The board HTTP API as the browser uses it (CONTRACT.md). */
import type { Direction } from '../../shared/model.ts';
import { ROLES, type ResettableLink, type Role } from '../../shared/protocol.ts';

export interface BoardSecrets {
  facilitator: string;
  participant: string;
  viewer: string;
  /** Absent in what a browser remembered of a board before the reviewer role. */
  reviewer?: string;
  /** The projector link's key (a viewer that may also read the join code on the wall); absent in what a browser remembered before it. */
  projector?: string;
}

export interface CreatedBoard {
  id: string;
  title: string;
  secrets: BoardSecrets;
}

export interface BoardAccess {
  id: string;
  title: string;
  role: Role;
  /** The projector secret: the viewer role, and the join code on the wall readable. */
  projector?: boolean;
}

/** An error answer of the API, or `network` when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : String(response.status),
      typeof error?.message === 'string' ? error.message : `Request failed (${response.status}).`,
    );
  }
  return body as T;
}

export function createBoard(input: { title: string; example: boolean; direction?: Direction }): Promise<CreatedBoard> {
  return request<CreatedBoard>('/api/boards', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
}

/** Which role a secret gives on a board (401 bad secret, 404 no such board). */
export async function fetchBoardAccess(boardId: string, secret: string): Promise<BoardAccess> {
  const access = await request<BoardAccess>(`/api/boards/${encodeURIComponent(boardId)}`, {
    headers: { Authorization: `Bearer ${secret}` },
  });
  if (!(ROLES as readonly string[]).includes(access.role)) {
    throw new ApiError(500, 'bad-response', 'The server answered with an unknown role.');
  }
  return access;
}

export interface JoinCode {
  code: string;
  expiresAt?: string;
}

/**
 * Creates a short join code for the participant link (facilitator only).
 * The server seals the participant secret under a key derived from the code.
 */
export function createJoinCode(boardId: string, facilitatorSecret: string, participantSecret: string): Promise<JoinCode> {
  return request<JoinCode>(`/api/boards/${encodeURIComponent(boardId)}/join-codes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${facilitatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret: participantSecret }),
  });
}

/**
 * Makes sure the board has a current join code (facilitator only; the server
 * unseals the participant secret itself), so the projector can show it.
 */
export function ensureJoinCode(boardId: string, facilitatorSecret: string): Promise<JoinCode> {
  return request<JoinCode>(`/api/boards/${encodeURIComponent(boardId)}/join-codes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${facilitatorSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
}

/** The board's current projector code (facilitator only): typed at /present, it opens the read-only projector link. */
export function createProjectorCode(boardId: string, facilitatorSecret: string): Promise<JoinCode> {
  return request<JoinCode>(`/api/boards/${encodeURIComponent(boardId)}/projector-codes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${facilitatorSecret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
}

/** Exchanges a projector code for the projector link's key (`GET /api/present/<code>`). */
export function redeemProjectorCode(code: string): Promise<{ boardId: string; secret: string }> {
  return request<{ boardId: string; secret: string }>(`/api/present/${encodeURIComponent(code)}`);
}

/** The join code the projector shows, and the participant secret it stands for (projector secret); fails when none is on show. */
export function fetchShownJoinCode(boardId: string, projectorSecret: string): Promise<JoinCode & { secret: string }> {
  return request<JoinCode & { secret: string }>(`/api/boards/${encodeURIComponent(boardId)}/join-code`, { headers: { Authorization: `Bearer ${projectorSecret}` } });
}

/** The secrets the facilitator hands out (`GET /api/boards/<id>/invites`). */
export type InviteSecrets = Required<Omit<BoardSecrets, 'facilitator'>>;

/** The participant, viewer, reviewer and projector secrets, unsealed by the server for the facilitator (any device). */
export function fetchInvites(boardId: string, facilitatorSecret: string): Promise<InviteSecrets> {
  return request<InviteSecrets>(`/api/boards/${encodeURIComponent(boardId)}/invites`, {
    headers: { Authorization: `Bearer ${facilitatorSecret}` },
  });
}

/**
 * Replaces one link's secret (facilitator only; `POST /api/boards/<id>/invites/reset`):
 * the old link stops working (for the participant link also its join code and the
 * participants' personal tokens, for the reviewer link the reviewers'), and everyone
 * connected with it is disconnected. Answers the invites after it.
 */
export function resetLink(boardId: string, facilitatorSecret: string, link: ResettableLink): Promise<InviteSecrets> {
  return request<InviteSecrets>(`/api/boards/${encodeURIComponent(boardId)}/invites/reset`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${facilitatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: link }),
  });
}

/** Exchanges a short join code for the participant link (`GET /api/join/<code>`). */
export function redeemJoinCode(code: string): Promise<{ boardId: string; secret: string }> {
  return request<{ boardId: string; secret: string }>(`/api/join/${encodeURIComponent(code)}`);
}

/** Normalises what a person typed as a join code: letters and digits, upper case. */
export function normaliseJoinCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Creates a board from a board JSON (an export, or the contract's minimal form): a new board and secrets. */
export function createBoardFromJson(json: unknown): Promise<CreatedBoard> {
  return request<CreatedBoard>('/api/boards', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(json),
  });
}

/** Adds cards from a spreadsheet to a board, all or none (facilitator; `POST /api/boards/<id>/import`). */
export function importCards(boardId: string, facilitatorSecret: string, body: { csv: string; defaultColumn?: string }): Promise<{ ids: string[] }> {
  return request<{ ids: string[] }>(`/api/boards/${encodeURIComponent(boardId)}/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${facilitatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}
