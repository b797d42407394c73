/**
 * S1 / S1+ / S3: fan-out measurements against server child processes (ours
 * with durable SQLite, and the y-websocket 1.5.4 reference), with the load
 * generator in another child process, pinned to the other core.
 */
import { Child, coreTimes, dist, procCpuMs, procCpuTimes, round, sleep, type Dist, type IpcMessage } from './common.ts';
import type { LoadConfig, LoadResult } from './loadgen.ts';
import { SERVER_NODE_FLAGS, serverEnv } from '../../scripts/serverNodeFlags.mjs';

/** `ours-memory`: our server on the in-memory store (not durable), to split the durable write from the rest of the path (S3). */
export type ServerKind = 'ours' | 'ours-memory' | 'reference';

interface ServerStats extends IpcMessage {
  cpuMs: number;
  rss: number;
  /** process.memoryUsage() at the reading. */
  memory?: NodeJS.MemoryUsage;
  errorCount: number;
  errors: string[];
  connections: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  diskBytes: number;
  storage?: { kind: string; appendMs: Dist; appendBlockMs: Dist; appendBatch: Dist; compactMs: Dist; lastSnapshotBytes: number };
}

export interface FanoutResult {
  server: ServerKind;
  load: LoadResult;
  serverCpuMs: number;
  /** Server CPU time / wall time of the window (1 = one full core). */
  serverCpuShare: number;
  /** Logical messages delivered in the window: each writer update and each awareness state change, per recipient. */
  deliveredMessages: number;
  cpuUsPerMessage: number;
  /**
   * Server CPU per message the clients sent (updates, cursors): the work asked
   * of both servers is the same, whatever each delivers for it (S3).
   */
  cpuUsPerSentMessage: number;
  cpuUsPerFrame: number;
  serverRssMb: number;
  /** process.memoryUsage() of the server at the end of the window (of the round with the highest RSS, when pooled). */
  serverMemory: NodeJS.MemoryUsage | undefined;
  serverErrors: number;
  serverErrorSamples: string[];
  serverLoopLagP99Ms: number;
  serverLoopLagMaxMs: number;
  serverDiskBytes: number;
  /** Ours only: time inside storage calls during the window (synchronous SQLite: they block the event loop). */
  serverStorage: ServerStats['storage'];
  /** Busy share of each core during the window (all processes). */
  coreBusy: number[];
  /** CPU used by processes other than the server and the load generator during the window, in cores. */
  foreignCpuShare: number;
  /** Share of the server's CPU time spent in the kernel (socket writes, fsync). */
  serverSystemCpuShare: number;
  /** Per round, when rounds were pooled. */
  rounds?: RoundSummary[];
}

interface RunningServer {
  kind: ServerKind;
  child: Child;
  url: string;
}

