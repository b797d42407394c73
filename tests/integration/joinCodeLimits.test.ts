/**
 * Join-code rate limits that stop guessing, not rooms: a whole office joining
 * from one address (a NAT, a reverse proxy) gets in; wrong guesses are
 * throttled per client and, across many addresses, globally.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.ts';
import { createBoard } from '../helpers/clients.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

async function joinCode(s: TestServer): Promise<{ boardId: string; code: string }> {
  const board = await createBoard(s.url);
  const res = await fetch(`${s.url}/api/boards/${board.id}/join-codes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  return { boardId: board.id, code: ((await res.json()) as { code: string }).code };
}

/** GET /api/join/<code> (optionally as if through a proxy that sent X-Forwarded-For); the status. */
async function redeem(s: TestServer, code: string, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${s.url}/api/join/${code}`, { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });
  await res.arrayBuffer();
  return res.status;
}

/** Runs `count` calls, `parallel` at a time; their results in order. */
async function many<T>(count: number, parallel: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await call(i);
    }
  }));
  return out;
}

/** A wrong code of the right shape (codes never contain U, so none of these exists). */
const wrong = (i: number) => `UU${String(i).padStart(6, '0')}`;

describe('join codes from one office address', () => {
  it('lets 40 people join from one address within a minute, typos among them', async () => {
    const s = await server();
    const { code } = await joinCode(s);
    const statuses = await many(45, 8, (i) => redeem(s, i % 9 === 4 ? wrong(i) : code));
    const joined = statuses.filter((st, i) => i % 9 !== 4 && st === 200);
    expect(joined).toHaveLength(40);
    expect(statuses.filter((_, i) => i % 9 === 4)).toEqual([404, 404, 404, 404, 404]);
  });

  it('lets 40 people join through a trusted reverse proxy, all arriving from the proxy address', async () => {
    const s = await server({ trustProxy: 1 });
    const { code } = await joinCode(s);
    const statuses = await many(40, 8, () => redeem(s, code, '203.0.113.7'));
    expect(statuses.every((st) => st === 200)).toBe(true);
  });
});

describe('guessing join codes', () => {
  it('throttles 1,000 wrong guesses from one address, and that address’s correct code too', async () => {
    const s = await server();
    const { code } = await joinCode(s);
    const statuses = await many(1000, 16, (i) => redeem(s, wrong(i)));
    const answered = statuses.filter((st) => st === 404).length;
    expect(statuses.filter((st) => st !== 404 && st !== 429)).toEqual([]);
    // A burst of 30, refilling at 10 a minute: a few more if the run is slow.
    expect(answered).toBeGreaterThanOrEqual(30);
    expect(answered).toBeLessThan(60);
    expect(statuses.slice(-100).every((st) => st === 429)).toBe(true);
    // The throttled address learns nothing, not even whether a code is right.
    expect(await redeem(s, code)).toBe(429);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set: a guesser cannot pose as many clients', async () => {
    const s = await server();
    const statuses = await many(200, 16, (i) => redeem(s, wrong(i), `198.51.100.${i % 250}`));
    expect(statuses.filter((st) => st === 404).length).toBeLessThan(60);
  });

  it('behind a trusted proxy, counts the address the proxy saw, not what the client claims', async () => {
    const s = await server({ trustProxy: 1 });
    // The left-most entries are the client's own claims; the proxy appended the last one.
    const statuses = await many(200, 16, (i) => redeem(s, wrong(i), `198.51.100.${i % 250}, 203.0.113.9`));
    expect(statuses.filter((st) => st === 404).length).toBeLessThan(60);
  });

  it('throttles 1,000 wrong guesses spread over 1,000 addresses with the global limit', async () => {
    const s = await server({ trustProxy: 1 });
    const started = Date.now();
    const statuses = await many(1000, 16, (i) => redeem(s, wrong(i), `10.${i >> 8}.${i & 255}.1`));
    const seconds = (Date.now() - started) / 1000;
    const answered = statuses.filter((st) => st === 404).length;
    // A burst of 300 wrong guesses for everyone together, refilling at 2 a second.
    expect(answered).toBeGreaterThanOrEqual(300);
    expect(answered).toBeLessThanOrEqual(300 + Math.ceil(2 * seconds) + 1);
    expect(statuses.filter((st) => st === 429).length).toBe(1000 - answered);
  });
});
