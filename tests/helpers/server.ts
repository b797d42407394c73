/**
 * Starts the real server in-process on port 0 with a temporary SQLite DATA_DIR
 * (the production storage: SQLite with its fsyncs in the thread pool), serving the built client
 * from dist/ (npm test builds it first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type Logger, type VcpServer } from '../../server/app.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import type { HistoryOptions } from '../../server/history/service.ts';
import type { BoardClaims } from '../../server/sync/rooms.ts';
import type { ClusterOptions } from '../../server/cluster/forwarder.ts';

export interface TestServer extends VcpServer {
  dataDir: string;
  storage: BoardStorage;
  /** Stops the server and closes storage, keeping DATA_DIR (for restart tests). */
  stop(): Promise<void>;
}

const quiet: Logger = { info: () => {}, error: () => {} };

export interface TestServerOptions {
  dataDir?: string;
  idleUnloadMs?: number;
  pingIntervalMs?: number;
  compactAfterUpdates?: number;
  storage?: BoardStorage;
  /** Board ownership across processes (PostgreSQL: openServerStorage's `ownership`). */
  claims?: BoardClaims;
  /** With `claims`: forward requests for boards other processes own (openServerStorage's `ownership.cluster`). */
  cluster?: ClusterOptions;
  history?: HistoryOptions;
  durableWaitMs?: number;
  /** Listening address (default 127.0.0.1). */
  host?: string;
  /**
   * PUBLIC_URL. By default the server's own URL: every "device" of a test runs
   * on this machine, so 127.0.0.1 is where others reach it. `null`: none, as a
   * server started by hand on 127.0.0.1 (the share panel then says so).
   */
  publicUrl?: string | null;
  trustProxy?: number;
  maxSocketsPerBoard?: number;
  boardsPerHour?: number;
  writeWork?: { msPerSecond: number; burstMs: number };
  addressWriteWork?: { msPerSecond: number; burstMs: number };
  renderWork?: { msPerSecond: number; burstMs: number };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vcp-test-'));
  const storage = options.storage ?? (await openSqliteServerStorage({ dataDir }));
  const server = await startServer({
    port: 0,
    host: options.host ?? '127.0.0.1',
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    publicUrlFromListening: options.publicUrl === undefined,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.maxSocketsPerBoard !== undefined ? { maxSocketsPerBoard: options.maxSocketsPerBoard } : {}),
    ...(options.boardsPerHour !== undefined ? { boardsPerHour: options.boardsPerHour } : {}),
    ...(options.writeWork ? { writeWork: options.writeWork } : {}),
    ...(options.addressWriteWork ? { addressWriteWork: options.addressWriteWork } : {}),
    ...(options.renderWork ? { renderWork: options.renderWork } : {}),
    staticDir: resolve('dist'),
    idleUnloadMs: options.idleUnloadMs ?? 60_000,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    compactAfterUpdates: options.compactAfterUpdates ?? 500,
    storage,
    ...(options.claims ? { claims: options.claims } : {}),
    ...(options.cluster ? { cluster: options.cluster } : {}),
    logger: process.env.VCP_TEST_LOG ? undefined : quiet,
    ...(options.history ? { history: options.history } : {}),
    ...(options.durableWaitMs !== undefined ? { durableWaitMs: options.durableWaitMs } : {}),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await storage.close();
  };
  return {
    ...server,
    dataDir,
    storage,
    stop,
    async close() {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server of the running test, fresh for each test of a file (`serverEachTest`). */
interface ServerEachTest extends TestServer {
  /** Stops this test's server (keeping its DATA_DIR) and starts another on the same data. */
  restart(options?: Omit<TestServerOptions, 'dataDir'>): Promise<void>;
}

/**
 * Starts a server with `options` before each test of the file and closes it
 * after (with `clients`, the stock clients the test opened, closed first).
 * The handle it returns always speaks for the running test's server.
 */
export function serverEachTest(options: TestServerOptions = {}, clients?: { destroyAll(): void }): ServerEachTest {
  let current: TestServer | undefined;
  let ownDataDir: string | undefined;
  beforeEach(async () => {
    current = await startTestServer(options);
    ownDataDir = options.dataDir ? undefined : current.dataDir;
  });
  afterEach(async () => {
    clients?.destroyAll();
    await current?.close();
    // A restarted server was given the first one's DATA_DIR, which its close() keeps.
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    current = undefined;
  });
  const now = (): TestServer => {
    if (!current) throw new Error('the server runs only during a test');
    return current;
  };
  return {
    get url() {
      return now().url;
    },
    get port() {
      return now().port;
    },
    get rooms() {
      return now().rooms;
    },
    get rollupWatch() {
      return now().rollupWatch;
    },
    get dataDir() {
      return now().dataDir;
    },
    get storage() {
      return now().storage;
    },
    stop: () => now().stop(),
    close: () => now().close(),
    async restart(more = {}) {
      const dataDir = now().dataDir;
      await now().stop();
      current = await startTestServer({ ...options, ...more, dataDir });
    },
  };
}
