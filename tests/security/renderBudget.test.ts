/**
 * Reads that render a whole board (exports, versions, roll-ups) need only a
 * viewer's link and cost the server up to a second each on a full board: a
 * red-team session's four PDF exports at a time held every board's updates back
 * for seconds. Each client address may take so much server time for them
 * (Limits.render*; here a small budget so one export spends it), then 429;
 * another address, and the machine itself, are not held back.
 */
import { describe, expect, it } from 'vitest';
import { serverEachTest } from '../helpers/server.ts';

// One proxy in front: each request's address is what X-Forwarded-For says.
const server = serverEachTest({ trustProxy: 1, renderWork: { msPerSecond: 1, burstMs: 1 } });

describe('rendering whole boards', () => {
  it('an address that spent its render time gets 429 until it refills; others go on', async () => {
    const created = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Example', example: true }) });
    const board = (await created.json()) as { id: string; secrets: { viewer: string } };
    const get = (path: string, from?: string) => fetch(`${server.url}/api/boards/${board.id}/${path}`, {
      headers: { Authorization: `Bearer ${board.secrets.viewer}`, ...(from ? { 'X-Forwarded-For': from } : {}) },
    });
    const first = await get('export?format=pdf', '203.0.113.9');
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    for (const path of ['export?format=pdf', 'export?format=json', 'history/none-such']) {
      const refused = await get(path, '203.0.113.9');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
    // Reads that render nothing are not counted; another address, and this machine, export.
    expect((await get('history', '203.0.113.9')).status).toBe(200);
    expect((await get('export?format=md', '198.51.100.4')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get('export?format=csv')).status).toBe(200);
  });
});
