import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import { startServer } from '../../server/app.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import { Child } from './common.ts';
const mb = (n: number) => (n / 2 ** 20).toFixed(1);
const show = (label: string) => { const m = process.memoryUsage(); console.log(`${label.padEnd(20)} rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} ab ${mb(m.arrayBuffers)}`); };
const dataDir = mkdtempSync(join(tmpdir(), 'perfserver-memload-'));
const storage = await openSqliteServerStorage({ dataDir });
const server = await startServer({ port: 0, host: '127.0.0.1', staticDir: resolve(dataDir, 'x'), idleUnloadMs: 60000, pingIntervalMs: 30000, compactAfterUpdates: 500, storage, logger: { info() {}, error(m, e) { console.error(m, e); } } });
const res = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Bench board' }) });
const board = (await res.json()) as { id: string; secrets: { participant: string } };
show('idle');
const loadgen = new Child('loadgen', 'loadgen.ts', 1);
await loadgen.next('ready');
const clients = Number(process.env.CLIENTS ?? 100);
loadgen.on((m) => {
  if (m.type === 'phase' && m.phase === 'measure-end') {
    show('end of measure');
    if (process.env.SNAP) console.log(v8.writeHeapSnapshot('/tmp/perfserver-exp/load.heapsnapshot'));
    global.gc?.();
    if (global.gc) show('after gc');
  }
});
loadgen.send({ type: 'run', config: { url: server.url.replace(/^http/, 'ws') + `/sync/${board.id}?token=${board.secrets.participant}`, clients, writers: 10, updatesPerSec: 10, awarenessPerSec: 1, warmupMs: 3000, measureMs: 4000, drainMs: 2000 } });
await loadgen.next('result', 120000);
await loadgen.stop();
await server.close(); await storage.close();
process.exit(0);
