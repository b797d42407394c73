/**
 * Shared helpers of the benchmarks: statistics, child processes (pinned to a
 * core with `taskset` when available) and a tiny request/response over IPC.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildServer } from '../../scripts/buildServer.mjs';

export const BENCH_DIR = resolve(import.meta.dirname);

export interface Dist {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Percentiles (nearest rank) of a list of samples. */
export function dist(samples: ArrayLike<number>): Dist {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0) return { n: 0, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return { n, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: sorted[n - 1]!, mean: sum / n };
}

export function median(values: number[]): number {
  return dist(values).p50;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let tasksetChecked: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetChecked === undefined) {
    const r = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    tasksetChecked = r.status === 0;
  }
  return tasksetChecked;
}

/** Scripts run from a pre-built bundle (bundleServers) instead of through tsx. */
const bundled = new Map<string, string>();

/**
 * Bundles the server children (ours and the reference) into .bench-build/ with
 * the same esbuild settings as the production server (scripts/buildServer.mjs),
 * so both run as plain JavaScript, as each runs in production (`npm start`;
 * the reference's own `bin/server.js`): tsx's compiler thread and its cached
 * sources (~25-30 MB each) would otherwise be part of both memory figures.
 */
export async function bundleServers(): Promise<void> {
  // The worker store finds its thread's entry file beside its module, which a bundle moves.
  if (process.env.BENCH_STORAGE === 'worker') return;
  const outdir = resolve(BENCH_DIR, '../../.bench-build');
  // Ours as `npm start` builds it; the reference's packages (y-websocket 1.5.4, its Yjs) load
  // from node_modules as they ship. Chunk names are content hashes: both fit one directory.
  await buildServer([resolve(BENCH_DIR, 'serve-ours.ts')], outdir);
  await buildServer([resolve(BENCH_DIR, 'serve-reference.ts')], outdir, { packages: 'external' });
  for (const s of ['serve-ours.ts', 'serve-reference.ts']) bundled.set(s, resolve(outdir, s.replace(/\.ts$/, '.mjs')));
}

/** A TypeScript child process with an IPC channel, optionally pinned to one core. */
export class Child {
  readonly proc: ChildProcess;
  readonly exited: Promise<number | null>;
  private waiters: { match: (m: IpcMessage) => boolean; resolve: (m: IpcMessage) => void }[] = [];
  private listeners: ((m: IpcMessage) => void)[] = [];
  private nextId = 1;

  constructor(readonly name: string, script: string, core: number | undefined, nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
    const built = bundled.get(script);
    const node = built ? [process.execPath, ...nodeArgs, built] : [process.execPath, ...nodeArgs, '--import', 'tsx', resolve(BENCH_DIR, script)];
    const [cmd, ...args] = core !== undefined && hasTaskset() ? ['taskset', '-c', String(core), ...node] : node;
    this.proc = spawn(cmd!, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    });
    this.exited = new Promise((res) => this.proc.once('exit', (code) => res(code)));
    this.proc.on('error', (error) => console.error(`${name}: ${error.message}`));
    this.proc.on('message', (m: IpcMessage) => {
      for (const l of this.listeners) l(m);
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }

  on(listener: (m: IpcMessage) => void): void {
    this.listeners.push(listener);
  }

  off(listener: (m: IpcMessage) => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  send(message: IpcMessage): void {
    if (!this.proc.connected) throw new Error(`${this.name} is not running`);
    this.proc.send(message);
  }

  /** Waits for the next message of a type (rejects if the child exits first or after timeoutMs). */
  next<T extends IpcMessage = IpcMessage>(type: string, timeoutMs = 120_000): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: timed out waiting for "${type}"`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`${this.name} exited (${code}) while waiting for "${type}"`));
      this.proc.once('exit', onExit);
      this.waiters.push({
        match: (m) => m.type === type,
        resolve: (m) => {
          clearTimeout(timer);
          this.proc.off('exit', onExit);
          resolvePromise(m as T);
        },
      });
    });
  }

  /** Sends a request and waits for the reply carrying the same id. */
  request<T extends IpcMessage = IpcMessage>(type: string, body: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no reply to "${type}"`)), timeoutMs);
      this.waiters.push({
        match: (m) => m.type === 'reply' && m.id === id,
        resolve: (m) => {
          clearTimeout(timer);
          // The child's handler threw: say what, instead of a reply without the fields asked for.
          if (typeof m.error === 'string') reject(new Error(`${this.name}: "${type}" failed: ${m.error}`));
          else resolvePromise(m as T);
        },
      });
    });
    this.send({ type, id, ...body });
    return reply;
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    try {
      this.send({ type: 'stop' });
    } catch {
      // channel already closed
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface IpcMessage {
  type: string;
  id?: number;
  [key: string]: unknown;
}

/** In a child: answers requests from the parent (`reply` carries the request id). */
export function serveIpc(handlers: Record<string, (m: IpcMessage) => unknown | Promise<unknown>>): void {
  // A send after the parent went away must not crash the child with EPIPE.
  process.on('error', () => {});
  process.on('message', (m: IpcMessage) => {
    const handler = handlers[m.type];
    if (!handler) return;
    void (async () => {
      try {
        const body = await handler(m);
        if (m.id !== undefined && process.connected) process.send?.({ type: 'reply', id: m.id, ...(body as object) });
      } catch (error) {
        if (m.id !== undefined && process.connected) process.send?.({ type: 'reply', id: m.id, error: String(error) });
        else console.error(`[${m.type}]`, error);
      }
    })();
  });
  // The parent going away ends the child.
  process.on('disconnect', () => process.exit(0));
}

/** CPU time of this process in milliseconds (user + system). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    clockTicks = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return clockTicks;
}

export const hasProc = existsSync('/proc/self/stat');

/**
 * CPU time (user + system, all threads) of another process in ms, read from
 * /proc without asking it: a backlogged event loop cannot delay the reading.
 * 10 ms resolution (clock ticks). undefined where /proc is unavailable.
 */
export function procCpuMs(pid: number | undefined): number | undefined {
  const t = procCpuTimes(pid);
  return t && t.userMs + t.systemMs;
}

/**
 * Bytes another process caused to be written to the storage device so far
 * (`write_bytes` of /proc/<pid>/io: pages it dirtied in the page cache of files
 * on a disk, counted again each time a synced page is dirtied again), or
 * undefined without /proc.
 */
export function procWriteBytes(pid: number | undefined): number | undefined {
  if (!hasProc || pid === undefined) return undefined;
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const bytes = /^write_bytes: (\d+)$/m.exec(io)?.[1];
    return bytes === undefined ? undefined : Number(bytes);
  } catch {
    return undefined;
  }
}

/** User and system CPU time of another process in ms (see procCpuMs). */
export function procCpuTimes(pid: number | undefined): { userMs: number; systemMs: number } | undefined {
  if (!hasProc || pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / ticksPerSecond();
    return { userMs: Number(fields[11]) * tick, systemMs: Number(fields[12]) * tick };
  } catch {
    return undefined;
  }
}

/** Busy and total time per core in ms, from /proc/stat (for how busy the machine was meanwhile). */
export function coreTimes(): { busyMs: number; totalMs: number }[] | undefined {
  if (!hasProc) return undefined;
  try {
    const tick = 1000 / ticksPerSecond();
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l))
      .map((l) => {
        const v = l.trim().split(/\s+/).slice(1).map(Number);
        const idle = (v[3] ?? 0) + (v[4] ?? 0);
        const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
        return { busyMs: (total - idle) * tick, totalMs: total * tick };
      });
  } catch {
    return undefined;
  }
}
