/**
 * S2: one process, many boards: 2,000 connections (400 boards × 5 clients by
 * default), every client writing one update a second into its own card. Our
 * server (durable SQLite, as in production) on core 0, the load generator on
 * core 1. Reports fan-out latency, disconnects, RSS under load, and whether
 * every board unloads and the RSS comes back once everybody has left.
 */
import { SERVER_NODE_FLAGS, serverEnv } from '../../scripts/serverNodeFlags.mjs';
import { Child, sleep, type IpcMessage } from './common.ts';
import type { LoadResult } from './loadgen.ts';

export interface ManyBoardsConfig {
  boards: number;
  clientsPerBoard: number;
  updatesPerSec: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
}

export interface ManyBoardsResult {
  config: ManyBoardsConfig;
  load: LoadResult;
  /** RSS after the boards were created and unloaded again, before anyone connected (after a GC). */
  baselineRssMb: number;
  /** RSS at the end of the measurement window, and where it is. */
  loadRssMb: number;
  loadMemory: NodeJS.MemoryUsage | undefined;
  connectionsAtLoad: number;
  /** After every client left and the idle unload ran: boards still loaded, RSS (after a GC). */
  afterLeave: { loadedRooms: number; rssMb: number; waitedS: number; memory: NodeJS.MemoryUsage | undefined };
  /** process.memoryUsage() at the baseline (after a GC). */
  baselineMemory: NodeJS.MemoryUsage | undefined;
}

interface ServerReading extends IpcMessage {
  rss: number;
  memory?: NodeJS.MemoryUsage;
  connections: number;
  loadedRooms: number;
}

const IDLE_UNLOAD_MS = 2_000;

export async function runManyBoards(config: ManyBoardsConfig, log: (m: string) => void): Promise<ManyBoardsResult> {
  const server = new Child('server(ours, S2)', 'serve-ours.ts', 0, [...SERVER_NODE_FLAGS, '--expose-gc'], { ...serverEnv({}), BENCH_IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS) });
  let loadgen: Child | undefined;
  try {
    const ready = await server.next<{ type: 'ready'; url: string; path: string }>('ready', 60_000);
    const base = ready.url.replace(/^http/, 'ws');
    const { paths } = await server.request<IpcMessage & { paths: string[] }>('createBoards', { count: config.boards - 1 }, 300_000);
    const urls = [ready.path, ...paths].map((p) => base + p);
    // Creating a board loads its documents; wait until they are unloaded again.
    const reading = () => server.request<ServerReading>('cpu', {}, 60_000);
    await waitUnloaded(reading, 30_000);
    const baseline = await server.request<IpcMessage & { rss: number; memory?: NodeJS.MemoryUsage }>('gc');
    const baselineRssMb = baseline.rss / 2 ** 20;
    log(`  ${config.boards} boards created; baseline RSS ${Math.round(baselineRssMb)} MB; connecting ${config.boards * config.clientsPerBoard} clients`);

    loadgen = new Child('loadgen', 'loadgen.ts', 1);
    await loadgen.next('ready', 60_000);
    let atLoad: ServerReading | undefined;
    let pending: Promise<unknown> = Promise.resolve();
    loadgen.on((m) => {
      if (m.type !== 'phase') return;
      if (m.phase === 'measure-start') log(`  measuring ${config.measureMs / 1000} s`);
      if (m.phase === 'measure-end') pending = reading().then((r) => void (atLoad = r), () => {});
    });
    const clients = config.boards * config.clientsPerBoard;
    const result = loadgen.next<{ type: 'result'; result?: LoadResult; error?: string }>('result', 600_000);
    loadgen.send({
      type: 'run',
      config: {
        url: urls[0]!, urls, clients, writers: clients,
        updatesPerSec: config.updatesPerSec, awarenessPerSec: 0,
        warmupMs: config.warmupMs, measureMs: config.measureMs, drainMs: config.drainMs,
      },
    });
    const { result: load, error } = await result;
    if (!load) throw new Error(`load generator failed: ${error}`);
    await Promise.race([pending, sleep(10_000)]);
    // The load generator closed its clients at the end of the run: everybody has left.
    const left = Date.now();
    const loadedRooms = await waitUnloaded(reading, 60_000);
    const after = await server.request<IpcMessage & { rss: number; memory?: NodeJS.MemoryUsage }>('gc');
    return {
      config,
      load: { ...load, raw: undefined },
      baselineRssMb,
      baselineMemory: baseline.memory,
      loadRssMb: (atLoad?.rss ?? NaN) / 2 ** 20,
      loadMemory: atLoad?.memory,
      connectionsAtLoad: atLoad?.connections ?? NaN,
      afterLeave: { loadedRooms, rssMb: after.rss / 2 ** 20, waitedS: (Date.now() - left) / 1000, memory: after.memory },
    };
  } finally {
    await loadgen?.stop();
    await server.stop();
  }
}

/** Polls until no document is loaded (or the timeout); returns how many still are. */
async function waitUnloaded(reading: () => Promise<ServerReading>, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await reading();
    if (r.loadedRooms === 0 || Date.now() > deadline) return r.loadedRooms;
    await sleep(500);
  }
}