/** BENCH_LOADGEN_NODE_ARGS: node flags for the load generator (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), as in manyBoards.ts. */
const loadgenNodeArgs = () => (process.env.BENCH_LOADGEN_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function startServerChild(kind: ServerKind): Promise<RunningServer> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to the server children's node only.
  const serverArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // Ours runs with the flags it runs with in production (scripts/start.mjs); the reference as shipped.
  const isOurs = kind !== 'reference';
  if (isOurs) serverArgs.unshift(...SERVER_NODE_FLAGS);
  const env = kind === 'ours-memory' ? serverEnv({ BENCH_STORAGE: 'memory' }) : isOurs ? serverEnv({}) : {};
  const child = new Child(`server(${kind})`, isOurs ? 'serve-ours.ts' : 'serve-reference.ts', 0, serverArgs, env);
  try {
    const ready = await child.next<{ type: 'ready'; url: string; path: string }>('ready', 60_000);
    return { kind, child, url: ready.url.replace(/^http/, 'ws') + ready.path };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** One measurement round: fresh clients of the load generator against one (already running) server. */
async function measureRound(server: RunningServer, loadgen: Child, load: Omit<LoadConfig, 'url'>, log: (m: string) => void): Promise<FanoutResult> {
  const kind = server.kind;
  let before: ServerStats | undefined;
  let after: ServerStats | undefined;
  // CPU of the server and busy time of each core, read from /proc by this process
  // at the window edges (a backlogged server could not answer in time).
  type ProcReading = { server?: number; split?: ReturnType<typeof procCpuTimes>; cores?: ReturnType<typeof coreTimes> };
  let procBefore: ProcReading = {};
  let procAfter: ProcReading = {};
  const pid = server.child.proc.pid;
  const reading = (): ProcReading => ({ server: procCpuMs(pid), split: procCpuTimes(pid), cores: coreTimes() });
  let ipcChain: Promise<unknown> = Promise.resolve();
  const ipcTimeout = load.measureMs + load.drainMs + 30_000;
  const onPhase = (m: IpcMessage) => {
    if (m.type !== 'phase') return;
    if (m.phase === 'measure-start') {
      procBefore = reading();
      // A saturated server answers late (or not before the end): these readings are optional.
      ipcChain = ipcChain
        .then(() => server.child.request('resetLag', {}, ipcTimeout))
        .then(() => server.child.request<ServerStats>('cpu', {}, ipcTimeout))
        .then((s) => void (before = s), () => {});
      log(`  ${kind}: ${load.clients} clients, measuring ${load.measureMs / 1000} s`);
    }
    if (m.phase === 'measure-end') {
      procAfter = reading();
      ipcChain = ipcChain.then(() => server.child.request<ServerStats>('cpu', {}, ipcTimeout)).then((s) => void (after = s), () => {});
    }
  };
  loadgen.on(onPhase);
  try {
    const resultMsg = loadgen.next<{ type: 'result'; result?: LoadResult; error?: string }>('result', load.warmupMs + load.measureMs + load.drainMs + 180_000);
    loadgen.send({ type: 'run', config: { ...load, url: server.url } });
    const { result, error } = await resultMsg;
    if (!result) throw new Error(`load generator failed: ${error}`);
    // A server still backlogged gets 5 s more, then we go on without its event-loop figures.
    await Promise.race([ipcChain, sleep(5_000)]);
    if (procBefore.server === undefined && (!before || !after)) throw new Error('no server CPU readings');
    const windowMs = result.windowS * 1000;
    const serverCpuMs =
      procBefore.server !== undefined && procAfter.server !== undefined ? procAfter.server - procBefore.server : after!.cpuMs - before!.cpuMs;
    const deliveredMessages = result.updateDeliveries + result.awarenessDeliveries;
    const cores =
      procBefore.cores && procAfter.cores
        ? procAfter.cores.map((c, i) => {
            const b = procBefore.cores![i]!;
            return round((c.busyMs - b.busyMs) / Math.max(1, c.totalMs - b.totalMs), 2);
          })
        : [];
    // What the rest of the machine used meanwhile (other processes: noise).
    const busyAll = cores.reduce((a, b) => a + b, 0) * windowMs;
    const foreignCpuShare = cores.length ? Math.max(0, (busyAll - serverCpuMs - result.loadgenCpuMs) / windowMs) : NaN;
    return {
      server: kind,
      load: result,
      serverCpuMs,
      serverCpuShare: serverCpuMs / windowMs,
      deliveredMessages,
      cpuUsPerMessage: (serverCpuMs * 1000) / Math.max(1, deliveredMessages),
      cpuUsPerSentMessage: (serverCpuMs * 1000) / Math.max(1, result.framesOut),
      cpuUsPerFrame: (serverCpuMs * 1000) / Math.max(1, result.framesIn),
      serverRssMb: (after?.rss ?? NaN) / 2 ** 20,
      serverMemory: after?.memory,
      serverErrors: after?.errorCount ?? NaN,
      serverErrorSamples: after?.errors ?? [],
      serverLoopLagP99Ms: before && after ? after.loopLagP99Ms : NaN,
      serverLoopLagMaxMs: before && after ? after.loopLagMaxMs : NaN,
      serverDiskBytes: after?.diskBytes ?? NaN,
      serverStorage: before ? after?.storage : undefined,
      coreBusy: cores,
      foreignCpuShare,
      serverSystemCpuShare:
        procBefore.split && procAfter.split ? (procAfter.split.systemMs - procBefore.split.systemMs) / Math.max(1, serverCpuMs) : NaN,
    };
  } finally {
    loadgen.off(onPhase);
  }
}

/** Merges rounds of the same server and load into one result (samples pooled, counters summed). */
export function combine(rounds: FanoutResult[]): FanoutResult {
  if (rounds.length === 1) return rounds[0]!;
  const first = rounds[0]!;
  const sum = (f: (r: FanoutResult) => number) => rounds.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: FanoutResult) => number) => Math.max(...rounds.map(f));
  const pool = (f: (raw: NonNullable<LoadResult['raw']>) => number[]) => rounds.flatMap((r) => (r.load.raw ? f(r.load.raw) : []));
  const missing = sum((r) => r.load.missingFanout);
  const windowS = sum((r) => r.load.windowS);
  const load: LoadResult = {
    ...first.load,
    connectMs: max((r) => r.load.connectMs),
    windowS,
    clientsAlive: Math.min(...rounds.map((r) => r.load.clientsAlive)),
    fanout: dist(pool((x) => x.fanout).concat(new Array<number>(missing).fill(Infinity))),
    echo: dist(pool((x) => x.echo)),
    awareness: dist(pool((x) => x.awareness)),
    stampsInWindow: sum((r) => r.load.stampsInWindow),
    updatesPerSec: sum((r) => r.load.stampsInWindow) / windowS,
    expectedFanout: sum((r) => r.load.expectedFanout),
    missingFanout: missing,
    awarenessSentInWindow: sum((r) => r.load.awarenessSentInWindow),
    expectedAwareness: sum((r) => r.load.expectedAwareness),
    framesIn: sum((r) => r.load.framesIn),
    bytesIn: sum((r) => r.load.bytesIn),
    framesOut: sum((r) => r.load.framesOut),
    updateDeliveries: sum((r) => r.load.updateDeliveries),
    awarenessDeliveries: sum((r) => r.load.awarenessDeliveries),
    disconnects: rounds.flatMap((r) => r.load.disconnects),
    socketErrors: sum((r) => r.load.socketErrors),
    protocolErrors: sum((r) => r.load.protocolErrors),
    loadgenCpuMs: sum((r) => r.load.loadgenCpuMs),
    loadgenCpuShare: sum((r) => r.load.loadgenCpuMs) / (windowS * 1000),
    loadgenLagP99Ms: max((r) => r.load.loadgenLagP99Ms),
    loadgenLagMaxMs: max((r) => r.load.loadgenLagMaxMs),
    raw: undefined,
  };
  const serverCpuMs = sum((r) => r.serverCpuMs);
  const deliveredMessages = sum((r) => r.deliveredMessages);
  const worstStorage = rounds.map((r) => r.serverStorage).filter((s) => s !== undefined).sort((a, b) => b.appendMs.max - a.appendMs.max)[0];
  return {
    server: first.server,
    load,
    serverCpuMs,
    serverCpuShare: serverCpuMs / (windowS * 1000),
    deliveredMessages,
    cpuUsPerMessage: (serverCpuMs * 1000) / Math.max(1, deliveredMessages),
    cpuUsPerSentMessage: (serverCpuMs * 1000) / Math.max(1, load.framesOut),
    cpuUsPerFrame: (serverCpuMs * 1000) / Math.max(1, load.framesIn),
    serverRssMb: max((r) => r.serverRssMb),
    serverMemory: [...rounds].sort((a, b) => b.serverRssMb - a.serverRssMb)[0]!.serverMemory,
    serverErrors: sum((r) => r.serverErrors),
    serverErrorSamples: rounds.flatMap((r) => r.serverErrorSamples).slice(0, 20),
    serverLoopLagP99Ms: max((r) => r.serverLoopLagP99Ms),
    serverLoopLagMaxMs: max((r) => r.serverLoopLagMaxMs),
    serverDiskBytes: max((r) => r.serverDiskBytes),
    serverStorage: worstStorage,
    coreBusy: first.coreBusy.map((_, i) => round(sum((r) => (r.coreBusy[i] ?? 0) * r.load.windowS) / windowS, 2)),
    foreignCpuShare: sum((r) => r.foreignCpuShare * r.load.windowS) / windowS,
    serverSystemCpuShare: sum((r) => r.serverSystemCpuShare * r.serverCpuMs) / Math.max(1, serverCpuMs),
    rounds: rounds.map((r) => summarize(r)),
  };
}

