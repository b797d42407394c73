/** Invite links on any device for the facilitator, and short join codes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard } from '../helpers/clients.ts';

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
    expect(res).toEqual({ status: 200, body: { participant: board.secrets.participant, viewer: board.secrets.viewer, reviewer: board.secrets.reviewer } });
    expect((await call(`/api/boards/${board.id}/invites`, { token: board.secrets.participant })).status).toBe(403);
    expect((await call(`/api/boards/${board.id}/invites`)).status).toBe(401);
    // Nothing in storage holds the secrets in the clear.
    const stored = await server.storage.load(`${board.id}/private`);
    const bytes = Buffer.concat([...(stored.snapshot ? [Buffer.from(stored.snapshot)] : []), ...stored.updates.map((u) => Buffer.from(u))]).toString('latin1');
    expect(bytes).not.toContain(board.secrets.participant);
    expect(bytes).not.toContain(board.secrets.viewer);
    expect(bytes).not.toContain(board.secrets.reviewer);
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

  it('rate-limits guessing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await call(`/api/join/ZZZZZZ${String(i).padStart(2, '0')}`)).status);
    expect(statuses.slice(0, 5).every((s) => s === 404)).toBe(true);
    expect(statuses).toContain(429);
  });
});
