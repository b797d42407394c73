/**
 * The reverse-proxy configuration of docs/DEPLOY.md, run for real: nginx on
 * loopback with the documented block (own certificate, ports and paths),
 * started and stopped by this test, in front of the real server with
 * PUBLIC_URL and TRUST_PROXY set as documented.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, waitFor, type CreatedBoard } from '../helpers/clients.ts';
import { findTool, needTool } from '../helpers/systemTool.ts';

const NGINX = findTool('nginx', 'NGINX_PATH');
const PUBLIC_HOST = 'vcp.example.com';

let dir: string;
let nginx: ChildProcess | undefined;
let server: TestServer | undefined;
let tlsPort = 0;
let httpPort = 0;
let ca = '';
const publicUrl = () => `https://${PUBLIC_HOST}:${tlsPort}`;
const proxied = () => `https://127.0.0.1:${tlsPort}`;

/** The nginx block of docs/DEPLOY.md (after its "nginx-config" marker). */
function documentedConfig(): string {
  const doc = readFileSync(resolve('docs/DEPLOY.md'), 'utf8');
  const block = /<!-- nginx-config[^>]*-->\s*```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/DEPLOY.md has no nginx block after its nginx-config marker');
  return block;
}

function nginxVersion(path: string): [number, number, number] {
  const out = spawnSync(path, ['-v'], { encoding: 'utf8' });
  const [, a = '0', b = '0', c = '0'] = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${out.stderr}${out.stdout}`) ?? [];
  return [Number(a), Number(b), Number(c)];
}

/** The documented block on this test's ports, certificate and upstream; idle timeout shortened to `idleSeconds`. */
function testConfig(path: string, upstreamPort: number, idleSeconds: number): string {
  const [major, minor, patch] = nginxVersion(path);
  const http2Directive = major > 1 || minor > 25 || (minor === 25 && patch >= 1);
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`docs/DEPLOY.md's nginx block no longer contains "${from}": update this test with it`);
    return text.replaceAll(from, to);
  };
  let conf = documentedConfig();
  conf = replace(conf, '    listen [::]:80;\n', '');
  conf = replace(conf, '    listen [::]:443 ssl;\n', '');
  conf = replace(conf, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  conf = replace(conf, 'listen 443 ssl;', `listen 127.0.0.1:${tlsPort} ssl${http2Directive ? '' : ' http2'};`);
  if (!http2Directive) conf = replace(conf, '    http2 on;\n', '');
  conf = replace(conf, `/etc/letsencrypt/live/${PUBLIC_HOST}/fullchain.pem`, join(dir, 'cert.pem'));
  conf = replace(conf, `/etc/letsencrypt/live/${PUBLIC_HOST}/privkey.pem`, join(dir, 'key.pem'));
  conf = replace(conf, 'server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`);
  conf = replace(conf, 'proxy_read_timeout 1h;', `proxy_read_timeout ${idleSeconds}s;`);
  conf = replace(conf, 'proxy_send_timeout 1h;', `proxy_send_timeout ${idleSeconds}s;`);
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'tmp', name)};`;
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${join(dir, 'access.log')};
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
${conf}
}
`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** Waits until something accepts connections on `port` (nginx once it has started). */
async function listening(port: number): Promise<void> {
  const accepts = () => new Promise<boolean>((done) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      done(true);
      socket.destroy();
    }).on('error', () => done(false));
  });
  await waitFor(accepts, 'nginx accepting connections').catch((error: unknown) => {
    throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000)}`, { cause: error });
  });
}

/** One HTTPS (or HTTP) request through the proxy; status, headers and body. */
function fetchVia(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(init.body);
  });
}

/** The websocket class the stock provider uses, trusting the test's certificate. */
class TrustingWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { ca });
  }
}

function proxiedProvider(board: CreatedBoard, secret: string): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void>; disconnects: () => number } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`wss://127.0.0.1:${tlsPort}/sync`, board.id, doc, {
    params: { token: secret },
    WebSocketPolyfill: TrustingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let disconnects = 0;
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') disconnects++;
  });
  const synced = new Promise<void>((done) => provider.once('sync', () => done()));
  return { doc, provider, synced, disconnects: () => disconnects };
}

