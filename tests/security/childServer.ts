/**
 * The real server (`server/main.ts`) in a child process, so the flood tests
 * can measure its memory (RSS) apart from the test process that attacks it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { connect, type SyncClient, waitFor } from '../helpers/clients.ts';

const run = promisify(execFile);

export interface ChildServer {
  url: string;
  port: number;
  /** The server's DATA_DIR (a temp dir, removed by stop()). */
  dataDir: string;
  /** The line the server logged when it started listening. */
  startupLine: string;
  /** The server process's resident set size now, in MiB. */
  rssMib(): Promise<number>;
  /** SIGTERM, wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startChildServer(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = ['--import', 'tsx', 'server/main.ts']): Promise<ChildServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcp-flood-'));
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'no-client'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let startupLine = '';
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        startupLine = out.split('\n').find((line) => line.includes('listening on')) ?? '';
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    startupLine,
    async rssMib() {
      const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(child.pid)]).catch(() => ({ stdout: '0' }));
      return Number(stdout.trim()) / 1024;
    },
    async stop() {
      let code = child.exitCode;
      if (code === null) {
        const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
        child.kill('SIGTERM');
        code = await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Samples a number every `everyMs` until stopped; resolves with the largest value seen. */
export function sampleMax(read: () => Promise<number>, everyMs = 100): { stop(): Promise<number> } {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await read());
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}

/**
 * Another person's round trips while an attack runs: a writer adds a card
 * every `everyMs` (their pace, not a wait), an observer times how long until it sees it.
 */
export function roundTrips(url: string, boardId: string, writerToken: string, observerToken: string, everyMs = 200) {
  const writer: SyncClient = connect(url, boardId, writerToken);
  const observer: SyncClient = connect(url, boardId, observerToken);
  const sent = new Map<string, number>();
  const times: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let n = 0;
  const trip = () => {
    const text = `round trip ${n++}`;
    sent.set(text, performance.now());
    addCard(writer.doc, { column: 'initiative', text });
  };
  observer.doc.on('update', () => {
    for (const card of readCards(observer.doc)) {
      const at = sent.get(card.text);
      if (at !== undefined) {
        times.push(performance.now() - at);
        sent.delete(card.text);
      }
    }
  });
  return {
    async start() {
      await Promise.all([writer.synced, observer.synced]);
      timer = setInterval(trip, everyMs);
    },
    /**
     * Stops writing, makes one more round trip (the server still serves others
     * after the attack), waits for every card, and returns the round-trip times (ms).
     */
    async stop(): Promise<number[]> {
      clearInterval(timer);
      trip();
      await waitFor(() => sent.size === 0, 'every round-trip card on the observer', 30_000);
      writer.destroy();
      observer.destroy();
      return times;
    },
  };
}

/** p50 / p95 / max of round-trip times, for the log. */
export function describeTimes(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `${sorted.length} round trips: p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms`;
}
