/**
 * Resetting the participant link (`POST /api/boards/<id>/invites/reset`,
 * server/linkReset.ts): the facilitator's recourse when the link reached
 * someone it should not have. Afterwards the old secret opens nothing (HTTP,
 * sync upgrade), every socket it opened is closed with 4401, the personal
 * tokens people got with it are revoked, the join code for it is replaced,
 * and all of that holds after a restart. The other roles are untouched.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import { serverEachTest, startTestServer } from '../helpers/server.ts';
import { createBoard, joinAs, rawSocket, roundTrip, trackClients, type CreatedBoard } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
const sockets: ReturnType<typeof rawSocket>[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});

interface Invites {
  participant: string;
  viewer: string;
  reviewer: string;
  projector: string;
}

function call(path: string, secret: string | undefined, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(secret ? { Authorization: `Bearer ${secret}` } : {}), 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const reset = (board: CreatedBoard, secret: string | undefined, body: unknown = { role: 'participant' }) => call(`/api/boards/${board.id}/invites/reset`, secret, { body });

/** A raw socket on one of the board's rooms, open (the test fails if it is refused). */
async function opened(room: string, token: string): Promise<ReturnType<typeof rawSocket>> {
  const s = rawSocket(server.url, room, token);
  sockets.push(s);
  expect(await s.refused).toBeUndefined();
  await s.opened;
  return s;
}

