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
 * - everyone else's cursor is hidden: their state is relayed within
 *   QUIET_REFRESH_MS of their move with `cursor: null` (the clock the person
 *   last sent), which also keeps them from timing out in the stock client
 *   (30 s). A cursor that stops being one of your nearest stays where you last
 *   saw it until then (it cannot be hidden sooner: the awareness protocol
 *   applies a state only with a newer clock, and only its owner may advance that).
 *
 * Both periodic jobs are spread out instead of done for everyone at once (S7
 * in docs/BENCHMARKS.md): the hidden refresh goes out in slices every
 * QUIET_SLICE_MS, each with the people whose refresh came due (all of them at
 * once every 5 s was a 100 KB message to each of 1,000 people, which every
 * client then had to read in one go); the nearest cursors are chosen again for
 * a share of the recipients at each flush, every recipient once per
 * NEAR_REFRESH_MS (1,000 × 1,000 distances at once held the event loop ~20 ms).
 *
 * All of it speaks the plain awareness protocol: the stock y-websocket client
 * applies what it gets and needs to know nothing about the policy. Below
 * CROWD_SIZE every change goes to everyone (docRoom.ts).
 */
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { Role } from '../../shared/protocol.ts';
import { awarenessMessage, broadcastOf, entry } from './crowdMessages.ts';

/** More connections than this on one document: the crowd policy applies. */
export const CROWD_SIZE = 50;
/** Live cursors a participant gets in a crowd, besides the facilitators'. */
export const NEAR_CURSORS = 20;
const NEAR_REFRESH_MS = 1_000;
/** The nearest cursors are chosen again in turns this far apart at least, each for its share of the recipients. */
const NEAR_TURN_MS = 50;
export const QUIET_REFRESH_MS = 5_000;
/** The hidden refresh goes out in slices this far apart (each held cursor within QUIET_REFRESH_MS of its move). */
const QUIET_SLICE_MS = 250;

/** What the policy needs of a connection. */
export interface CrowdPeer {
  readonly role?: Role;
  sendBroadcast(broadcast: { messages: Uint8Array[]; frames: Buffer }): void;
}

interface Point {
  x: number;
  y: number;
}

/** An awareness state's cursor (client/sync/presence.ts), its own object: read at once, not copied. */
function cursorOf(state: unknown): Readonly<Point> | null {
  const cursor = (state as { cursor?: unknown } | null)?.cursor as { x?: unknown; y?: unknown } | null | undefined;
  return cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number' ? (cursor as Point) : null;
}

/** The state as JSON without its cursor: what changed when this differs is news for everyone. */
function withoutCursor(state: unknown): string {
  return state && typeof state === 'object' ? JSON.stringify({ ...(state as object), cursor: null }) : 'null';
}

