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
import { coreTimes, type Dist } from './common.ts';

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
  /** After every client left and the idle unload ran: boards still loaded, RSS once settled (see SETTLE_MS). */
  afterLeave: { loadedRooms: number; rssMb: number; waitedS: number; memory: NodeJS.MemoryUsage | undefined };
  /** process.memoryUsage() at the baseline (after a GC). */
  baselineMemory: NodeJS.MemoryUsage | undefined;
  /** The server during the measurement window: its CPU (ms), event-loop delay and storage timings. */
  window: { serverCpuMs: number; loopLagP99Ms: number; loopLagMaxMs: number; storage: ServerReading['storage']; coreBusy: number[] } | undefined;
}

interface ServerReading extends IpcMessage {
  rss: number;
  memory?: NodeJS.MemoryUsage;
  connections: number;
  loadedRooms: number;
  cpuMs?: number;
  loopLagP99Ms?: number;
  loopLagMaxMs?: number;
  storage?: { appendMs: Dist; appendBlockMs: Dist; appendBatch: Dist };
}

const IDLE_UNLOAD_MS = 2_000;
/** How long after everyone left the server's memory may take to settle (see the after-leave reading). */
const SETTLE_MS = 60_000;

export async function runManyBoards(config: ManyBoardsConfig, log: (m: string) => void): Promise<ManyBoardsResult> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server child's node, as in fanout.ts.
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = new Child('server(ours, S2)', 'serve-ours.ts', 0, [...SERVER_NODE_FLAGS, '--expose-gc', ...extraArgs], { ...serverEnv({}), BENCH_IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS) });
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

    // BENCH_LOADGEN_NODE_ARGS: node flags for the load generator (e.g. a CPU profile of it too).
    loadgen = new Child('loadgen', 'loadgen.ts', 1, (process.env.BENCH_LOADGEN_NODE_ARGS ?? '').split(' ').filter(Boolean));
    await loadgen.next('ready', 60_000);
    let atLoad: ServerReading | undefined;
    let atStart: ServerReading | undefined;
    let cores0: ReturnType<typeof coreTimes>;
    let cores1: ReturnType<typeof coreTimes>;
    let pending: Promise<unknown> = Promise.resolve();
    loadgen.on((m) => {
      if (m.type !== 'phase') return;
      if (m.phase === 'measure-start') {
        log(`  measuring ${config.measureMs / 1000} s`);
        cores0 = coreTimes();
        pending = server.request('resetLag', {}, 60_000).then(reading).then((r) => void (atStart = r), () => {});
      }
      if (m.phase === 'measure-end') cores1 = coreTimes();
      if (m.phase === 'measure-end') pending = pending.then(reading).then((r) => void (atLoad = r), () => {});
    });
    const clients = config.boards * config.clientsPerBoard;
    const result = loadgen.next<{ type: 'result'; result?: LoadResult; error?: string }>('result', 600_000);
    loadgen.send({
      type: 'run',
      config: {
        url: urls[0]!, urls, clients, writers: clients,
        updatesPerSec: config.updatesPerSec, awarenessPerSec: 0, writersApply: false,
        warmupMs: config.warmupMs, measureMs: config.measureMs, drainMs: config.drainMs,
      },
    });
    const { result: load, error } = await result;
    if (!load) throw new Error(`load generator failed: ${error}`);
    await Promise.race([pending, sleep(10_000)]);
    // The load generator closed its clients at the end of the run: everybody has left.
    const left = Date.now();
    const loadedRooms = await waitUnloaded(reading, 60_000);
    // V8 gives its grown heap back on its own once the process idles (its memory reducer, some 20-30 s
    // after the load stops; a forced GC does not release committed pages): the figure is the RSS once it
    // is back within 10 % of the baseline, or after SETTLE_MS, whichever comes first.
    let after = await server.request<IpcMessage & { rss: number; memory?: NodeJS.MemoryUsage }>('gc');
    while (after.rss > baseline.rss * 1.1 && Date.now() - left < SETTLE_MS) {
      await sleep(2_000);
      after = await server.request<IpcMessage & { rss: number; memory?: NodeJS.MemoryUsage }>('cpu', {}, 60_000);
    }
    return {
      config,
      load: { ...load, raw: undefined },
      baselineRssMb,
      baselineMemory: baseline.memory,
      loadRssMb: (atLoad?.rss ?? NaN) / 2 ** 20,
      loadMemory: atLoad?.memory,
      connectionsAtLoad: atLoad?.connections ?? NaN,
      afterLeave: { loadedRooms, rssMb: after.rss / 2 ** 20, waitedS: (Date.now() - left) / 1000, memory: after.memory },
      window:
        atStart?.cpuMs !== undefined && atLoad?.cpuMs !== undefined
          ? { serverCpuMs: atLoad.cpuMs - atStart.cpuMs, loopLagP99Ms: atLoad.loopLagP99Ms ?? NaN, loopLagMaxMs: atLoad.loopLagMaxMs ?? NaN, storage: atLoad.storage,
              coreBusy: cores0 && cores1 ? cores1.map((c, i) => Math.round((100 * (c.busyMs - cores0![i]!.busyMs)) / Math.max(1, c.totalMs - cores0![i]!.totalMs)) / 100) : [] }
          : undefined,
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
