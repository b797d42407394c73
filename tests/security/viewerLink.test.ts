/**
 * The viewer link cannot become a participant: the viewer link is what stakeholders get for async review, so it
 * must not read the join code and the participant secret behind it while the
 * facilitator shows the code on the wall. The wall holds its own capability
 * instead, the projector secret: it reads the board exactly like a viewer
 * (every write dropped, exports and history readable) and may, in addition,
 * read the join code the facilitator shows.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { hashSecret, newSecret } from '../../server/secrets.ts';
import { sealInvites } from '../../server/invites.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, joinAs, rawSocket, roundTrip, trackClients, updateFrame, waitFor } from '../helpers/clients.ts';
import { api, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

/** A board whose facilitator has made the join code (the share panel does so when it opens). */
async function boardWithJoinCode() {
  const board = await createBoard(server.url, { title: 'Workshop', example: true });
  const join = await api(server, `/api/boards/${board.id}/join-codes`, board.secrets.facilitator, {});
  expect(join.status).toBe(201);
  const invites = await api(server, `/api/boards/${board.id}/invites`, board.secrets.facilitator);
  return { board, code: join.body.code as string, projector: invites.body.projector as string };
}

describe('the viewer link cannot become a participant', () => {
  it('a review (viewer) link reads the join code the wall shows to get the participant secret: 403', async () => {
    const { board } = await boardWithJoinCode();
    const res = await api(server, `/api/boards/${board.id}/join-code`, board.secrets.viewer);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('forbidden');
    expect(JSON.stringify(res.body)).not.toContain(board.secrets.participant);
    // The reviewer link neither.
    expect((await api(server, `/api/boards/${board.id}/join-code`, board.secrets.reviewer)).status).toBe(403);
    // Nor is the code kept anywhere the viewer secret opens: storage holds it sealed for the projector only.
    const bytes = (await stored(server, `${board.id}/private`)).bytes;
    expect(bytes).not.toContain(board.secrets.participant);
    expect(bytes).not.toContain('viewerCode');
  });

  it('the projector secret reads the join code and the participant link behind it, and nothing a viewer could not', async () => {
    const { board, code, projector } = await boardWithJoinCode();
    expect(projector).toMatch(/^[\w-]{40,}$/);
    expect(new Set([...Object.values(board.secrets), projector]).size).toBe(5);
    const shown = await api(server, `/api/boards/${board.id}/join-code`, projector);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ code, secret: board.secrets.participant });
    // Read only, exactly like a viewer: GET answers the viewer role (and that it is the projector).
    expect((await api(server, `/api/boards/${board.id}`, projector)).body).toMatchObject({ id: board.id, role: 'viewer', projector: true });
    expect((await api(server, `/api/boards/${board.id}`, board.secrets.viewer)).body.projector).toBeUndefined();
    expect((await fetch(`${server.url}/api/boards/${board.id}/export?format=md`, { headers: { Authorization: `Bearer ${projector}` } })).status).toBe(200);
    expect((await api(server, `/api/boards/${board.id}/history`, projector)).status).toBe(200);
    for (const [path, body] of [
      ['cards', { column: 'goal', text: 'WALL-CARD' }], ['history', {}], ['people', { name: 'Wall' }], ['invites', undefined],
      ['join-codes', {}], ['projector-codes', {}], ['facilitation', { action: 'closeVoting' }],
    ] as const) {
      const res = await api(server, `/api/boards/${board.id}/${path}`, projector, body);
      expect([403, 405], `${path}: ${res.status}`).toContain(res.status);
    }
  });

  it('a projector socket’s writes to the board and the control document are dropped, never stored or sent', async () => {
    const { board, projector } = await boardWithJoinCode();
    const participant = clients.connect(server.url, board.id, board.secrets.participant);
    await participant.synced;
    const count = readCards(participant.doc).length;
    for (const room of [board.id, `${board.id}/control`]) {
      const raw = rawSocket(server.url, room, projector);
      await raw.opened;
      const scratch = new Y.Doc();
      if (room === board.id) Y.applyUpdate(scratch, Y.encodeStateAsUpdate(participant.doc));
      const before = Y.encodeStateVector(scratch);
      if (room === board.id) addCard(scratch, { column: 'goal', text: 'WALL-WRITE' });
      else scratch.getMap('facilitation').set('phase', 'close');
      raw.ws.send(updateFrame(Y.encodeStateAsUpdate(scratch, before)));
      scratch.destroy();
      expect(await roundTrip(raw.ws)).toBe('answered');
      raw.ws.close();
    }
    // A participant's card after the attempts arrives; the projector's never did.
    addCard(participant.doc, { column: 'goal', text: 'after' });
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    // Synced first: a broadcast can reach a new socket before its sync step 2 (the whole board) does.
    await watcher.synced;
    await waitFor(() => readCards(watcher.doc).some((c) => c.text === 'after'), 'the participant card');
    expect(readCards(watcher.doc).length).toBe(count + 1);
    expect((await stored(server, board.id)).bytes).not.toContain('WALL-WRITE');
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    expect(control.doc.getMap('facilitation').get('phase')).not.toBe('close');
    // Its personal-token route is closed too: no person, no draft room.
    const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
    expect(await rawSocket(server.url, `${board.id}/draft/${pat.personId}`, projector).refused).toBe(401);
  });

  it('the projector code opens the wall with the projector secret, never the viewer’s', async () => {
    const { board, projector } = await boardWithJoinCode();
    const made = await api(server, `/api/boards/${board.id}/projector-codes`, board.secrets.facilitator, {});
    expect(made.status).toBe(201);
    const redeemed = await api(server, `/api/present/${made.body.code as string}`, '');
    expect(redeemed.body).toEqual({ boardId: board.id, secret: projector });
  });

  it('a board made before the projector secret gets one when the facilitator asks for the invites; then the wall reads the code and the viewer does not', async () => {
    const id = 'OldWall' + newSecret().slice(0, 10).replace(/[^A-Za-z0-9]/g, 'x');
    const secrets = { facilitator: newSecret(), participant: newSecret(), viewer: newSecret(), reviewer: newSecret() };
    const privateDoc = new Y.Doc();
    privateDoc.getMap('invites').set('sealed', sealInvites(id, secrets.facilitator, { participant: secrets.participant, viewer: secrets.viewer, reviewer: secrets.reviewer }));
    privateDoc.getMap('invites').set('reviewerHash', hashSecret(secrets.reviewer));
    await server.storage.createBoard(
      { id, title: 'Old wall', createdAt: Date.now(), secretHashes: { facilitator: hashSecret(secrets.facilitator), participant: hashSecret(secrets.participant), viewer: hashSecret(secrets.viewer) } },
      [{ docName: id, update: Y.encodeStateAsUpdate(new Y.Doc()) }, { docName: `${id}/private`, update: Y.encodeStateAsUpdate(privateDoc) }],
    );
    const invites = await api(server, `/api/boards/${id}/invites`, secrets.facilitator);
    expect(invites.body).toMatchObject({ participant: secrets.participant, viewer: secrets.viewer, reviewer: secrets.reviewer });
    const projector = invites.body.projector as string;
    expect(projector).toMatch(/^[\w-]{40,}$/);
    expect((await api(server, `/api/boards/${id}/invites`, secrets.facilitator)).body.projector).toBe(projector);
    const join = await api(server, `/api/boards/${id}/join-codes`, secrets.facilitator, {});
    expect((await api(server, `/api/boards/${id}/join-code`, projector)).body).toMatchObject({ code: join.body.code, secret: secrets.participant });
    expect((await api(server, `/api/boards/${id}/join-code`, secrets.viewer)).status).toBe(403);
    const bytes = (await stored(server, `${id}/private`)).bytes;
    expect(bytes).not.toContain(projector);
  });
});
