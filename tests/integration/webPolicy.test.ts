/**
 * What the server tells browsers: security headers on every response (the app,
 * its static files, the API), and websocket upgrades from another site's page
 * refused while non-browser clients (no Origin) still connect.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, wsUrl, type CreatedBoard } from '../helpers/clients.ts';

let server: TestServer;
let board: CreatedBoard;
beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://vcp.example.com' });
  board = await createBoard(server.url);
});
afterAll(async () => {
  await server.close();
});

function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name!, values]));
}

/** Opens a websocket to the board with these upgrade headers: 'open' or the refused HTTP status. */
function upgrade(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((done) => {
    const ws = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.participant}`, { headers });
    ws.once('open', () => {
      ws.close();
      done('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      done(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => undefined);
  });
}

describe('security headers', () => {
  const asset = () => {
    const html = readFileSync(resolve('dist/index.html'), 'utf8');
    return /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  };
  const paths = () => [
    ['the app page', '/'],
    ['a board page (SPA fallback)', `/b/${board.id}`],
    ['a script', asset()],
    ['the service worker', '/sw.js'],
    ['the API', `/api/boards/${board.id}`],
    ['an API error', '/api/boards/nope-nope'],
    ['the health check', '/healthz'],
  ] as const;

  it('sends a Content-Security-Policy: scripts from this server only, nothing inline, no framing', async () => {
    for (const [what, path] of paths()) {
      const res = await fetch(server.url + path);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('script-src'), what).toEqual(["'self'"]);
      expect(csp.get('style-src'), what).toEqual(["'self'"]);
      expect(csp.get('default-src'), what).toEqual(["'self'"]);
      expect(csp.get('object-src'), what).toEqual(["'none'"]);
      expect(csp.get('base-uri'), what).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
      expect(csp.get('img-src'), what).toEqual(["'self'", 'data:']);
      // The sync websocket of the page's own host and of PUBLIC_URL, nothing else.
      const host = new URL(server.url).host;
      expect(csp.get('connect-src'), what).toEqual(["'self'", `ws://${host}`, `wss://${host}`, 'wss://vcp.example.com']);
      await res.arrayBuffer();
    }
  });

  it('sends nosniff, no-referrer, a Permissions-Policy and DENY framing on every response, static files too', async () => {
    for (const [what, path] of paths()) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      const permissions = res.headers.get('permissions-policy') ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(permissions, what).toContain(`${feature}=()`);
      await res.arrayBuffer();
    }
  });

  it('sends Cross-Origin-Opener-Policy only where browsers honour it (https, this computer), not on plain http over a LAN', async () => {
    const coop = async (headers: Record<string, string>, url = server.url) => {
      return new Promise<string | undefined>((done, fail) => {
        request(`${url}/`, { headers }, (res) => {
          res.resume();
          done(res.headers['cross-origin-opener-policy'] as string | undefined);
        }).on('error', fail).end();
      });
    };
    expect(await coop({})).toBe('same-origin');
    expect(await coop({ Host: 'localhost:8080' })).toBe('same-origin');
    expect(await coop({ Host: 'vcp.test:8080' })).toBeUndefined();
    expect(await coop({ Host: 'vcp.test:8080', 'X-Forwarded-Proto': 'https' })).toBeUndefined(); // no trusted proxy here
    const behindProxy = await startTestServer({ trustProxy: 1 });
    try {
      expect(await coop({ Host: 'vcp.example.com', 'X-Forwarded-Proto': 'https' }, behindProxy.url)).toBe('same-origin');
    } finally {
      await behindProxy.close();
    }
  });

  it('the built page has no inline script or style for the policy to refuse', () => {
    const html = readFileSync(resolve('dist/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('websocket origin', () => {
  it('refuses an upgrade from another site’s page with 403', async () => {
    expect(await upgrade({ Origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ Origin: 'null' })).toBe(403);
    // The same host on another port is another origin.
    expect(await upgrade({ Origin: 'http://127.0.0.1:1' })).toBe(403);
  });

  it('accepts the page’s own origin and PUBLIC_URL', async () => {
    expect(await upgrade({ Origin: server.url })).toBe('open');
    expect(await upgrade({ Origin: 'https://vcp.example.com' })).toBe('open');
  });

  it('accepts clients that send no Origin: the stock Node WebsocketProvider syncs', async () => {
    const client = connect(server.url, board.id, board.secrets.participant);
    await client.synced;
    client.destroy();
  });

  it('believes X-Forwarded-Host only behind a trusted proxy', async () => {
    const proxied = { Origin: 'https://board.internal', 'X-Forwarded-Host': 'board.internal' };
    expect(await upgrade(proxied)).toBe(403);
    const behindProxy = await startTestServer({ trustProxy: 1, publicUrl: null });
    try {
      const other = await createBoard(behindProxy.url);
      const ws = new WebSocket(`${wsUrl(behindProxy.url)}/${other.id}?token=${other.secrets.viewer}`, { headers: proxied });
      const outcome = await new Promise<string>((done) => {
        ws.once('open', () => done('open'));
        ws.once('unexpected-response', (_req, res) => done(String(res.statusCode)));
      });
      ws.terminate();
      expect(outcome).toBe('open');
    } finally {
      await behindProxy.close();
    }
  });
});
