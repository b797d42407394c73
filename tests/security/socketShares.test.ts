/**
 * Nobody fills a board's socket places alone (a red-team script opened 5,000
 * sockets with the viewer link from one address, and every participant after
 * it got 429): one client address holds at most 70 % of the places, one
 * joined person at most 32 sockets. The facilitator and the wall still get in
 * past both; another address, another person, another board are untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, joinAs, rawSocket, roundTrip, trackClients } from '../helpers/clients.ts';
import { PER_PERSON } from '../../server/sync/boardSockets.ts';

const clients = trackClients();
const server = serverEachTest({ maxSocketsPerBoard: 100, trustProxy: 1 }, clients);
const sockets: ReturnType<typeof rawSocket>[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});

function open(room: string, token: string, options: Parameters<typeof rawSocket>[3] = {}): ReturnType<typeof rawSocket> {
  const s = rawSocket(server.url, room, token, options);
  sockets.push(s);
  return s;
}
const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } });

describe('a board’s socket places are shared', () => {
  it('one address holds at most 70 of 100 places; other addresses, the facilitator and the wall still get in', async () => {
    const board = await createBoard(server.url);
    const flood = Array.from({ length: 70 }, () => open(board.id, board.secrets.viewer, from('203.0.113.7')));
    for (const s of flood) expect(await s.refused).toBeUndefined();
    expect(await open(board.id, board.secrets.viewer, from('203.0.113.7')).refused).toBe(429);
    expect(await open(board.id, board.secrets.participant, from('203.0.113.7')).refused).toBe(429);
    // A participant from elsewhere, the facilitator and the wall (even from the flooding address) get in.
    const others = [
      open(board.id, board.secrets.participant, from('198.51.100.2')),
      open(board.id, board.secrets.facilitator, from('203.0.113.7')),
      open(board.id, board.secrets.projector, from('203.0.113.7')),
    ];
    for (const s of others) {
      expect(await s.refused).toBeUndefined();
      expect(await roundTrip(s.ws)).toBe('answered');
    }
    // The address's share is per board; a closed socket gives its place back.
    const other = await createBoard(server.url);
    expect(await open(other.id, other.secrets.viewer, from('203.0.113.7')).refused).toBeUndefined();
    flood[0]!.ws.terminate();
    await flood[0]!.closed;
    await expect.poll(() => open(board.id, board.secrets.viewer, from('203.0.113.7')).refused).toBeUndefined();
  });

  it(`one person holds at most ${PER_PERSON} sockets; another person gets in`, async () => {
    const board = await createBoard(server.url);
    const mallory = await joinAs(server.url, board.id, board.secrets.participant, 'Mallory');
    const held = Array.from({ length: PER_PERSON }, () => open(board.id, board.secrets.participant, { person: mallory.token }));
    for (const s of held) expect(await s.refused).toBeUndefined();
    expect(await open(board.id, board.secrets.participant, { person: mallory.token }).refused).toBe(429);
    const ana = await joinAs(server.url, board.id, board.secrets.participant, 'Ana');
    const theirs = open(board.id, board.secrets.participant, { person: ana.token });
    expect(await theirs.refused).toBeUndefined();
    expect(await roundTrip(theirs.ws)).toBe('answered');
  });
});