/** The crowd policy of one room. */
export class CrowdPresence {
  /** Per awareness client id: its state without the cursor, as last relayed to everyone. */
  private readonly shown = new Map<number, string>();
  /** Cursor moves held back from most recipients, by client id: when their hidden refresh is due. */
  private readonly held = new Map<number, number>();
  /** Per recipient: the client ids whose cursors it gets live. */
  private near = new WeakMap<CrowdPeer, Set<number>>();
  /** The same the other way round: per client id, the recipients that get its cursor live. */
  private readonly watchers = new Map<number, Set<CrowdPeer>>();
  /** Where the round of choosing nearest cursors is (a live iterator over the peers), and when it last advanced. */
  private nearRound: Iterator<[CrowdPeer, ReadonlySet<number>]> | null = null;
  private nearAt = -Infinity;
  /** Every cursor, read again at each turn into the same arrays. */
  private readonly cursors = new CursorTable();
  /** When each client id's cursor last moved (for recipients without a cursor). */
  private readonly moved = new Map<number, number>();
  /** When the next slice of the hidden refresh goes out, and its timer while moves are held. */
  private nextSlice = performance.now() + QUIET_SLICE_MS;
  private quietTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    /** Every peer with the awareness client ids it controls. */
    private readonly peers: ReadonlyMap<CrowdPeer, ReadonlySet<number>>,
    /** The peer that controls an awareness client id. */
    private readonly ownerOf: (clientId: number) => CrowdPeer | undefined,
  ) {}

  /**
   * Relays the awareness changes of one window (`ids`) under the policy, with
   * `withAll` (the room's document broadcast, docRoom.ts) in the same write to
   * every peer.
   */
  flush(ids: readonly number[], withAll: readonly Uint8Array[] = []): void {
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
        if (!this.held.has(id)) this.held.set(id, now + QUIET_REFRESH_MS - QUIET_SLICE_MS);
      }
      if (state !== null) this.moved.set(id, now);
    }
    // Hidden refreshes go after the live moves: a recipient that gets both for one clock keeps the live cursor.
    const hidden = now >= this.nextSlice ? this.dueRefreshes(now) : [];
    // What goes to everyone is framed once; a recipient with live cursors among the moves gets its own message.
    const forAll = toAll.length + hidden.length > 0 ? [...withAll, awarenessMessage([...toAll, ...hidden])] : [...withAll];
    const shared = forAll.length > 0 ? broadcastOf(forAll) : null;
    // Who gets which moves live, from the few watchers of each move (not every peer against every move).
    const own = new Map<CrowdPeer, number[]>();
    for (const id of moves.keys()) {
      for (const peer of this.watchers.get(id) ?? []) {
        const mine = own.get(peer);
        if (mine) mine.push(id);
        else own.set(peer, [id]);
      }
    }
    // The shared bytes go first, then the messages for those with live moves, then the
    // choice of nearest cursors for the next flushes: a document update riding
    // along (`withAll`) reaches most of the room before any of that work is done.
    if (shared) for (const peer of this.peers.keys()) if (!own.has(peer)) peer.sendBroadcast(shared);
    // Recipients that watch the same moves get the same bytes, built once: a window's
    // few moves make a few distinct messages however many people watch them.
    const built = new Map<string, { messages: Uint8Array[]; frames: Buffer }>();
    for (const [peer, ids] of own) {
      if (!this.peers.has(peer)) continue;
      const key = ids.join();
      let broadcast = built.get(key);
      if (!broadcast) {
        const live = ids.map((id) => moves.get(id)!);
        built.set(key, (broadcast = broadcastOf([...withAll, awarenessMessage([...toAll, ...live, ...hidden])])));
      }
      peer.sendBroadcast(broadcast);
    }
    this.chooseNear(states, now);
    this.scheduleSlice(now);
  }

  destroy(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /**
   * The held states whose refresh is due, with their cursor hidden, at the
   * clock last sent: a recipient that got that clock live ignores it (the
   * awareness protocol applies only newer clocks), the others hide a cursor
   * they could not follow and keep the person from timing out.
   */
  private dueRefreshes(now: number): Uint8Array[] {
    this.nextSlice = now + QUIET_SLICE_MS;
    const states = this.awareness.getStates();
    const entries: Uint8Array[] = [];
    for (const [id, due] of this.held) {
      if (due > now) continue;
      this.held.delete(id);
      const state = states.get(id);
      if (state) entries.push(entry(id, this.awareness.meta.get(id)?.clock ?? 0, JSON.stringify({ ...state, cursor: null })));
    }
    return entries;
  }

  /** While moves are held, a timer sends the next slice of refreshes if no flush does first. */
  private scheduleSlice(now: number): void {
    if (this.quietTimer || this.held.size === 0) return;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      const at = performance.now();
      if (at >= this.nextSlice) {
        const entries = this.dueRefreshes(at);
        if (entries.length > 0) {
          const broadcast = broadcastOf([awarenessMessage(entries)]);
          for (const peer of this.peers.keys()) peer.sendBroadcast(broadcast);
        }
      }
      this.scheduleSlice(at);
    }, Math.max(0, this.nextSlice - now));
    this.quietTimer.unref();
  }

  /**
   * Chooses again the nearest cursors of the share of recipients whose turn
   * came since the last flush (every recipient once per NEAR_REFRESH_MS), so
   * the 1,000 × 1,000 distances of a town hall are spread over the second.
   */
  private chooseNear(states: Map<number, Record<string, unknown>>, now: number): void {
    const elapsed = now - this.nearAt;
    // In turns at most NEAR_TURN_MS apart, each for the recipients due since the last: every
    // turn reads all the cursors, which a turn at each flush (one or two recipients each,
    // a flush every few ms with an update riding along) read again and again.
    if (elapsed < NEAR_TURN_MS) return;
    let count = Math.ceil((this.peers.size * Math.min(elapsed, NEAR_REFRESH_MS)) / NEAR_REFRESH_MS);
    if (count === 0) return;
    this.nearAt = now;
    const cursors = this.cursors;
    cursors.length = 0;
    for (const [id, state] of states) {
      const at = cursorOf(state);
      if (at) cursors.add(id, at.x, at.y);
    }
    let recent: Set<number> | null = null;
    this.nearRound ??= this.peers.entries();
    // One pass over the peers at most per flush (a live Map iterator also visits peers added meanwhile).
    for (let restarted = false; count > 0; ) {
      const next = this.nearRound.next();
      if (next.done) {
        if (restarted) break;
        restarted = true;
        this.nearRound = this.peers.entries();
        // Once a round: forget the peers that left (no turn of theirs will come to clear them).
        for (const set of this.watchers.values()) for (const peer of set) if (!this.peers.has(peer)) set.delete(peer);
        continue;
      }
      count--;
      const [peer, own] = next.value;
      let mine: Readonly<Point> | null = null;
      for (const id of own) mine ??= cursorOf(states.get(id));
      if (mine) this.setNear(peer, nearest(cursors, mine, own));
      else this.setNear(peer, (recent ??= new Set([...this.moved].sort((a, b) => b[1] - a[1]).slice(0, NEAR_CURSORS).map(([id]) => id))));
    }
  }

  private setNear(peer: CrowdPeer, ids: Set<number>): void {
    for (const id of this.near.get(peer) ?? []) this.watchers.get(id)?.delete(peer);
    this.near.set(peer, ids);
    for (const id of ids) {
      let set = this.watchers.get(id);
      if (!set) this.watchers.set(id, (set = new Set()));
      set.add(peer);
    }
  }

  private forget(id: number): void {
    this.watchers.delete(id);
    this.shown.delete(id);
    this.held.delete(id);
    this.moved.delete(id);
  }
}

