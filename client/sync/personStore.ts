/**
 * The personal token this browser keeps for each board and role (a person joins
 * once, by name), whether the server still knows it, and joining. A module of
 * its own, without the document layer: the page asks for it as it loads, before
 * the board page's code arrives (boardAccess.ts).
 */
import type { Role } from '../../shared/protocol.ts';
import { ApiError } from '../api/boards.ts';
import { fetchMyVotes, joinBoard, type JoinedPerson } from '../api/facilitation.ts';
import type { ConnectionOptions } from './connection.ts';

/** Checks of remembered personal tokens this page made, by token: each is asked once. */
const confirmations = new Map<string, Promise<boolean>>();

/**
 * Whether the server still knows a personal token: not when it answers 401 (the
 * person's own votes answer every person of the board; a reviewer's gets 403).
 * Offline or any other trouble keeps the token (and asks again next time).
 */
function stillKnown(boardId: string, token: string): Promise<boolean> {
  let known = confirmations.get(token);
  if (!known) {
    known = fetchMyVotes(boardId, token).then(
      () => true,
      (error: unknown) => {
        const revoked = error instanceof ApiError && error.status === 401;
        if (!revoked) confirmations.delete(token);
        return !revoked;
      },
    );
    confirmations.set(token, known);
  }
  return known;
}

/** A value this browser keeps (null: forget it); without storage, nothing is kept. */
function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Nothing kept: the person joins as someone new.
  }
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Joins under way in this page, by board and role: one person however many parts ask. */
const joinsUnderWay = new Map<string, Promise<JoinedPerson | null>>();

/** Why the server last refused this page's join, by board and role (not a network failure, which is tried again). */
const refusals = new Map<string, string>();

/** What a refused join means to the person (the workshop is full: 409). */
function refusalOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.isNetwork) return undefined;
  if (error.status === 409) return 'This workshop is full: you can see the board, but not vote, write drafts or sign what you add until the facilitator makes room.';
  return undefined;
}

/** The personal token this browser got when it joined the board in this role. */
export const personStore = {
  key: (boardId: string, role: Role) => `vcp.person.${boardId}.${role}`,
  read(boardId: string, role: Role): JoinedPerson | null {
    try {
      const value = JSON.parse(localStorage.getItem(this.key(boardId, role)) ?? 'null') as Partial<JoinedPerson> | null;
      return value && typeof value.personId === 'string' && typeof value.token === 'string' ? (value as JoinedPerson) : null;
    } catch {
      return null;
    }
  },
  /**
   * The remembered person once the server confirms their token, or null (none, or
   * revoked: the facilitator reset the participant link, and the person joins again).
   * The board's connection and this person's part both wait for it (one request).
   */
  async confirmed(boardId: string, role: Role): Promise<JoinedPerson | null> {
    const me = this.read(boardId, role);
    if (!me || (await stillKnown(boardId, me.token))) return me;
    if (this.read(boardId, role)?.token === me.token) {
      // Kept to offer when joining again: after a reset of the link the server gives the same person back.
      store(`${this.key(boardId, role)}.revoked`, me.token);
      this.write(boardId, role, null);
    }
    return null;
  },
  /**
   * Joins the board as a new person with this display name and remembers them;
   * null if that failed (offline, refused). Whoever asks while a join is under
   * way gets its answer (one person however many parts ask), so the page can
   * start it as soon as it knows the role and the name (the board's socket waits
   * for it) and the person's part (personalPart.ts) gets the same person; once
   * answered, the person is remembered and a later call joins anew. A join the
   * server refused (the workshop is full) is not asked again by the page's
   * other parts: only after `forgetRefusal` (Try again, or room made). `fresh`:
   * the remembered token was revoked; do not wait for a join under way.
   */
  join(boardId: string, role: Role, secret: string, name: string, fresh = false): Promise<JoinedPerson | null> {
    const key = this.key(boardId, role);
    if (!fresh && refusals.has(key)) return Promise.resolve(null);
    let joining = fresh ? undefined : joinsUnderWay.get(key);
    if (!joining) {
      const revokedKey = `${key}.revoked`;
      joining = joinBoard(boardId, secret, name, stored(revokedKey) ?? undefined).then(
        (me) => {
          confirmations.set(me.token, Promise.resolve(true)); // just given: no need to ask whether it is known
          this.write(boardId, role, me);
          store(revokedKey, null);
          refusals.delete(key);
          joinsUnderWay.delete(key); // remembered from here on (`read`, `confirmed`)
          return me;
        },
        (error: unknown) => {
          const refused = refusalOf(error);
          if (refused) refusals.set(key, refused);
          else refusals.delete(key);
          joinsUnderWay.delete(key);
          return null;
        },
      );
      joinsUnderWay.set(key, joining);
    }
    return joining;
  },
  /** Lets the next join ask the server again after a refusal (the facilitator may have made room). */
  forgetRefusal(boardId: string, role: Role): void {
    refusals.delete(this.key(boardId, role));
  },
  /** Why the server refused this page's last join on the board in this role, if it did (null: joined, or not reached). */
  refusal(boardId: string, role: Role): string | null {
    return refusals.get(this.key(boardId, role)) ?? null;
  },
  write(boardId: string, role: Role, person: JoinedPerson | null): void {
    try {
      if (person) localStorage.setItem(this.key(boardId, role), JSON.stringify(person));
      else localStorage.removeItem(this.key(boardId, role));
    } catch {
      // Without storage the person joins again on the next visit.
    }
  },
};

/**
 * How a room whose socket signs with this browser's person connects (the board,
 * the control room): with the remembered personal token, talking once the
 * server confirms it (a reset of its link revokes it: then with the token from
 * joining again), or waiting for joining. A viewer is nobody.
 */
export function personConnection(boardId: string, role: Role): { remembered: JoinedPerson | null; options: Pick<ConnectionOptions, 'person' | 'confirmPerson' | 'waitForPerson'> } {
  const joins = role !== 'viewer';
  const remembered = joins ? personStore.read(boardId, role) : null;
  return { remembered, options: { ...(remembered ? { person: remembered.token, confirmPerson: true } : {}), waitForPerson: joins && !remembered } };
}
