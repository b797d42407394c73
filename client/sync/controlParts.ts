/**
 * Small parts of the control session (controlSession.ts), each on its own:
 * who is in the control room (awareness, validated), the personal token kept
 * in this browser (and whether the server still knows it), the server clock
 * estimate, and gathering a cluster's cards.
 */
import type { Awareness } from 'y-protocols/awareness';
import { LOCAL_ORIGIN, moveCard, readCards } from '../../shared/doc/index.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';
import type { Role } from '../../shared/protocol.ts';
import { clockOffset } from '../../shared/timer.ts';
import { ApiError } from '../api/boards.ts';
import { fetchMyVotes, joinBoard, sampleServerClock, type JoinedPerson } from '../api/facilitation.ts';
import type { BoardSession } from './session.ts';

/** Someone in the control room right now (awareness): online, ready or not, how many drafts. */
export interface ControlPeer {
  clientId: number;
  personId: string;
  name: string;
  role: Exclude<Role, 'viewer'>;
  done: boolean;
  /** The activity they said "I'm done" to (see `activityKey`): done counts only for the current one. */
  doneFor: string;
  drafts: number;
}

/** Everyone else in the control room, validated: any peer can put anything into awareness. */
export function readControlPeers(awareness: Awareness): ControlPeer[] {
  const peers: ControlPeer[] = [];
  for (const [clientId, raw] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const state = raw as { person?: { id?: unknown; name?: unknown; role?: unknown }; done?: unknown; doneFor?: unknown; drafts?: unknown } | null;
    const person = state?.person;
    if (!person || typeof person.id !== 'string' || typeof person.name !== 'string') continue;
    const drafts = typeof state.drafts === 'number' && Number.isFinite(state.drafts) ? Math.max(0, Math.min(1000, Math.trunc(state.drafts))) : 0;
    peers.push({
      clientId, personId: person.id, name: person.name.slice(0, 60), role: person.role === 'facilitator' || person.role === 'reviewer' ? person.role : 'participant',
      done: state.done === true, doneFor: typeof state.doneFor === 'string' ? state.doneFor.slice(0, 200) : '', drafts,
    });
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}

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

/** Joins under way in this page, by board and role: one person however many parts ask. */
const joinsUnderWay = new Map<string, Promise<JoinedPerson | null>>();

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
    if (this.read(boardId, role)?.token === me.token) this.write(boardId, role, null);
    return null;
  },
  /**
   * Joins the board as a new person with this display name and remembers them;
   * null if that failed (offline, refused). Whoever asks while a join is under
   * way gets its answer (one person however many parts ask), so the page can
   * start it as soon as it knows the role and the name (the board's socket waits
   * for it) and the person's part (personalPart.ts) gets the same person; once
   * answered, the person is remembered and a later call joins anew. `fresh`:
   * the remembered token was revoked; do not wait for a join under way.
   */
  join(boardId: string, role: Role, secret: string, name: string, fresh = false): Promise<JoinedPerson | null> {
    const key = this.key(boardId, role);
    let joining = fresh ? undefined : joinsUnderWay.get(key);
    if (!joining) {
      joining = joinBoard(boardId, secret, name).then(
        (me) => {
          confirmations.set(me.token, Promise.resolve(true)); // just given: no need to ask whether it is known
          this.write(boardId, role, me);
          joinsUnderWay.delete(key); // remembered from here on (`read`, `confirmed`)
          return me;
        },
        () => {
          joinsUnderWay.delete(key);
          return null;
        },
      );
      joinsUnderWay.set(key, joining);
    }
    return joining;
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
 * The server clock offset from a few readings, keeping the one with the
 * shortest round trip (its midpoint guess is the tightest); undefined offline.
 */
export async function estimateClockOffset(readings = 3): Promise<number | undefined> {
  let best: { rtt: number; offset: number } | undefined;
  for (let i = 0; i < readings; i++) {
    try {
      const s = await sampleServerClock();
      const rtt = s.receivedAt - s.sentAt;
      if (!best || rtt < best.rtt) best = { rtt, offset: clockOffset(s.sentAt, s.serverNow, s.receivedAt) };
    } catch {
      break;
    }
  }
  return best?.offset;
}

/**
 * Moves a cluster's cards together in their column, each right after the one
 * before it. Reads and writes the document itself (not the session's snapshot,
 * which is re-read only after a transaction), so it also works inside the one
 * transaction that groups the cards (a single undo step).
 */
export function gatherGroup(board: BoardSession, groupId: string): void {
  const ydoc = board.contentDoc;
  const group = readGroups(ydoc).find((g) => g.id === groupId);
  if (!group) return;
  ydoc.transact(() => {
    for (let i = 1; i < group.cards.length; i++) {
      const column = readCards(ydoc).filter((c) => c.column === group.column);
      const previous = column.findIndex((c) => c.id === group.cards[i - 1]);
      // In place already, or a goal or segment from the portfolio (it moves there, not here).
      if (column[previous + 1]?.id === group.cards[i] || column.find((c) => c.id === group.cards[i])?.portfolio) continue;
      const others = column.filter((c) => c.id !== group.cards[i]);
      moveCard(ydoc, group.cards[i]!, group.column, others.findIndex((c) => c.id === group.cards[i - 1]) + 1);
    }
  }, LOCAL_ORIGIN);
}
