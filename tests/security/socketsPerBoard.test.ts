/**
 * A script with a participant link opens socket after socket: each holds a
 * file descriptor and memory on the server, and without a bound it could open
 * them until the process had none left for any board. One board holds at most
 * so many sockets over all its rooms (`MAX_SOCKETS_PER_BOARD`, here 6); past
 * that an upgrade is refused with 429, other boards are untouched, a closed
 * socket frees its place, and a reset of the link closes what the script held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { roomName } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, rawSocket, roundTrip, trackClients } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({ maxSocketsPerBoard: 6 }, clients);
const sockets: ReturnType<typeof rawSocket>[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});

function open(room: string, token: string): ReturnType<typeof rawSocket> {
  const s = rawSocket(server.url, room, token);
  sockets.push(s);
  return s;
}

describe('sockets per board', () => {
  it('refuses the socket past the bound with 429; other boards go on; a closed socket or a link reset frees places', async () => {
    const board = await createBoard(server.url);
    const other = await createBoard(server.url);
    // The script fills the board's places, over its board and control rooms.
    const held = Array.from({ length: 6 }, (_, i) => open(i % 2 ? roomName(board.id, 'control') : board.id, board.secrets.participant));
    for (const s of held) expect(await s.refused).toBeUndefined();
    expect(await open(board.id, board.secrets.participant).refused).toBe(429);
    expect(await open(roomName(board.id, 'control'), board.secrets.viewer).refused).toBe(429);
    // The facilitator (who resets the link) and the wall still get in.
    const always = [board.secrets.facilitator, board.secrets.projector].map((token) => open(board.id, token));
    for (const s of always) {
      expect(await s.refused).toBeUndefined();
      expect(await roundTrip(s.ws)).toBe('answered');
    }
    // Another board is not affected.
    const elsewhere = open(other.id, other.secrets.participant);
    expect(await elsewhere.refused).toBeUndefined();
    expect(await roundTrip(elsewhere.ws)).toBe('answered');

    // A socket that closes gives its place back (the facilitator's and the wall's count too: two more must close).
    for (const s of [held[0]!, ...always]) {
      s.ws.terminate();
      await s.closed;
    }
    await expect.poll(() => open(board.id, board.secrets.participant).refused).toBeUndefined();
    expect(await open(board.id, board.secrets.participant).refused).toBe(429);

    // The facilitator resets the participant link: the script's sockets close, and the room has places again.
    const res = await fetch(`${server.url}/api/boards/${board.id}/invites/reset`, {
      method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'participant' }),
    });
    expect(res.status).toBe(200);
    for (const s of held.slice(1)) await s.closed;
    const invites = (await res.json()) as { participant: string };
    for (let i = 0; i < 4; i++) {
      const s = open(board.id, invites.participant);
      expect(await s.refused).toBeUndefined();
      expect(await roundTrip(s.ws)).toBe('answered');
    }
  });
});
