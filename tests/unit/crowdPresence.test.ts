/**
 * The crowd policy's timing, on simulated time (server/sync/crowdPresence.ts):
 * the hidden-cursor refresh goes out per person about QUIET_REFRESH_MS after
 * their first held move, in slices, not everyone's at one global tick; and a
 * document broadcast flushed with awareness reaches each peer in one write.
 * (tests/integration/crowdPresence.test.ts covers who sees what, over sockets.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageKind } from '../../shared/protocol.ts';
import { CROWD_SIZE, CrowdPresence, CursorTable, NEAR_CURSORS, QUIET_REFRESH_MS, nearest, type CrowdPeer } from '../../server/sync/crowdPresence.ts';
import { mulberry32 } from '../property/prng.ts';

interface Entry {
  client: number;
  clock: number;
  cursor: { x: number; y: number } | null | undefined;
}

/** A peer that records what it was sent: per write, the messages and when. */
class Recorder implements CrowdPeer {
  readonly role = 'participant' as const;
  readonly writes: { at: number; messages: Uint8Array[]; frames: Buffer }[] = [];
  sendBroadcast(broadcast: { messages: Uint8Array[]; frames: Buffer }): void {
    this.writes.push({ at: performance.now(), messages: broadcast.messages, frames: broadcast.frames });
  }

  /** Every awareness entry for `client`, with the time of the write that carried it. */
  entries(client: number): (Entry & { at: number })[] {
    const out: (Entry & { at: number })[] = [];
    for (const w of this.writes) {
      for (const m of w.messages) {
        const d = decoding.createDecoder(m);
        if (decoding.readVarUint(d) !== MessageKind.awareness) continue;
        const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
        for (let n = decoding.readVarUint(inner); n > 0; n--) {
          const entry = { client: decoding.readVarUint(inner), clock: decoding.readVarUint(inner) };
          const state = JSON.parse(decoding.readVarString(inner)) as { cursor?: Entry['cursor'] } | null;
          if (entry.client === client) out.push({ ...entry, cursor: state?.cursor, at: w.at });
        }
      }
    }
    return out;
  }
}

let awareness: awarenessProtocol.Awareness;
let crowd: CrowdPresence;
const peers = new Map<Recorder, Set<number>>();
const clocks = new Map<number, number>();

/** Person `id` (its peer's only awareness id) puts its cursor at (x, 0). */
function moveTo(id: number, x: number): void {
  const clock = (clocks.get(id) ?? 0) + 1;
  clocks.set(id, clock);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, id);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify({ user: { name: `P${id}`, color: '#30bced' }, cursor: { x, y: 0 }, drag: null }));
  awarenessProtocol.applyAwarenessUpdate(awareness, encoding.toUint8Array(e), null);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
  awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  peers.clear();
  clocks.clear();
  // CROWD_SIZE + 10 people in a row, person i at x = 100 i: person 1 and the last are far apart.
  const owners: Recorder[] = [];
  for (let id = 1; id <= CROWD_SIZE + 10; id++) {
    const peer = new Recorder();
    peers.set(peer, new Set([id]));
    owners[id] = peer;
    moveTo(id, 100 * id);
  }
  crowd = new CrowdPresence(awareness, peers, (id) => owners[id]);
  crowd.flush([...clocks.keys()]);
});

afterEach(() => {
  crowd.destroy();
  awareness.destroy();
  vi.useRealTimers();
});

const peerOf = (id: number) => [...peers].find(([, ids]) => ids.has(id))![0];

