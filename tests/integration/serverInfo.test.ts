/** `GET /api/server`: where other devices reach this server (for the share panel and the projector). */
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function info(options: Parameters<typeof startTestServer>[0]) {
  const server = await startTestServer(options);
  servers.push(server);
  const res = await fetch(`${server.url}/api/server`);
  expect(res.status).toBe(200);
  return { server, body: (await res.json()) as { publicUrl: string | null; roomUrls: string[] } };
}

describe('GET /api/server', () => {
  it('offers no address on a loopback-only server', async () => {
    const { body } = await info({ publicUrl: null });
    expect(body).toEqual({ publicUrl: null, roomUrls: [] });
  });

  it('offers the LAN addresses of a server listening on every interface', async () => {
    const { server, body } = await info({ host: '0.0.0.0', publicUrl: null });
    const lan = Object.values(networkInterfaces()).flat().filter((n) => n && !n.internal && n.family === 'IPv4' && !n.address.startsWith('169.254.'));
    expect(body.publicUrl).toBeNull();
    expect([...body.roomUrls].sort()).toEqual(lan.map((n) => `http://${n!.address}:${server.port}`).sort());
    // Each of them really reaches this server.
    for (const url of body.roomUrls) expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('offers only PUBLIC_URL when it is set', async () => {
    const { body } = await info({ host: '0.0.0.0', publicUrl: 'https://vcp.example.com' });
    expect(body).toEqual({ publicUrl: 'https://vcp.example.com', roomUrls: ['https://vcp.example.com'] });
  });
});
