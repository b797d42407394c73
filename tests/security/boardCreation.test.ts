/**
 * Anyone who can reach the server can create boards, each stored for good: a
 * script could fill the storage of a server others use. An address may create
 * `BOARDS_PER_HOUR` boards and portfolios an hour (here 3); the machine itself
 * (loopback: the CLI's neighbour, the tests, a proxy not trusted) is not counted.
 */
import { describe, expect, it } from 'vitest';
import { serverEachTest } from '../helpers/server.ts';

// One proxy in front: each request's address is what X-Forwarded-For says.
const server = serverEachTest({ trustProxy: 1, boardsPerHour: 3 });

function create(path: '/api/boards' | '/api/portfolios', from?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(from ? { 'X-Forwarded-For': from } : {}) },
    body: JSON.stringify({ title: 'A board' }),
  });
}

describe('creating boards', () => {
  it('an address creates BOARDS_PER_HOUR boards and portfolios an hour; then 429, others and the machine itself unaffected', async () => {
    for (const path of ['/api/boards', '/api/boards', '/api/portfolios'] as const) expect((await create(path, '203.0.113.7')).status).toBe(201);
    for (const path of ['/api/boards', '/api/portfolios'] as const) {
      const refused = await create(path, '203.0.113.7');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: 'rate_limited', message: 'this address has created as many boards as it may in an hour; try again later',
      });
    }
    // The same /64 of IPv6 is one address; another address is not held back, nor is this machine.
    for (const from of ['2001:db8::1', '2001:db8::2', '2001:db8::3']) expect((await create('/api/boards', from)).status).toBe(201);
    expect((await create('/api/boards', '2001:db8::4')).status).toBe(429);
    expect((await create('/api/boards', '198.51.100.1')).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await create('/api/boards')).status).toBe(201);
  });
});