describe('crowd presence over time', () => {
  it('hides each held cursor about QUIET_REFRESH_MS after its first move, person by person, not all at one tick', () => {
    const last = CROWD_SIZE + 10;
    const middle = peerOf(30); // neither person 1 nor the last is among its nearest
    vi.advanceTimersByTime(1_100);
    const first = performance.now();
    moveTo(1, 150);
    crowd.flush([1]);
    vi.advanceTimersByTime(2_000);
    moveTo(last, 100 * last + 50);
    crowd.flush([last]);
    vi.advanceTimersByTime(QUIET_REFRESH_MS + 1_000);

    // Neither move reached the middle live; each came hidden, at its own time, in its own write.
    const one = middle.entries(1).filter((e) => e.clock === 2);
    const other = middle.entries(last).filter((e) => e.clock === 2);
    expect(one.map((e) => e.cursor)).toEqual([null]);
    expect(other.map((e) => e.cursor)).toEqual([null]);
    expect(one[0]!.at - first).toBeGreaterThan(QUIET_REFRESH_MS - 500);
    expect(one[0]!.at - first).toBeLessThanOrEqual(QUIET_REFRESH_MS);
    expect(other[0]!.at - (first + 2_000)).toBeGreaterThan(QUIET_REFRESH_MS - 500);
    expect(other[0]!.at - (first + 2_000)).toBeLessThanOrEqual(QUIET_REFRESH_MS);
    // The mover's neighbour got the move live, and its hidden refresh (same clock) after it.
    const near = peerOf(2).entries(1).filter((e) => e.clock === 2);
    expect(near[0]!.cursor).toEqual({ x: 150, y: 0 });
  });

  it('sends a document broadcast and the awareness flushed with it to each peer in one write', () => {
    vi.advanceTimersByTime(1_100);
    const before = new Map([...peers.keys()].map((p) => [p, p.writes.length]));
    const update = new Uint8Array([MessageKind.sync, 2, 1, 0]);
    moveTo(1, 150);
    crowd.flush([1], [update]);
    for (const peer of peers.keys()) {
      const writes = peer.writes.slice(before.get(peer));
      expect(writes).toHaveLength(1);
      expect(writes[0]!.messages[0]).toBe(update);
    }
    // The mover's neighbour has the move live in that same write.
    expect(peerOf(2).entries(1).filter((e) => e.clock === 2).map((e) => e.cursor)).toEqual([{ x: 150, y: 0 }]);
  });

  it('builds the message of a window once for all who watch the same moves, and apart for those who watch others', () => {
    vi.advanceTimersByTime(1_100);
    const before = new Map([...peers.keys()].map((p) => [p, p.writes.length]));
    moveTo(1, 150);
    moveTo(CROWD_SIZE + 10, 100 * (CROWD_SIZE + 10) + 50);
    crowd.flush([1, CROWD_SIZE + 10]);
    const frames = (id: number) => peerOf(id).writes.slice(before.get(peerOf(id))).map((w) => w.frames);
    // Persons 2 and 3 are among person 1's nearest, not the last one's: the same bytes, once built.
    expect(frames(2)).toHaveLength(1);
    expect(frames(2)[0]).toBe(frames(3)[0]);
    expect(peerOf(3).entries(1).filter((e) => e.clock === 2).map((e) => e.cursor)).toEqual([{ x: 150, y: 0 }]);
    // The last one's neighbours watch the other move: other bytes.
    const far = frames(CROWD_SIZE + 9);
    expect(far).toHaveLength(1);
    expect(far[0]).not.toBe(frames(2)[0]);
    expect(peerOf(CROWD_SIZE + 9).entries(CROWD_SIZE + 10).filter((e) => e.clock === 2).map((e) => e.cursor)).toEqual([{ x: 100 * (CROWD_SIZE + 10) + 50, y: 0 }]);
    expect(peerOf(CROWD_SIZE + 9).entries(1).filter((e) => e.clock === 2)).toEqual([]);
  });

  it('chooses the nearest cursors as sorting every distance would, leaving out the recipient’s own', () => {
    const random = mulberry32(13);
    for (let round = 0; round < 50; round++) {
      const table = new CursorTable();
      const points: { id: number; x: number; y: number }[] = [];
      const count = Math.floor(random() * 60);
      for (let id = 1; id <= count; id++) {
        // Whole numbers on a small grid: ties in distance happen, and any of the tied may be chosen.
        const p = { id, x: Math.floor(random() * 40), y: Math.floor(random() * 40) };
        points.push(p);
        table.add(p.id, p.x, p.y);
      }
      const to = { x: Math.floor(random() * 40), y: Math.floor(random() * 40) };
      const own = new Set(count > 0 ? [1 + Math.floor(random() * count)] : []);
      const d = (p: { x: number; y: number }) => (p.x - to.x) ** 2 + (p.y - to.y) ** 2;
      const others = points.filter((p) => !own.has(p.id)).sort((a, b) => d(a) - d(b));
      const chosen = nearest(table, to, own);
      expect(chosen.size).toBe(Math.min(NEAR_CURSORS, others.length));
      for (const id of own) expect(chosen.has(id)).toBe(false);
      if (others.length > NEAR_CURSORS) {
        // Every chosen cursor is at most as far as the nearest one left out.
        const cut = d(others[NEAR_CURSORS - 1]!);
        for (const p of others) if (chosen.has(p.id)) expect(d(p)).toBeLessThanOrEqual(cut);
        for (const p of others) if (d(p) < cut) expect(chosen.has(p.id)).toBe(true);
      }
    }
  });
});