/** An upgrade through the proxy with this Origin: 'open' or the refused status. */
function upgradeWithOrigin(board: CreatedBoard, origin: string): Promise<'open' | number> {
  return new Promise((done) => {
    const ws = new WebSocket(`wss://127.0.0.1:${tlsPort}/sync/${board.id}?token=${board.secrets.participant}`, { ca, headers: { Origin: origin } });
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

const IDLE_SECONDS = 2;

beforeAll(async () => {
  if (!NGINX) return;
  dir = mkdtempSync(join(tmpdir(), 'vcp-nginx-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'), { mode: 0o777 });
  chmodSync(join(dir, 'tmp'), 0o777);
  [tlsPort, httpPort] = await Promise.all([freePort(), freePort()]);
  const pem = await generate([{ name: 'commonName', value: PUBLIC_HOST }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: PUBLIC_HOST }, { type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pem.cert;
  writeFileSync(join(dir, 'cert.pem'), pem.cert);
  writeFileSync(join(dir, 'key.pem'), pem.private);
  // As DEPLOY.md runs it: PUBLIC_URL is the proxy's address, one trusted proxy in front.
  // The server pings well within nginx's idle timeout (here shortened to seconds).
  server = await startTestServer({ publicUrl: publicUrl(), trustProxy: 1, pingIntervalMs: 500 });
  writeFileSync(join(dir, 'nginx.conf'), testConfig(NGINX, server.port, IDLE_SECONDS));
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the documented configuration:\n${check.stderr}`);
  nginx = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  await listening(tlsPort);
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((done) => nginx!.once('exit', done));
    nginx.kill('SIGTERM');
    await exited;
  }
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('behind nginx with TLS (docs/DEPLOY.md)', () => {
  it('serves the app over HTTPS with its security headers and HSTS, and redirects http to https', async (ctx) => {
    needTool(NGINX, 'nginx', 'apt-get install nginx', ctx.skip);
    const page = await fetchVia(`${proxied()}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await fetchVia(`http://127.0.0.1:${httpPort}/b/abc?x=1`);
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe('https://127.0.0.1/b/abc?x=1');
  });

  it('syncs a board over wss:// with the stock provider, both ways with a client on the server itself', async (ctx) => {
    needTool(NGINX, 'nginx', 'apt-get install nginx', ctx.skip);
    const created = await fetchVia(`${proxied()}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Through the proxy' }) });
    expect(created.status).toBe(201);
    const board = JSON.parse(created.body) as CreatedBoard;
    const remote = proxiedProvider(board, board.secrets.participant);
    const local = connect(server!.url, board.id, board.secrets.participant);
    await Promise.all([remote.synced, local.synced]);
    addCard(remote.doc, { column: 'goal', text: 'Sent through nginx' });
    await waitFor(() => readCards(local.doc).some((c) => c.text === 'Sent through nginx'), 'the card behind the proxy');
    addCard(local.doc, { column: 'segment', text: 'Sent to nginx' });
    await waitFor(() => readCards(remote.doc).some((c) => c.text === 'Sent to nginx'), 'the card in front of the proxy');
    remote.provider.destroy();
    local.destroy();
  });

  it('accepts a session from PUBLIC_URL’s pages and refuses another site’s', async (ctx) => {
    needTool(NGINX, 'nginx', 'apt-get install nginx', ctx.skip);
    const board = await createBoard(server!.url);
    expect(await upgradeWithOrigin(board, publicUrl())).toBe('open');
    expect(await upgradeWithOrigin(board, 'https://evil.example')).toBe(403);
  });

  it('counts the client address nginx saw, not what the client claims: an office joins, guessing is throttled', async (ctx) => {
    needTool(NGINX, 'nginx', 'apt-get install nginx', ctx.skip);
    const board = await createBoard(server!.url);
    const code = JSON.parse((await fetchVia(`${proxied()}/api/boards/${board.id}/join-codes`, {
      method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: '{}',
    })).body).code as string;
    for (let i = 0; i < 40; i++) expect((await fetchVia(`${proxied()}/api/join/${code}`)).status).toBe(200);
    // Each guess claims to come from elsewhere; nginx appends the address it saw, and that one counts.
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await fetchVia(`${proxied()}/api/join/UU${String(i).padStart(6, '0')}`, { headers: { 'X-Forwarded-For': `198.51.100.${i}` } })).status);
    expect(statuses.filter((s) => s === 404).length).toBeLessThan(40);
    expect(statuses.slice(-20).every((s) => s === 429)).toBe(true);
  });

  it('keeps an idle board session open past nginx’s read timeout: the server’s pings are traffic', async (ctx) => {
    needTool(NGINX, 'nginx', 'apt-get install nginx', ctx.skip);
    const board = await createBoard(server!.url);
    const remote = proxiedProvider(board, board.secrets.participant);
    const local = connect(server!.url, board.id, board.secrets.participant);
    await Promise.all([remote.synced, local.synced]);
    // Quiet for longer than nginx waits for the upstream (IDLE_SECONDS here): the quiet spell is
    // what is tested, not a wait for something to happen.
    await new Promise((r) => setTimeout(r, (IDLE_SECONDS + 1.5) * 1000));
    addCard(local.doc, { column: 'value', text: 'After a quiet spell' });
    await waitFor(() => readCards(remote.doc).some((c) => c.text === 'After a quiet spell'), 'the card after the idle time');
    expect(remote.disconnects()).toBe(0);
    remote.provider.destroy();
    local.destroy();
  });
});
