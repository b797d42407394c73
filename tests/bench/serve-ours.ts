/**
 * Child process: our sync server with durable SQLite persistence in a temporary
 * DATA_DIR, and one board created through its HTTP API. Tells the parent
 * (IPC) where to connect; answers `cpu` with its CPU time and memory; `stop`
 * closes it and removes the DATA_DIR.
 *
 * Storage as in production (server/main.ts): SQLite on the event loop with its
 * fsyncs in the thread pool (openSqliteServerStorage). For before/after
 * comparisons, BENCH_STORAGE=worker runs all of SQLite in a worker thread (the
 * previous default) and BENCH_STORAGE=sync the synchronous openSqliteStorage
 * (fsync on the event loop, the one before).
 * BENCH_AWARENESS_WINDOW_MS overrides the rooms' awareness window (0: one
 * awareness message per tick, as before the window).
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startServer, type Logger } from '../../server/app.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { cpuMs, dist, serveIpc } from './common.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vcp-bench-'));
const given = process.env.BENCH_STORAGE;
const storageKind = given === 'sync' || given === 'worker' || given === 'memory' ? given : 'server';
// The comparison stores load only when asked for: their modules are not part of the production server's memory.
// 'memory' is not durable: S3 runs it beside the others to tell the durable write from the rest of the path.
const sqlite =
  storageKind === 'sync'
    ? (await import('../../server/storage/sqlite.ts')).openSqliteStorage({ dataDir })
    : storageKind === 'worker'
      ? await (await import('../../server/storage/sqliteWorker.ts')).openSqliteWorkerStorage({ dataDir })
      : storageKind === 'memory'
        ? (await import('../../server/storage/memory.ts')).openMemoryStorage()
        : await openSqliteServerStorage({ dataDir });

/**
 * Time of storage calls, call to commit (`append`, `compact`), and the part of
 * each append that ran on the event loop (`appendBlock`: until the call returned
 * its promise; all of it for the synchronous storage, the commit without its fsync for
 * the server's, the posting for the worker).
 */
const storageTimes = { append: [] as number[], appendBlock: [] as number[], appendBatch: [] as number[], compact: [] as number[], compactBytes: 0 };
const storage: BoardStorage = {
  ...sqlite,
  async append(batch) {
    const t = performance.now();
    try {
      const committed = sqlite.append(batch);
      storageTimes.appendBlock.push(performance.now() - t);
      return await committed;
    } finally {
      storageTimes.append.push(performance.now() - t);
      storageTimes.appendBatch.push(batch.length);
    }
  },
  async compact(docName, snapshot, uptoSeq) {
    const t = performance.now();
    try {
      return await sqlite.compact(docName, snapshot, uptoSeq);
    } finally {
      storageTimes.compact.push(performance.now() - t);
      storageTimes.compactBytes = snapshot.byteLength;
    }
  },
};
const errors: string[] = [];
let errorCount = 0;
const logger: Logger = {
  info: () => {},
  error: (message, error) => {
    errorCount++;
    if (errors.length < 20) errors.push(`${message}: ${error instanceof Error ? error.message : String(error ?? '')}`);
  },
};

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  staticDir: resolve(dataDir, 'no-static'),
  idleUnloadMs: Number(process.env.BENCH_IDLE_UNLOAD_MS ?? 60_000),
  pingIntervalMs: 30_000,
  compactAfterUpdates: Number(process.env.BENCH_COMPACT_AFTER ?? 500),
  ...(process.env.BENCH_AWARENESS_WINDOW_MS ? { awarenessWindowMs: Number(process.env.BENCH_AWARENESS_WINDOW_MS) } : {}),
  storage,
  logger,
});

/** Creates a board through the HTTP API; returns the sync path a participant connects to. */
async function createBoard(title: string): Promise<string> {
  let res: Response;
  // S2 creates hundreds of boards from one address: past the write budget's burst (429), wait and go on.
  for (;;) {
    res = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    if (res.status !== 429) break;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  const board = (await res.json()) as { id: string; secrets: { participant: string } };
  return `/sync/${board.id}?token=${encodeURIComponent(board.secrets.participant)}`;
}
const path = await createBoard('Bench board');

const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();

function dataDirBytes(): number {
  let total = 0;
  for (const f of readdirSync(dataDir)) total += statSync(join(dataDir, f)).size;
  return total;
}

serveIpc({
  cpu: () => ({
    cpuMs: cpuMs(),
    rss: process.memoryUsage().rss,
    memory: process.memoryUsage(),
    errorCount,
    errors,
    connections: server.rooms.connectionCount,
    loadedRooms: server.rooms.loadedCount,
    loopLagP99Ms: lag.percentile(99) / 1e6,
    loopLagMaxMs: lag.max / 1e6,
    diskBytes: dataDirBytes(),
    storage: {
      kind: storageKind,
      appendMs: dist(storageTimes.append),
      appendBlockMs: dist(storageTimes.appendBlock),
      appendBatch: dist(storageTimes.appendBatch),
      compactMs: dist(storageTimes.compact),
      lastSnapshotBytes: storageTimes.compactBytes,
    },
  }),
  /** More boards (S2): their sync paths. */
  createBoards: async (m) => {
    const paths: string[] = [];
    for (let i = 0; i < Number(m.count); i++) paths.push(await createBoard(`Bench board ${i + 1}`));
    return { paths };
  },
  gc: () => {
    global.gc?.();
    return { rss: process.memoryUsage().rss, memory: process.memoryUsage() };
  },
  resetLag: () => {
    lag.reset();
    storageTimes.append = [];
    storageTimes.appendBlock = [];
    storageTimes.appendBatch = [];
    storageTimes.compact = [];
    return {};
  },
  stop: async () => {
    await server.close();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  },
});

process.send?.({
  type: 'ready',
  kind: 'ours',
  url: server.url,
  path,
});
