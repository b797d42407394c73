/**
 * Small parts of the control session (controlSession.ts), each on its own:
 * who is in the control room (awareness, validated), the server clock
 * estimate, and gathering a cluster's cards (the personal token kept in this
 * browser is personStore.ts).
 */
import type { Awareness } from 'y-protocols/awareness';
import { LOCAL_ORIGIN, moveCard, readCards } from '../../shared/doc/index.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';
import type { Role } from '../../shared/protocol.ts';
import { clockOffset } from '../../shared/timer.ts';
import { sampleServerClock } from '../api/facilitation.ts';
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
