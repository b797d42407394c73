/**
 * Authentication before the socket is accepted, so a wrong secret costs the
 * server nothing: the sync upgrade is answered 401 / 404 without reading what
 * the client sends next,
 * and an accepted socket refuses an over-long frame by its header (4413)
 * instead of buffering it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard } from '../helpers/clients.ts';
import { frameHeader, rawUpgrade, rawUpgradeOf } from './forge.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('the sync upgrade', () => {
  it('a wrong secret is refused with 401 during the upgrade, before the frame sent after it is read', async () => {
    const board = await createBoard(server.url);
    // Without waiting for an answer: a frame announcing 15 MiB, and its first megabyte.
    const attack = rawUpgrade(server.port, board.id, 'wrong-secret-that-is-long-enough', [frameHeader(15 * 1024 * 1024), Buffer.alloc(1024 * 1024, 7)]);
    expect(await attack.status).toBe(401);
  });

  it("someone else's draft room is refused with 401 during the upgrade", async () => {
    const board = await createBoard(server.url);
    const res = await fetch(`${server.url}/api/boards/${board.id}/people`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ann' }),
    });
    const ann = (await res.json()) as { personId: string };
    for (const token of [board.secrets.facilitator, board.secrets.participant]) {
      expect(await rawUpgrade(server.port, roomName(board.id, 'draft', ann.personId), token).status).toBe(401);
    }
  });

  it('an unknown board and a path-traversal room are refused with 404 during the upgrade', async () => {
    const board = await createBoard(server.url);
    expect(await rawUpgrade(server.port, 'NoSuchBoard123', board.secrets.facilitator).status).toBe(404);
    expect(await rawUpgrade(server.port, `${board.id}%2F..%2F..%2Fetc`, board.secrets.facilitator).status).toBe(404);
    expect(await rawUpgrade(server.port, `${board.id}/private`, board.secrets.facilitator).status).toBe(404);
  });

  it('a request target that is no URL is refused with 404, and the server keeps serving', async () => {
    for (const path of ['//', '//[', 'http://[']) expect(await rawUpgradeOf(server.port, path).status, path).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('an authenticated socket announcing a 15 MiB frame is closed with 4413 by the header alone', async () => {
    const board = await createBoard(server.url);
    const socket = rawUpgrade(server.port, board.id, board.secrets.participant);
    expect(await socket.status).toBe(101);
    // The payload never comes: a server that buffers up to the frame's end would wait for ever.
    socket.socket.write(frameHeader(15 * 1024 * 1024));
    socket.socket.write(Buffer.alloc(16, 1));
    expect(await socket.closeCode).toBe(CloseCode.tooLarge);
    socket.socket.destroy();
  });
});
