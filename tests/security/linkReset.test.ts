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
    const wall = await opened(roomName(board.id, 'content'), board.secrets.projector);
    expect(await roundTrip(wall.ws)).toBe('answered');
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

  it('is the facilitator\'s, for the invite links but theirs, and refuses bad input without changing anything', async () => {
    const board = await createBoard(server.url);
    expect((await reset(board, undefined)).status).toBe(401);
    expect((await reset(board, 'not-a-secret-of-this-board-at-all')).status).toBe(401);
    for (const secret of [board.secrets.participant, board.secrets.viewer, board.secrets.reviewer, board.secrets.projector]) {
      expect((await reset(board, secret)).status).toBe(403);
    }
    for (const [body, path] of [[{ role: 'facilitator' }, 'role'], [{ role: 'owner' }, 'role'], [{}, 'role'], [{ role: 'participant', also: 1 }, '']] as const) {
      const res = await reset(board, board.secrets.facilitator, body);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.message).toContain(path);
    }
    expect((await call('/api/boards/nosuchboard12345/invites/reset', board.secrets.facilitator, { body: { role: 'participant' } })).status).toBe(404);
    // Nothing changed: every link still works.
    for (const secret of Object.values(board.secrets)) expect((await call(`/api/boards/${board.id}`, secret)).status).toBe(200);
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

describe('joining again after a reset', () => {
  it('a participant whose token the reset revoked is the same person with the new link: ballot and budget carry on; not with a removed person’s token, another role’s, or the old link', async () => {
    const board = await createBoard(server.url);
    const ann = await joinAs(server.url, board.id, board.secrets.participant, 'Ann');
    const ben = await joinAs(server.url, board.id, board.secrets.participant, 'Ben');
    const facilitate = (body: unknown) => call(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { body });
    expect((await facilitate({ action: 'startVoting', columns: ['goal'], votesPerPerson: 2, allowMultiple: true })).status).toBe(200);
    const goal = (await (await call(`/api/boards/${board.id}/cards`, board.secrets.facilitator, { body: { column: 'goal', text: 'Grow ARR' } })).json()) as { id: string };
    const vote = (token: string) => call(`/api/boards/${board.id}/votes`, token, { body: { card: goal.id, op: 'add' } });
    expect((await vote(ann.token)).status).toBe(200);

    const invites = (await (await reset(board, board.secrets.facilitator)).json()) as Invites;
    // The facilitator removes Ben meanwhile: his revoked token gives nobody back.
    expect((await call(`/api/boards/${board.id}/people/${ben.personId}`, board.secrets.facilitator, { method: 'DELETE' })).status).toBe(200);
    const rejoin = (secret: string, name: string, token: string) => call(`/api/boards/${board.id}/people`, secret, { body: { name, rejoin: token } });

    // The old link opens nothing, rejoin or not.
    expect((await rejoin(board.secrets.participant, 'Ann', ann.token)).status).toBe(401);
    // Another role's link does not take a participant back (a reviewer joins as someone new).
    const asReviewer = (await (await rejoin(board.secrets.reviewer, 'Ann', ann.token)).json()) as { personId: string };
    expect(asReviewer.personId).not.toBe(ann.personId);
    // With the new link Ann is herself again, under the name she gives now; her old token stays refused.
    const again = await rejoin(invites.participant, 'Ann B.', ann.token);
    expect(again.status).toBe(201);
    const annAgain = (await again.json()) as { personId: string; token: string; name: string };
    expect(annAgain).toMatchObject({ personId: ann.personId, name: 'Ann B.' });
    expect(annAgain.token).not.toBe(ann.token);
    expect((await call(`/api/boards/${board.id}/votes/me`, ann.token)).status).toBe(401);
    // Her ballot is hers still: one vote used, one left (a new person would have two).
    expect(await (await call(`/api/boards/${board.id}/votes/me`, annAgain.token)).json()).toMatchObject({ mine: [goal.id], remaining: 1 });
    // Her token from before cannot take her person twice.
    expect(((await (await rejoin(invites.participant, 'Ann', ann.token)).json()) as { personId: string }).personId).not.toBe(ann.personId);
    // Ben's token, revoked by the reset and then by the removal, gives a new person.
    expect(((await (await rejoin(invites.participant, 'Ben', ben.token)).json()) as { personId: string }).personId).not.toBe(ben.personId);
    // A made-up token is just a join.
    expect((await rejoin(invites.participant, 'Eve', `${ann.personId}.not-the-secret`)).status).toBe(201);
    expect((await rejoin(invites.participant, 'Eve', 'x'.repeat(201))).status).toBe(400);
  });
});

describe('resetting the viewer, reviewer or projector link', () => {
  it('the viewer link: its sockets close, it opens nothing, the projector and the other roles go on', async () => {
    const board = await createBoard(server.url);
    const viewer = await opened(roomName(board.id, 'content'), board.secrets.viewer);
    const viewerControl = await opened(roomName(board.id, 'control'), board.secrets.viewer);
    const others = await Promise.all([board.secrets.projector, board.secrets.participant, board.secrets.reviewer, board.secrets.facilitator]
      .map((secret) => opened(roomName(board.id, 'content'), secret)));

    const res = await reset(board, board.secrets.facilitator, { role: 'viewer' });
    expect(res.status).toBe(200);
    const invites = (await res.json()) as Invites;
    expect(invites.viewer).not.toBe(board.secrets.viewer);
    expect(invites.viewer.length).toBeGreaterThanOrEqual(43);
    expect({ ...invites, viewer: '' }).toEqual({ participant: board.secrets.participant, reviewer: board.secrets.reviewer, projector: board.secrets.projector, viewer: '' });
    expect(await (await call(`/api/boards/${board.id}/invites`, board.secrets.facilitator)).json()).toEqual(invites);

    for (const s of [viewer, viewerControl]) expect(await s.closed).toEqual({ code: CloseCode.unauthorized, reason: 'the viewer link was reset' });
    for (const s of others) expect(await roundTrip(s.ws)).toBe('answered');
    expect((await call(`/api/boards/${board.id}`, board.secrets.viewer)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'content'), board.secrets.viewer).refused).toBe(401);
    expect(await ((await call(`/api/boards/${board.id}`, invites.viewer)).json())).toMatchObject({ role: 'viewer' });
    await opened(roomName(board.id, 'content'), invites.viewer);

    await server.restart();
    expect((await call(`/api/boards/${board.id}`, board.secrets.viewer)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}`, invites.viewer)).status).toBe(200);
  });

  it('the reviewer link: its sockets close, the personal tokens it gave are revoked, and a reviewer joins again with the new one', async () => {
    const board = await createBoard(server.url);
    const sam = await joinAs(server.url, board.id, board.secrets.reviewer, 'Sam');
    const ann = await joinAs(server.url, board.id, board.secrets.participant, 'Ann');
    const reviewer = await opened(roomName(board.id, 'content'), board.secrets.reviewer);
    const participant = await opened(roomName(board.id, 'content'), board.secrets.participant);

    const invites = (await (await reset(board, board.secrets.facilitator, { role: 'reviewer' })).json()) as Invites;
    expect(invites.reviewer).not.toBe(board.secrets.reviewer);
    expect(invites.participant).toBe(board.secrets.participant);
    expect(await reviewer.closed).toEqual({ code: CloseCode.unauthorized, reason: 'the reviewer link was reset' });
    expect(await roundTrip(participant.ws)).toBe('answered');
    expect((await call(`/api/boards/${board.id}`, board.secrets.reviewer)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'content'), board.secrets.reviewer).refused).toBe(401);
    // Sam's personal token no longer names a person (a reviewer's votes answer 403 while it is valid); Ann's does.
    expect((await call(`/api/boards/${board.id}/votes/me`, sam.token)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/votes/me`, ann.token)).status).not.toBe(401);
    expect(await ((await call(`/api/boards/${board.id}`, invites.reviewer)).json())).toMatchObject({ role: 'reviewer' });
    const samAgain = await joinAs(server.url, board.id, invites.reviewer, 'Sam');
    expect((await call(`/api/boards/${board.id}/votes/me`, samAgain.token)).status).toBe(403);

    await server.restart();
    expect((await call(`/api/boards/${board.id}`, board.secrets.reviewer)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/votes/me`, sam.token)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}`, invites.reviewer)).status).toBe(200);
  });

  it('the projector link: the wall closes; the new link shows the same join code, and a projector code stands for it', async () => {
    const board = await createBoard(server.url);
    const { code: joinCode } = (await (await call(`/api/boards/${board.id}/join-codes`, board.secrets.facilitator, { body: {} })).json()) as { code: string };
    const { code: presentBefore } = (await (await call(`/api/boards/${board.id}/projector-codes`, board.secrets.facilitator, { body: {} })).json()) as { code: string };
    expect(await (await call(`/api/present/${presentBefore}`, undefined)).json()).toMatchObject({ secret: board.secrets.projector });
    const wall = await opened(roomName(board.id, 'content'), board.secrets.projector);
    const viewer = await opened(roomName(board.id, 'content'), board.secrets.viewer);

    const invites = (await (await reset(board, board.secrets.facilitator, { role: 'projector' })).json()) as Invites;
    expect(invites.projector).not.toBe(board.secrets.projector);
    expect(invites.viewer).toBe(board.secrets.viewer);
    expect(await wall.closed).toEqual({ code: CloseCode.unauthorized, reason: 'the projector link was reset' });
    expect(await roundTrip(viewer.ws)).toBe('answered');
    expect((await call(`/api/boards/${board.id}/join-code`, board.secrets.projector)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'content'), board.secrets.projector).refused).toBe(401);
    // The room's join code did not change: the new projector shows it.
    expect(await (await call(`/api/boards/${board.id}/join-code`, invites.projector)).json()).toMatchObject({ code: joinCode, secret: board.secrets.participant });
    // The old projector code opens nothing any more; the facilitator's current one stands for the new link.
    expect((await call(`/api/present/${presentBefore}`, undefined)).status).toBe(404);
    const { code: presentAfter } = (await (await call(`/api/boards/${board.id}/projector-codes`, board.secrets.facilitator, { body: {} })).json()) as { code: string };
    expect(presentAfter).not.toBe(presentBefore);
    expect(await (await call(`/api/present/${presentAfter}`, undefined)).json()).toMatchObject({ boardId: board.id, secret: invites.projector });

    await server.restart();
    expect((await call(`/api/boards/${board.id}/join-code`, board.secrets.projector)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}/join-code`, invites.projector)).status).toBe(200);
  });
});
