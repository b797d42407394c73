/** Invite links on any device for the facilitator, short join codes, projector codes, and the join code on the wall (join-code limits: joinCodeLimits.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients } from '../helpers/clients.ts';
import { setJoinCodeHidden } from '../../shared/doc/roomState.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function call(path: string, init: { token?: string; body?: unknown; method?: string } = {}) {
  const res = await fetch(server.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('invites', () => {
  it('gives the facilitator the invite links on any device, and nobody else', async () => {
    const board = await createBoard(server.url);
    const res = await call(`/api/boards/${board.id}/invites`, { token: board.secrets.facilitator });
    expect(res).toEqual({
      status: 200,
      body: { participant: board.secrets.participant, viewer: board.secrets.viewer, reviewer: board.secrets.reviewer, projector: board.secrets.projector },
    });
    expect((await call(`/api/boards/${board.id}/invites`, { token: board.secrets.participant })).status).toBe(403);
    expect((await call(`/api/boards/${board.id}/invites`)).status).toBe(401);
    // Nothing in storage holds the secrets in the clear.
    const stored = await server.storage.load(`${board.id}/private`);
    const bytes = Buffer.concat([...(stored.snapshot ? [Buffer.from(stored.snapshot)] : []), ...stored.updates.map((u) => Buffer.from(u))]).toString('latin1');
    expect(bytes).not.toContain(board.secrets.participant);
    expect(bytes).not.toContain(board.secrets.viewer);
    expect(bytes).not.toContain(board.secrets.reviewer);
    expect(bytes).not.toContain(board.secrets.projector);
  });

  it('issues a short join code that leads to the participant link; renewing replaces it', async () => {
    const board = await createBoard(server.url);
    const first = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: {} });
    expect(first.status).toBe(201);
    const code = first.body.code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(Date.parse(first.body.expiresAt as string) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    expect(await call(`/api/join/${typed}`)).toEqual({ status: 200, body: { boardId: board.id, secret: board.secrets.participant } });
    // Asking again (the projector, another tab) gives the same code; renewing replaces it.
    const again = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: {} });
    expect(again.body.code).toBe(code);
    const second = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: { secret: board.secrets.participant, renew: true } });
    expect(second.status).toBe(201);
    expect(second.body.code).not.toBe(code);
    expect((await call(`/api/join/${code}`)).status).toBe(404);
    expect((await call(`/api/join/${second.body.code as string}`)).body.boardId).toBe(board.id);
  });

  it('refuses codes from participants and wrong participant secrets', async () => {
    const board = await createBoard(server.url);
    expect((await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.participant, body: {} })).status).toBe(403);
    const wrong = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: { secret: board.secrets.viewer } });
    expect(wrong.status).toBe(400);
    expect((wrong.body.error as { message: string }).message).toMatch(/^secret:/);
  });

  it('issues a projector code that leads to the read-only projector link, never a participant, viewer or facilitator secret', async () => {
    const board = await createBoard(server.url);
    expect((await call(`/api/boards/${board.id}/projector-codes`, { token: board.secrets.participant, body: {} })).status).toBe(403);
    const res = await call(`/api/boards/${board.id}/projector-codes`, { token: board.secrets.facilitator, body: {} });
    expect(res.status).toBe(201);
    const code = res.body.code as string;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(await call(`/api/present/${code.toLowerCase()}`)).toEqual({ status: 200, body: { boardId: board.id, secret: board.secrets.projector } });
    // A projector code is not a join code, and a join code does not open the projector route.
    expect((await call(`/api/join/${code}`)).status).toBe(404);
    const join = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: {} });
    expect((await call(`/api/present/${join.body.code as string}`)).status).toBe(404);
    expect((await call(`/api/join/${join.body.code as string}`)).body.secret).toBe(board.secrets.participant);
    // Both codes live side by side; asking again keeps the projector code.
    expect((await call(`/api/boards/${board.id}/projector-codes`, { token: board.secrets.facilitator, body: {} })).body.code).toBe(code);
    const renewed = await call(`/api/boards/${board.id}/projector-codes`, { token: board.secrets.facilitator, body: { renew: true } });
    expect(renewed.body.code).not.toBe(code);
    expect((await call(`/api/present/${code}`)).status).toBe(404);
    expect((await call(`/api/boards/${board.id}/projector-codes`, { token: board.secrets.facilitator, body: { secret: 'x' } })).status).toBe(400);
  });

  it('lets the projector (projector secret) read the join code the facilitator shows, unless it is hidden', async () => {
    const board = await createBoard(server.url);
    const path = `/api/boards/${board.id}/join-code`;
    const projector = board.secrets.projector;
    expect((await call(path, { token: projector })).status).toBe(404);
    const join = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: {} });
    // The code, and the participant link it stands for (for the QR code on the wall): nothing the code itself does not give.
    expect(await call(path, { token: projector })).toEqual({ status: 200, body: { ...join.body, secret: board.secrets.participant } });
    // Nobody else: the viewer link is the stakeholders' review link, and must not become a participant's.
    for (const role of ['viewer', 'reviewer', 'participant', 'facilitator'] as const) {
      const refused = await call(path, { token: board.secrets[role] });
      expect(refused.status, role).toBe(403);
      expect(JSON.stringify(refused.body), role).not.toContain(board.secrets.participant);
    }
    expect((await call(path)).status).toBe(401);
    // Kept sealed: the code is not in storage in the clear.
    const stored = await server.storage.load(`${board.id}/private`);
    const bytes = Buffer.concat([...(stored.snapshot ? [Buffer.from(stored.snapshot)] : []), ...stored.updates.map((u) => Buffer.from(u))]).toString('latin1');
    expect(bytes).not.toContain(join.body.code as string);
    expect(bytes).not.toContain(board.secrets.participant);
    // The facilitator hides it (the control document): the projector cannot read it any more.
    const clients = trackClients();
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    setJoinCodeHidden(control.doc, true);
    await expect.poll(async () => (await call(path, { token: projector })).status).toBe(404);
    setJoinCodeHidden(control.doc, false);
    await expect.poll(async () => (await call(path, { token: projector })).status).toBe(200);
    // A renewed join code reaches the wall too.
    const renewed = await call(`/api/boards/${board.id}/join-codes`, { token: board.secrets.facilitator, body: { renew: true } });
    expect((await call(path, { token: projector })).body.code).toBe(renewed.body.code);
    expect((await call(path, { token: board.secrets.viewer })).status).toBe(403);
    clients.destroyAll();
  });

  it('counts wrong projector codes and wrong join codes against one guessing budget', async () => {
    const statuses: number[] = [];
    // Join and projector codes share one budget of wrong guesses per client: switching routes does not double the guesses.
    for (let i = 0; i < 40; i++) statuses.push((await call(`/api/${i % 2 ? 'present' : 'join'}/ZZZZZZ${String(i).padStart(2, '0')}`)).status);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(0, limited).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(limited).every((s) => s === 429)).toBe(true);
  });
});
