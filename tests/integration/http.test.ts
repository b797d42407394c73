/** The HTTP API (docs/API.md) against the real server, with real fetch. */
import { request } from 'node:http';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCards } from '../../shared/doc/index.ts';
import { validateBoardJson } from '../../shared/doc/json.ts';
import { Limits } from '../../shared/protocol.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, rawSocket, updateFrame, waitFor } from '../helpers/clients.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function call(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(server.url + path, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
  return { status: res.status, body: body as Record<string, any>, headers: res.headers };
}

describe('HTTP API', () => {
  it('GET /healthz', async () => {
    const res = await call('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });

  it('creates a board and returns three distinct 256-bit secrets', async () => {
    const res = await call('/api/boards', { method: 'POST', json: { title: 'Q3 strategy' } });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('Q3 strategy');
    const { facilitator, participant, viewer } = res.body.secrets;
    expect(new Set([facilitator, participant, viewer]).size).toBe(3);
    for (const s of [facilitator, participant, viewer]) expect(Buffer.from(s, 'base64url').length).toBeGreaterThanOrEqual(16);
    for (const [secret, role] of [[facilitator, 'facilitator'], [participant, 'participant'], [viewer, 'viewer']]) {
      const info = await call(`/api/boards/${res.body.id}`, { token: secret });
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({ id: res.body.id, title: 'Q3 strategy', role, direction: 'rtl' });
    }
  });

  it('stores role secrets only as hashes', async () => {
    const created = await createBoard(server.url);
    const record = await server.storage.getBoard(created.id);
    const stored = JSON.stringify(record);
    for (const s of Object.values(created.secrets)) expect(stored).not.toContain(s);
  });

  it('rejects bad input with the path of the bad field', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'title'],
      [{ title: '' }, 400, 'title'],
      [{ title: 42 }, 400, 'title'],
      [{ title: 'x', colour: 'red' }, 400, 'colour'],
      [{ title: 'x', direction: 'up' }, 400, 'direction'],
      [JSON.parse('{"title":"x","__proto__":{"admin":true}}'), 400, '__proto__'],
    ];
    for (const [json, status, path] of cases) {
      const res = await call('/api/boards', { method: 'POST', json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.message.startsWith(`${path}:`), res.body.error.message).toBe(true);
    }
    const notJson = await call('/api/boards', { method: 'POST', body: '{"title":', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    const big = await call('/api/boards', { method: 'POST', json: { title: 'x', pad: 'y'.repeat(Limits.maxBodyBytes) } });
    expect(big.status).toBe(413);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('authorizes: 401 without or with a wrong secret, 404 for unknown or malformed ids', async () => {
    const board = await createBoard(server.url);
    expect((await call(`/api/boards/${board.id}`)).status).toBe(401);
    expect((await call(`/api/boards/${board.id}`, { token: 'wrong' })).status).toBe(401);
    expect((await call('/api/boards/NoSuchBoard1', { token: board.secrets.viewer })).status).toBe(404);
    expect((await call('/api/boards/..%2F..%2Fetc', { token: board.secrets.viewer })).status).toBe(404);
    const other = await createBoard(server.url);
    expect((await call(`/api/boards/${other.id}`, { token: board.secrets.facilitator })).status).toBe(401);
  });

  it('adds a card: 201 once stored; connected clients receive it', async () => {
    const board = await createBoard(server.url);
    const watcher = connect(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    const res = await call(`/api/boards/${board.id}/cards`, { method: 'POST', token: board.secrets.participant, json: { column: 'value', text: 'Saves an hour a week' } });
    expect(res.status).toBe(201);
    expect(typeof res.body.id).toBe('string');
    // Stored before the 201 (the kill -9 durability test proves the ordering).
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === res.body.id), 'card at watcher');
    const stored = await server.storage.load(board.id);
    expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(1);
    watcher.destroy();
  });

  it('refuses card writes from viewers (403) and bad card bodies (400 with path)', async () => {
    const board = await createBoard(server.url);
    const viewer = await call(`/api/boards/${board.id}/cards`, { method: 'POST', token: board.secrets.viewer, json: { column: 'goal', text: 'x' } });
    expect(viewer.status).toBe(403);
    const badColumn = await call(`/api/boards/${board.id}/cards`, { method: 'POST', token: board.secrets.participant, json: { column: 'goals', text: 'x' } });
    expect(badColumn.status).toBe(400);
    expect(badColumn.body.error.message).toMatch(/^column:/);
    const huge = await call(`/api/boards/${board.id}/cards`, { method: 'POST', token: board.secrets.participant, json: { column: 'goal', text: 'x'.repeat(Limits.maxCardTextChars + 1) } });
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/^text:/);
    const extra = await call(`/api/boards/${board.id}/cards`, { method: 'POST', token: board.secrets.participant, json: { column: 'goal', text: 'x', author: 'me' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/^author:/);
    const exported = await call(`/api/boards/${board.id}/export?format=json`, { token: board.secrets.viewer });
    expect(exported.body.cards).toEqual([]);
  });

  it('exports JSON and imports it into a new, identical board', async () => {
    const board = await createBoard(server.url, { title: 'Worked example', example: true });
    const first = await call(`/api/boards/${board.id}/export?format=json`, { token: board.secrets.viewer });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.json"/);
    expect(validateBoardJson(first.body).ok).toBe(true);
    const imported = await call('/api/boards', { method: 'POST', json: first.body });
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(board.id);
    const second = await call(`/api/boards/${imported.body.id}/export?format=json`, { token: imported.body.secrets.viewer });
    expect({ ...second.body, board: { ...second.body.board, id: board.id } }).toEqual(first.body);
  });

  it('rejects a bad import with the path of the first bad field and stores nothing', async () => {
    const board = await createBoard(server.url, { title: 'Source', example: true });
    const json = (await call(`/api/boards/${board.id}/export?format=json`, { token: board.secrets.viewer })).body;
    const before = (await server.storage.listBoards()).length;
    const broken = structuredClone(json);
    broken.links[0].to = 'missing-card';
    const res = await call('/api/boards', { method: 'POST', json: broken });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^links\[0\]\.to:/);
    const unsupported = await call(`/api/boards/${board.id}/export?format=docx`, { token: board.secrets.viewer });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.message).toMatch(/^format:/);
    expect((await server.storage.listBoards()).length).toBe(before);
  });

  it('answers unknown endpoints and methods without a stack trace', async () => {
    expect((await call('/api/nope')).status).toBe(404);
    const res = await call('/api/boards', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('answers a route with a method it does not take 405, with Allow; unknown routes 404, in the contract\'s shape', async () => {
    const board = await createBoard(server.url);
    const wrong = await call(`/api/boards/${board.id}/history`, { method: 'DELETE', token: board.secrets.facilitator });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(wrong.body).toEqual({ error: { code: 'method_not_allowed', message: 'use GET, POST' } });
    const unknown = await call(`/api/boards/${board.id}/nope`, { token: board.secrets.facilitator });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'no such endpoint' } });
    const undecodable = await call('/api/boards/%E0%A4%A/export', { token: board.secrets.facilitator });
    expect(undecodable.status).toBe(404);
    expect(undecodable.body.error.code).toBe('not_found');
  });

  it('answers a request target that is no URL 400, not 500', async () => {
    // fetch normalises paths, so the request line is written by hand.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '//', method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: '(url): not a valid request path' } });
  });

  it('counts the writes it refuses in /healthz, by the writer\'s role', async () => {
    const board = await createBoard(server.url);
    const before = (await call('/healthz')).body.refusedWrites;
    expect(before).toMatchObject({ viewer: expect.any(Number), participant: expect.any(Number) });
    // A stock viewer's empty step 2 (its reply to the server's step 1) is no write and not counted.
    const reader = connect(server.url, board.id, board.secrets.viewer);
    await reader.synced;
    const viewer = rawSocket(server.url, board.id, board.secrets.viewer);
    await viewer.opened;
    const scratch = new Y.Doc();
    scratch.getMap('cards').set('x', 'a viewer may not write');
    viewer.ws.send(updateFrame(Y.encodeStateAsUpdate(scratch)));
    await waitFor(async () => (await call('/healthz')).body.refusedWrites.viewer >= before.viewer + 1, 'the viewer\'s write counted');
    expect((await call('/healthz')).body.refusedWrites.viewer).toBe(before.viewer + 1);
    viewer.ws.close();
    reader.destroy();
  });
});

describe('the write budget', () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer();
  });
  afterAll(async () => {
    await own.close();
  });

  it('counts every POST of a client, whatever its route, and answers 429 with Retry-After once it is spent', async () => {
    // The budget is 200 at once, refilling 50 a second: a thousand requests sent together overrun it.
    const answers = await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const res = await fetch(`${own.url}/api/boards${i % 2 ? '' : '/x/people'}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
    }));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toEqual({ status: 429, retryAfter: '1', body: { error: { code: 'rate_limited', message: 'too many requests; slow down' } } });
    // The others got what their route answers: a bad body (400), no such board (404).
    expect(new Set(answers.filter((r) => r.status !== 429).map((r) => r.status))).toEqual(new Set([400, 404]));
  });
});
