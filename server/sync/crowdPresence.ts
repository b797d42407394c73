/**
 * Cursors in a crowd (a town hall: hundreds of people on one board). Nobody
 * can follow 1,000 moving cursors, and relaying every cursor to everyone is
 * N² messages (a million a second at 1,000 people moving once a second): the
 * y-websocket reference server collapses at 250. So above CROWD_SIZE
 * connections, what a participant sees is:
 *
 * - everybody's presence (name, colour, role, what they edit or drag): every
 *   change that is not just a cursor move goes to everyone at once, as do
 *   joins and leaves, so the people list and its count stay exact;
 * - live cursors of at most NEAR_CURSORS people: the ones whose cursors are
 *   nearest their own (recomputed every NEAR_REFRESH_MS; without a cursor of
 *   their own, a phone or the projector, the most recently moved ones), and
 *   always the facilitators' (a facilitator points at things for the room);
 * - everyone else's cursor is hidden: their state is relayed every
 *   QUIET_REFRESH_MS with `cursor: null` (the clock the person last sent),
 *   which also keeps them from timing out in the stock client (30 s). A
 *   cursor that stops being one of your nearest stays where you last saw it
 *   until then (it cannot be hidden sooner: the awareness protocol applies a
 *   state only with a newer clock, and only its owner may advance that).
 *
 * All of it speaks the plain awareness protocol: the stock y-websocket client
 * applies what it gets and needs to know nothing about the policy. Below
 * CROWD_SIZE every change goes to everyone (docRoom.ts).
 */
import * as encoding from 'lib0/encoding';
import type * as awarenessProtocol from 'y-protocols/awareness';
import { MessageKind, type Role } from '../../shared/protocol.ts';
import { frameBinary } from './wsFrames.ts';

/** More connections than this on one document: the crowd policy applies. */
export const CROWD_SIZE = 50;
/** Live cursors a participant gets in a crowd, besides the facilitators'. */
export const NEAR_CURSORS = 20;
const NEAR_REFRESH_MS = 1_000;
export const QUIET_REFRESH_MS = 5_000;

/** What the policy needs of a connection. */
export interface CrowdPeer {
  readonly role?: Role;
  sendBroadcast(broadcast: { messages: Uint8Array[]; frames: Buffer }): void;
}

interface Point {
  x: number;
  y: number;
}

/** A cursor in an awareness state (client/sync/presence.ts: `cursor: { x, y } | null`). */
function cursorOf(state: unknown): Point | null {
  const cursor = (state as { cursor?: unknown } | null)?.cursor as { x?: unknown; y?: unknown } | null | undefined;
  return cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number' ? { x: cursor.x, y: cursor.y } : null;
}

/** The state as JSON without its cursor: what changed when this differs is news for everyone. */
function withoutCursor(state: unknown): string {
  return state && typeof state === 'object' ? JSON.stringify({ ...(state as object), cursor: null }) : 'null';
}

/** One awareness message of pre-encoded entries. */
function awarenessMessage(entries: readonly Uint8Array[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) encoding.writeUint8Array(inner, e);
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MessageKind.awareness);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

function entry(client: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}