/** Cursor positions by awareness client id, in flat arrays reused from turn to turn. */
export class CursorTable {
  length = 0;
  readonly ids: number[] = [];
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  add(id: number, x: number, y: number): void {
    this.ids[this.length] = id;
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.length++;
  }
}

/** The best distances so far and their ids (a bounded insertion; shared: one nearest() runs at a time). */
const bestIds: number[] = [];
const bestD: number[] = [];

/** The ids of the NEAR_CURSORS cursors nearest `to` (not counting `own`), by a bounded insertion. */
export function nearest(cursors: CursorTable, to: Readonly<Point>, own: ReadonlySet<number>): Set<number> {
  let n = 0;
  for (let c = 0; c < cursors.length; c++) {
    const id = cursors.ids[c]!;
    if (own.has(id)) continue;
    const d = (cursors.xs[c]! - to.x) ** 2 + (cursors.ys[c]! - to.y) ** 2;
    if (n === NEAR_CURSORS && d >= bestD[n - 1]!) continue;
    let i = n < NEAR_CURSORS ? n++ : n - 1;
    for (; i > 0 && bestD[i - 1]! > d; i--) {
      bestD[i] = bestD[i - 1]!;
      bestIds[i] = bestIds[i - 1]!;
    }
    bestD[i] = d;
    bestIds[i] = id;
  }
  return new Set(bestIds.slice(0, n));
}