/** One round's headline figures (kept in the results file next to the pooled ones). */
export function summarize(r: FanoutResult): RoundSummary {
  return {
    fanoutP50: round(r.load.fanout.p50),
    fanoutP99: round(r.load.fanout.p99),
    fanoutMax: round(r.load.fanout.max),
    cpuUsPerMessage: round(r.cpuUsPerMessage),
    serverCpuShare: round(r.serverCpuShare),
    foreignCpuShare: round(r.foreignCpuShare),
    appendMaxMs: r.serverStorage ? round(r.serverStorage.appendMs.max) : undefined,
  };
}

export interface RoundSummary {
  fanoutP50: number;
  fanoutP99: number;
  fanoutMax: number;
  cpuUsPerMessage: number;
  serverCpuShare: number;
  foreignCpuShare: number;
  appendMaxMs: number | undefined;
}

/** Waits until both servers are idle (a backlogged one would steal the core from the next round). */
async function settle(servers: RunningServer[], log: (m: string) => void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = servers.map((s) => procCpuMs(s.child.proc.pid));
    await sleep(250);
    const b = servers.map((s) => procCpuMs(s.child.proc.pid));
    const busy = servers.filter((_, i) => a[i] !== undefined && b[i] !== undefined && b[i]! - a[i]! > 25);
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      log(`  (still busy after ${timeoutMs / 1000} s: ${busy.map((s) => s.kind).join(', ')}; going on)`);
      return;
    }
  }
}

