/**
 * Child process: the reference server, y-websocket 1.5.4's `bin/utils`
 * `setupWSConnection` (in-memory, no persistence) on a plain http + ws server,
 * as its own bin/server.js does. Same IPC as serve-ours.ts.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { cpuMs, serveIpc } from './common.ts';

delete process.env.YPERSISTENCE;
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket-ref/bin/utils') as {
  setupWSConnection: (conn: WebSocket, req: unknown, opts?: { docName?: string; gc?: boolean }) => void;
};

const http = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
let connections = 0;
wss.on('connection', (ws, req) => {
  connections++;
  ws.on('close', () => connections--);
  setupWSConnection(ws, req);
});
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
const port = (http.address() as AddressInfo).port;

const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();

serveIpc({
  cpu: () => ({
    cpuMs: cpuMs(),
    rss: process.memoryUsage().rss,
    memory: process.memoryUsage(),
    errorCount: 0,
    errors: [],
    connections,
    loopLagP99Ms: lag.percentile(99) / 1e6,
    loopLagMaxMs: lag.max / 1e6,
    diskBytes: 0,
  }),
  resetLag: () => {
    lag.reset();
    return {};
  },
  stop: async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((r) => http.close(() => r()));
    process.exit(0);
  },
});

process.send?.({ type: 'ready', kind: 'reference', url: `http://127.0.0.1:${port}`, path: '/sync/bench-board' });
