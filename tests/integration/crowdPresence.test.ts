/**
 * Cursors in a crowd (server/sync/crowdPresence.ts): above CROWD_SIZE
 * connections a participant gets live cursors only of the people nearest its
 * own cursor and of the facilitators; every other change of presence goes to
 * everyone at once; a cursor move held back reaches the others within
 * QUIET_REFRESH_MS with the cursor hidden. Raw sockets play the crowd (hand-made
 * awareness frames); a stock client watches that everybody is present.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { MessageKind } from '../../shared/protocol.ts';
import { CROWD_SIZE, NEAR_CURSORS, QUIET_REFRESH_MS } from '../../server/sync/crowdPresence.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, rawSocket, trackClients, waitFor } from '../helpers/clients.ts';
import { awarenessFrame } from '../security/forge.ts';

let server: TestServer;
const clients = trackClients();
const sockets: ReturnType<typeof rawSocket>[] = [];
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.ws.terminate();
  clients.destroyAll();
  await server.close();
});

interface Seen {
  clock: number;
  state: { user?: { name?: string }; cursor?: { x: number; y: number } | null } | null;
}

/** Every awareness entry a raw socket was sent for client `id`, in order. */
function seen(messages: Uint8Array[], id: number): Seen[] {
  const out: Seen[] = [];
  for (const m of messages) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageKind.awareness) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    for (let n = decoding.readVarUint(inner); n > 0; n--) {
      const client = decoding.readVarUint(inner);
      const clock = decoding.readVarUint(inner);
      const state = JSON.parse(decoding.readVarString(inner)) as Seen['state'];
      if (client === id) out.push({ clock, state });
    }
  }
  return out;
}

const person = (name: string, x: number, role = 'participant') => ({ user: { name, color: '#30bced', role }, cursor: { x, y: 0 }, editing: null, drag: null });

describe('presence in a crowd', () => {
  it('relays a cursor live to the nearest people and the facilitators’ to everyone; hides the others’ cursors; presence reaches everyone', async () => {
    const board = await createBoard(server.url);
    const crowd = CROWD_SIZE + 10;
    // Participant i has awareness id 1000 + i and its cursor at x = 100 i: the nearest are the neighbours in the row.
    const participants = Array.from({ length: crowd }, () => rawSocket(server.url, board.id, board.secrets.participant));
    const facilitator = rawSocket(server.url, board.id, board.secrets.facilitator);
    sockets.push(...participants, facilitator);
    await Promise.all([...participants, facilitator].map((s) => s.opened));
    participants.forEach((s, i) => s.ws.send(awarenessFrame([{ client: 1000 + i, clock: 1, state: person(`P${i}`, 100 * i) }])));
    facilitator.ws.send(awarenessFrame([{ client: 5000, clock: 1, state: person('Facilitator', 100_000, 'facilitator') }]));
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    await waitFor(() => watcher.provider.awareness.getStates().size >= crowd + 1, 'everybody present on a stock client');

    // The nearest-cursor choice is renewed once a second: let it see every cursor.
    await new Promise((r) => setTimeout(r, 1_100));
    const near = participants[NEAR_CURSORS / 2]!; // P10: P0 is among its 20 nearest
    const far = participants[crowd - 1]!; // P59: P0 is not
    const before = far.messages.length;
    participants[0]!.ws.send(awarenessFrame([{ client: 1000, clock: 2, state: person('P0', 50) }]));
    await waitFor(() => seen(near.messages, 1000).some((e) => e.clock === 2 && e.state?.cursor?.x === 50), 'the live move at a near participant');
    // The far one is not sent the move live; within the quiet refresh it learns the new clock, cursor hidden.
    await waitFor(() => seen(far.messages, 1000).some((e) => e.clock === 2), 'the held move at a far participant', QUIET_REFRESH_MS + 3_000);
    expect(seen(far.messages.slice(before), 1000).filter((e) => e.clock === 2).map((e) => e.state?.cursor ?? null)).toEqual([null]);

    // A change that is more than a cursor (a new name) goes to everyone at once, cursor and all.
    participants[0]!.ws.send(awarenessFrame([{ client: 1000, clock: 3, state: { ...person('P0 renamed', 50) } }]));
    await waitFor(() => seen(far.messages, 1000).some((e) => e.clock === 3), 'the new name at a far participant', QUIET_REFRESH_MS - 1_000);
    expect(seen(far.messages, 1000).find((e) => e.clock === 3)?.state).toMatchObject({ user: { name: 'P0 renamed' }, cursor: { x: 50 } });

    // The facilitator's cursor is live for everyone, however far.
    facilitator.ws.send(awarenessFrame([{ client: 5000, clock: 2, state: person('Facilitator', 99_000, 'facilitator') }]));
    await waitFor(() => seen(far.messages, 5000).some((e) => e.clock === 2 && e.state?.cursor?.x === 99_000), 'the facilitator’s cursor at a far participant', QUIET_REFRESH_MS - 1_000);
    await waitFor(() => seen(near.messages, 5000).some((e) => e.clock === 2), 'the facilitator’s cursor at a near participant', QUIET_REFRESH_MS - 1_000);

    // Leaving reaches everyone (and the stock client).
    participants[1]!.ws.send(awarenessFrame([{ client: 1001, clock: 2, state: null }]));
    await waitFor(() => seen(far.messages, 1001).some((e) => e.state === null), 'the leave at a far participant', QUIET_REFRESH_MS - 1_000);
    await waitFor(() => !watcher.provider.awareness.getStates().has(1001), 'the leave on the stock client');
    expect(watcher.provider.awareness.getStates().has(1000)).toBe(true);
  }, 30_000);
});