/**
 * Ours and the reference under the same load, in `rounds` alternating pairs of
 * rounds (ours, ref, ref, ours, …) so that background load on this shared
 * machine falls on both alike; the rounds' samples are pooled. Both servers
 * (pinned to core 0) and the load generator (core 1) stay up across rounds;
 * each round connects fresh clients, warms up, measures and drains.
 */
export async function runPair(
  load: Omit<LoadConfig, 'url'>,
  rounds: number,
  log: (m: string) => void,
  opts: { memoryStore?: boolean } = {},
): Promise<{ ours: FanoutResult; reference: FanoutResult; oursMemory?: FanoutResult }> {
  const started: RunningServer[] = [];
  let loadgen: Child | undefined;
  try {
    const kinds: ServerKind[] = opts.memoryStore ? ['ours', 'reference', 'ours-memory'] : ['ours', 'reference'];
    const servers = {} as Record<ServerKind, RunningServer>;
    for (const kind of kinds) started.push((servers[kind] = await startServerChild(kind)));
    loadgen = new Child('loadgen', 'loadgen.ts', 1, loadgenNodeArgs());
    await loadgen.next('ready', 60_000);
    const got: Record<ServerKind, FanoutResult[]> = { ours: [], 'ours-memory': [], reference: [] };
    for (let i = 0; i < rounds; i++) {
      // Each kind goes first, second, … in turn, so that drifting background load falls on all alike.
      const order = i % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        await settle(started, log);
        // The same seed for every server in this round: the same load shape (LoadConfig.seed).
        got[kind].push(await measureRound(servers[kind], loadgen, { ...load, seed: i + 1 }, log));
      }
    }
    const strip = (r: FanoutResult): FanoutResult => ({ ...r, load: { ...r.load, raw: undefined } });
    return {
      ours: strip(combine(got.ours)),
      reference: strip(combine(got.reference)),
      ...(opts.memoryStore ? { oursMemory: strip(combine(got['ours-memory'])) } : {}),
    };
  } finally {
    await loadgen?.stop();
    for (const s of started) await s.child.stop();
  }
}

/** Our server alone under a load (S7, the town hall: the reference collapses long before), in `rounds` rounds pooled. */
export async function runOurs(load: Omit<LoadConfig, 'url'>, rounds: number, log: (m: string) => void): Promise<FanoutResult> {
  const server = await startServerChild('ours');
  const loadgen = new Child('loadgen', 'loadgen.ts', 1, loadgenNodeArgs());
  try {
    await loadgen.next('ready', 60_000);
    const got: FanoutResult[] = [];
    for (let i = 0; i < rounds; i++) {
      await settle([server], log);
      got.push(await measureRound(server, loadgen, { ...load, seed: i + 1 }, log));
    }
    const pooled = combine(got);
    return { ...pooled, load: { ...pooled.load, raw: undefined } };
  } finally {
    await loadgen.stop();
    await server.child.stop();
  }
}