describe('resetting the participant link', () => {
  it('shuts the old link out everywhere at once and lets the new one in; the other roles go on', async () => {
    const board = await createBoard(server.url);
    const ann = await joinAs(server.url, board.id, board.secrets.participant, 'Ann');
    const fran = await joinAs(server.url, board.id, board.secrets.facilitator, 'Fran');
    // What the old link holds open: the board, the facilitation state and a draft room.
    const content = await opened(roomName(board.id, 'content'), board.secrets.participant);
    const control = await opened(roomName(board.id, 'control'), board.secrets.participant);
    const drafts = await opened(roomName(board.id, 'draft', ann.personId), ann.token);
    // What must stay open.
    const facilitator = await opened(roomName(board.id, 'content'), board.secrets.facilitator);
    const viewer = await opened(roomName(board.id, 'content'), board.secrets.viewer);
    const reviewer = await opened(roomName(board.id, 'content'), board.secrets.reviewer);
    const franDrafts = await opened(roomName(board.id, 'draft', fran.personId), fran.token);

    const res = await reset(board, board.secrets.facilitator);
    expect(res.status).toBe(200);
    const invites = (await res.json()) as Invites;
    expect(invites.participant).not.toBe(board.secrets.participant);
    expect(invites.participant.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect({ viewer: invites.viewer, reviewer: invites.reviewer, projector: invites.projector }).toEqual({
      viewer: board.secrets.viewer, reviewer: board.secrets.reviewer, projector: board.secrets.projector,
    });
    // The facilitator sees the new link on any device.
    expect(await (await call(`/api/boards/${board.id}/invites`, board.secrets.facilitator)).json()).toEqual(invites);

    for (const s of [content, control, drafts]) expect(await s.closed).toEqual({ code: CloseCode.unauthorized, reason: 'the participant link was reset' });
    for (const s of [facilitator, viewer, reviewer, franDrafts]) expect(await roundTrip(s.ws)).toBe('answered');

    // The old secret opens nothing.
    expect((await call(`/api/boards/${board.id}`, board.secrets.participant)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/cards`, board.secrets.participant, { body: { column: 'goal', text: 'Sneaking in' } })).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'content'), board.secrets.participant).refused).toBe(401);
    // Nor does the personal token it gave Ann: no votes, no draft room. Fran's is the facilitator's: kept.
    expect((await call(`/api/boards/${board.id}/votes/me`, ann.token)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'draft', ann.personId), ann.token).refused).toBe(401);
    expect((await call(`/api/boards/${board.id}/votes/me`, fran.token)).status).not.toBe(401);

    // The new link works like the old one did, and Ann joins again with it.
    expect(await ((await call(`/api/boards/${board.id}`, invites.participant)).json())).toMatchObject({ role: 'participant' });
    expect((await call(`/api/boards/${board.id}/cards`, invites.participant, { body: { column: 'goal', text: 'Back in' } })).status).toBe(201);
    await opened(roomName(board.id, 'content'), invites.participant);
    const annAgain = await joinAs(server.url, board.id, invites.participant, 'Ann');
    await opened(roomName(board.id, 'draft', annAgain.personId), annAgain.token);

    // After a restart: the same.
    await server.restart();
    expect((await call(`/api/boards/${board.id}`, board.secrets.participant)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/votes/me`, ann.token)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}`, invites.participant)).status).toBe(200);
    expect((await call(`/api/boards/${board.id}`, board.secrets.viewer)).status).toBe(200);
  });

  it('replaces the join code: the old code opens nothing, the new one (on the wall too) stands for the new link', async () => {
    const board = await createBoard(server.url);
    const made = await call(`/api/boards/${board.id}/join-codes`, board.secrets.facilitator, { body: {} });
    expect(made.status).toBe(201);
    const { code: before } = (await made.json()) as { code: string };
    expect(await (await call(`/api/join/${before}`, undefined)).json()).toMatchObject({ secret: board.secrets.participant });

    const invites = (await (await reset(board, board.secrets.facilitator)).json()) as Invites;
    expect((await call(`/api/join/${before}`, undefined)).status).toBe(404);
    // What the share panel asks for next is the new code, and the wall shows it.
    const { code: after } = (await (await call(`/api/boards/${board.id}/join-codes`, board.secrets.facilitator, { body: {} })).json()) as { code: string };
    expect(after).not.toBe(before);
    expect(await (await call(`/api/join/${after}`, undefined)).json()).toMatchObject({ boardId: board.id, secret: invites.participant });
    expect(await (await call(`/api/boards/${board.id}/join-code`, board.secrets.projector)).json()).toMatchObject({ code: after, secret: invites.participant });
  });

  it('is the facilitator\'s, for the participant link only, and refuses bad input without changing anything', async () => {
    const board = await createBoard(server.url);
    expect((await reset(board, undefined)).status).toBe(401);
    expect((await reset(board, 'not-a-secret-of-this-board-at-all')).status).toBe(401);
    for (const secret of [board.secrets.participant, board.secrets.viewer, board.secrets.reviewer, board.secrets.projector]) {
      expect((await reset(board, secret)).status).toBe(403);
    }
    for (const [body, path] of [[{ role: 'viewer' }, 'role'], [{ role: 'facilitator' }, 'role'], [{}, 'role'], [{ role: 'participant', also: 1 }, '']] as const) {
      const res = await reset(board, board.secrets.facilitator, body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.message).toContain(path);
    }
    expect((await call('/api/boards/nosuchboard12345/invites/reset', board.secrets.facilitator, { body: { role: 'participant' } })).status).toBe(404);
    // Nothing changed: the participant link still works.
    expect((await call(`/api/boards/${board.id}`, board.secrets.participant)).status).toBe(200);
  });

  it('closes a socket the old link opened while the reset ran (its board was still loading)', async () => {
    // The board's content document loads only when the test lets it: the socket is accepted, then waits.
    const real = await openSqliteServerStorage({ dataDir: mkdtempSync(join(tmpdir(), 'vcp-test-')) });
    let gated = '';
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const storage = { ...real, load: async (docName: string) => (docName === gated ? gate.then(() => real.load(docName)) : real.load(docName)) };
    const own = await startTestServer({ storage });
    try {
      const board = await createBoard(own.url);
      gated = board.id;
      const late = rawSocket(own.url, roomName(board.id, 'content'), board.secrets.participant);
      sockets.push(late);
      await late.opened; // let in by the old secret, its room not loaded yet
      const res = await fetch(`${own.url}/api/boards/${board.id}/invites/reset`, {
        method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'participant' }),
      });
      expect(res.status).toBe(200);
      release();
      expect(await late.closed).toEqual({ code: CloseCode.unauthorized, reason: 'the participant link was reset' });
    } finally {
      release();
      await own.close();
    }
  });
});