/** The crowd policy of one room. */
export class CrowdPresence {
  /** Per awareness client id: its state without the cursor, as last relayed to everyone. */
  private readonly shown = new Map<number, string>();
  /** Cursor moves held back from most recipients since the last quiet refresh. */
  private readonly held = new Set<number>();
  /** Per recipient: the client ids whose cursors it gets live. */
  private near = new Map<CrowdPeer, Set<number>>();
  private nearAt = -Infinity;
  /** When each client id's cursor last moved (for recipients without a cursor). */
  private readonly moved = new Map<number, number>();
  private lastQuiet = performance.now();
  /** The next quiet refresh, while moves are held. */
  private quietTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    /** Every peer with the awareness client ids it controls. */
    private readonly peers: ReadonlyMap<CrowdPeer, ReadonlySet<number>>,
    /** The peer that controls an awareness client id. */
    private readonly ownerOf: (clientId: number) => CrowdPeer | undefined,
  ) {}

  /** Relays the awareness changes of one window (`ids`) under the policy. */
  flush(ids: readonly number[]): void {
    const now = performance.now();
    const states = this.awareness.getStates();
    const toAll: Uint8Array[] = [];
    const moves = new Map<number, Uint8Array>();
    for (const id of ids) {
      const state = states.get(id) ?? null;
      const clock = this.awareness.meta.get(id)?.clock ?? 0;
      const full = entry(id, clock, JSON.stringify(state));
      const rest = withoutCursor(state);
      if (state === null) this.forget(id);
      if (state === null || this.shown.get(id) !== rest || this.ownerOf(id)?.role === 'facilitator') {
        if (state !== null) this.shown.set(id, rest);
        this.held.delete(id);
        toAll.push(full);
      } else {
        moves.set(id, full);
        this.held.add(id);
      }
      if (state !== null) this.moved.set(id, now);
    }
    if (now - this.nearAt >= NEAR_REFRESH_MS) this.computeNear(states, now);
    // What goes to everyone is framed once; a recipient with live cursors among the moves gets its own message.
    const shared = toAll.length > 0 ? this.broadcastOf([awarenessMessage(toAll)]) : null;
    for (const peer of this.peers.keys()) {
      const near = this.near.get(peer);
      let mine: Uint8Array[] | null = null;
      if (near && moves.size > 0) {
        for (const [id, e] of moves) if (near.has(id)) (mine ??= [...toAll]).push(e);
      }
      if (mine) peer.sendBroadcast(this.broadcastOf([awarenessMessage(mine)]));
      else if (shared) peer.sendBroadcast(shared);
    }
    if (now - this.lastQuiet >= QUIET_REFRESH_MS) this.quietRefresh();
    else if (this.held.size > 0 && !this.quietTimer) {
      this.quietTimer = setTimeout(() => this.quietRefresh(), this.lastQuiet + QUIET_REFRESH_MS - now);
      this.quietTimer.unref();
    }
  }

  destroy(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /**
   * Everyone gets the held states with their cursor hidden, at the clock last
   * sent: a recipient that got that clock live ignores it (the awareness
   * protocol applies only newer clocks), the others hide a cursor they could
   * not follow and keep the person from timing out.
   */
  private quietRefresh(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.lastQuiet = performance.now();
    if (this.held.size === 0) return;
    const states = this.awareness.getStates();
    const entries: Uint8Array[] = [];
    for (const id of this.held) {
      const state = states.get(id);
      if (!state) continue;
      entries.push(entry(id, this.awareness.meta.get(id)?.clock ?? 0, JSON.stringify({ ...state, cursor: null })));
    }
    this.held.clear();
    if (entries.length === 0) return;
    const broadcast = this.broadcastOf([awarenessMessage(entries)]);
    for (const peer of this.peers.keys()) peer.sendBroadcast(broadcast);
  }

  /** Per recipient, the NEAR_CURSORS nearest cursors (or the most recently moved, without a cursor of its own). */
  private computeNear(states: Map<number, Record<string, unknown>>, now: number): void {
    this.nearAt = now;
    const cursors: { id: number; at: Point }[] = [];
    for (const [id, state] of states) {
      const at = cursorOf(state);
      if (at) cursors.push({ id, at });
    }
    const recent = [...this.moved].sort((a, b) => b[1] - a[1]).slice(0, NEAR_CURSORS).map(([id]) => id);
    const near = new Map<CrowdPeer, Set<number>>();
    for (const [peer, own] of this.peers) {
      let mine: Point | null = null;
      for (const id of own) mine ??= cursorOf(states.get(id));
      near.set(peer, mine ? nearest(cursors, mine, own) : new Set(recent));
    }
    this.near = near;
  }

  private forget(id: number): void {
    this.shown.delete(id);
    this.held.delete(id);
    this.moved.delete(id);
  }

  private broadcastOf(messages: Uint8Array[]): { messages: Uint8Array[]; frames: Buffer } {
    return { messages, frames: frameBinary(messages) };
  }
}

/** The ids of the NEAR_CURSORS cursors nearest `to` (not counting `own`), by a bounded insertion. */
function nearest(cursors: readonly { id: number; at: Point }[], to: Point, own: ReadonlySet<number>): Set<number> {
  const best: { id: number; d: number }[] = [];
  for (const c of cursors) {
    if (own.has(c.id)) continue;
    const d = (c.at.x - to.x) ** 2 + (c.at.y - to.y) ** 2;
    if (best.length === NEAR_CURSORS && d >= best[best.length - 1]!.d) continue;
    let i = best.length;
    while (i > 0 && best[i - 1]!.d > d) i--;
    best.splice(i, 0, { id: c.id, d });
    if (best.length > NEAR_CURSORS) best.pop();
  }
  return new Set(best.map((b) => b.id));
}
