/**
 * Presence (awareness) belongs to the connection that introduced it (issue 16,
 * item 7): without this, any connection could rename, move or remove anyone's
 * presence by sending awareness for their client id.
 *
 * - An awareness client id is pinned to the first connection whose state for
 *   it the room accepts; it stays pinned until that connection removes it or
 *   closes.
 * - Another connection's entries for a pinned id (updates and removals) are
 *   dropped, never applied or broadcast. They are ignored rather than answered
 *   by closing the socket: the stock y-websocket client echoes every awareness
 *   change it receives, and relays the removal of states it thinks outdated,
 *   so a well-behaved client sends entries for others' ids all the time.
 * - Takeover: a newer state (a higher clock than the room's) for a pinned id
 *   from another connection, or a connection's first message naming just that
 *   id, is a claim, as when a client reconnects while the server still holds
 *   its old socket. The owner is then probed with a ping: if
 *   it answers within TAKEOVER_PROBE_MS it is alive and the claim is dropped; if
 *   not, the old socket is ended as stale and the claimant's newest state
 *   applied. Meanwhile the person's last state stays on screen: nobody
 *   disappears during a takeover. A reloading page is a new document with a
 *   new client id, so it shows at once, whatever the old socket does; a page
 *   that reconnects announces itself with a new clock (client/sync/connection.ts).
 * - A connection may show at most MAX_PRESENCES_PER_CONNECTION ids (the stock
 *   client shows one), so nobody can fill the room with invented people, and
 *   a state of at most `Limits.maxPresenceChars` (a larger one is dropped).
 * - What a state says is checked too (`admits`, `presenceRule`): the role a
 *   board presence shows is the connection's; in the control room a presence
 *   names a person (who is online, done, writing drafts: the console's and the
 *   wall's counts), and only the person whose personal token the connection
 *   was opened with. A state that says otherwise is dropped like an entry for
 *   another's id. The name a presence shows is its person's (put back if the
 *   client says another).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { Limits, type DocKind, type Role } from '../../shared/protocol.ts';
import type { DocRoom } from './docRoom.ts';
import type { RoomPeer } from './roomPeer.ts';

/** How long an owner has to answer the ping of a takeover claim. */
const TAKEOVER_PROBE_MS = 2000;
const MAX_PRESENCES_PER_CONNECTION = 2;

interface Entry {
  client: number;
  clock: number;
  /** The state as sent (JSON text), so a kept update is passed on unchanged. */
  json: string;
}

function decodeEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update);
  const entries: Entry[] = [];
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    entries.push({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
  }
  return entries;
}

function encodeEntries(entries: readonly Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.client);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * What a presence may say of its connection (checked on the state's JSON text):
 * on a board, the role it shows (`user.role`, beside the name in the avatars
 * and on cursors) is the connection's own, so nobody shows as the facilitator;
 * in the control room, the person it names (`person`: who is online, done,
 * writing drafts) is the one whose personal token opened the socket (`person`),
 * with that person's role. A state that says otherwise is dropped (null).
 * The name it shows is that person's, as they joined (`user.name` on a board,
 * `person.name` in the control room): a state naming someone else is kept with
 * the person's name put back, so nobody shows as "Fran" on the board. Without a
 * person (a viewer, a stock client, a participant the full workshop refused)
 * the name is the client's. A state that says none of it passes as sent (a
 * stock client's).
 */
export function presenceRule(kind: DocKind, role: Role, person: { id: string; name: string; role: Role } | undefined): ((json: string) => string | null) | undefined {
  if (kind !== 'content' && kind !== 'control') return undefined;
  return (json) => {
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      return null;
    }
    if (typeof state !== 'object' || state === null) return json;
    if (kind === 'content') {
      const user = (state as { user?: unknown }).user;
      if (typeof user !== 'object' || user === null) return json;
      const { role: shown, name } = user as { role?: unknown; name?: unknown };
      if (shown !== undefined && shown !== role) return null;
      if (!person || name === undefined || name === person.name) return json;
      return JSON.stringify({ ...state, user: { ...user, name: person.name } });
    }
    const claimed = (state as { person?: unknown }).person;
    if (claimed === undefined || claimed === null) return json;
    const { id, role: claimedRole, name } = claimed as { id?: unknown; role?: unknown; name?: unknown };
    if (person === undefined || id !== person.id || claimedRole !== person.role) return null;
    if (name === undefined || name === person.name) return json;
    return JSON.stringify({ ...state, person: { ...claimed, name: person.name } });
  };
}

/** The awareness of one connection in one room: what of it the room accepts. */
export class PresenceGuard {
  /** Newest claimed state per pinned id, while its owner is probed. */
  private readonly claims = new Map<number, Entry>();
  /** No awareness received yet on this connection. */
  private first = true;

  constructor(
    private readonly room: DocRoom,
    private readonly peer: RoomPeer,
    private readonly isOpen: () => boolean,
    private readonly admits: (json: string) => string | null = (json) => json,
  ) {}

  /** Applies what of an awareness update this connection may send (throws on malformed input). */
  receive(update: Uint8Array): void {
    const entries = decodeEntries(update);
    // The stock client's first awareness message is its own state alone, sent on
    // open before it has heard of anyone else (whom it would echo later).
    const own = this.first && entries.length === 1;
    this.first = false;
    const kept: Entry[] = [];
    let introduced = this.room.presenceCount(this.peer);
    let rewritten = false;
    for (const original of entries) {
      let entry = original;
      if (entry.json !== 'null') {
        if (entry.json.length > Limits.maxPresenceChars) continue;
        const json = this.admits(entry.json);
        if (json === null) continue;
        if (json !== entry.json) {
          entry = { ...entry, json };
          rewritten = true;
        }
      }
      const owner = this.room.ownerOf(entry.client);
      if (owner === this.peer) {
        kept.push(entry);
      } else if (owner === undefined) {
        // Only an owner may remove a state; a new id counts against the cap.
        if (entry.json === 'null' || introduced >= MAX_PRESENCES_PER_CONNECTION) continue;
        introduced++;
        kept.push(entry);
      } else if (entry.json !== 'null') {
        const clock = this.room.awareness.meta.get(entry.client)?.clock ?? 0;
        if (entry.clock > clock || (own && entry.clock === clock)) this.claim(entry, owner);
      }
    }
    if (kept.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.room.awareness, kept.length === entries.length && !rewritten ? update : encodeEntries(kept), this.peer);
  }

  private claim(entry: Entry, owner: RoomPeer): void {
    const probing = this.claims.has(entry.client);
    this.claims.set(entry.client, entry);
    if (probing || !owner.probe) return;
    void owner.probe(TAKEOVER_PROBE_MS).then((alive) => {
      const claimed = this.claims.get(entry.client);
      this.claims.delete(entry.client);
      if (alive || !claimed || !this.isOpen() || this.room.ownerOf(entry.client) !== undefined) return;
      // A claim at the room's own clock is not applied (nor shown by any client): the id is then
      // free and the claimant's next change introduces it.
      awarenessProtocol.applyAwarenessUpdate(this.room.awareness, encodeEntries([claimed]), this.peer);
    });
  }
}
