/**
 * `npx tsx tests/bench/append-latency.ts`: how long one append (one write
 * batch of one tick, what the write batcher commits) takes to be durable, on
 * the server's SQLite (commit on the calling thread, fdatasync in the thread
 * pool), the SQLite worker storage (worker thread, synchronous = FULL) and on PostgreSQL
 * on loopback (a throwaway server from tests/helpers/postgres.ts, fsync and
 * synchronous_commit on: one plpgsql call, one round trip), in the same run
 * on the same disk. Also the fenced append (the board owned, the fence
 * checked in the database). Prints p50/p99/max per store.
 *
 * Environment: APPENDS (default 2000), UPDATE_BYTES (default 120, a typical
 * card edit), BATCH (updates per append, default 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { BoardOwnership } from '../../server/storage/postgresOwnership.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import { openSqliteWorkerStorage } from '../../server/storage/sqliteWorker.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { findPostgresBin, startTestPostgres } from '../helpers/postgres.ts';

const APPENDS = Number(process.env.APPENDS ?? 2000);
const UPDATE_BYTES = Number(process.env.UPDATE_BYTES ?? 120);
const BATCH = Number(process.env.BATCH ?? 1);

async function measure(name: string, storage: BoardStorage): Promise<string> {
  await storage.createBoard({ id: 'bench', title: 'bench', createdAt: Date.now(), secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } });
  const update = new Uint8Array(UPDATE_BYTES).map((_, i) => i & 0xff);
  const batch = Array.from({ length: BATCH }, () => ({ docName: 'bench', update }));
  for (let i = 0; i < 100; i++) await storage.append(batch); // warm-up
  const times: number[] = [];
  for (let i = 0; i < APPENDS; i++) {
    const t0 = performance.now();
    await storage.append(batch);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  return `${name.padEnd(34)} p50 ${at(0.5).padStart(6)} ms   p99 ${at(0.99).padStart(6)} ms   max ${times[times.length - 1]!.toFixed(2).padStart(7)} ms`;
}

const binDir = findPostgresBin();
if (!binDir) throw new Error('PostgreSQL (initdb, postgres) is not installed: apt-get install postgresql');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-append-bench-'));
const server = await startTestPostgres(binDir);
const lines: string[] = [];
try {
  const serverStore = await openSqliteServerStorage({ dataDir: path.join(dataDir, 'server') });
  lines.push(await measure('SQLite (server: fdatasync in pool)', serverStore));
  await serverStore.close();

  const sqlite = await openSqliteWorkerStorage({ dataDir });
  lines.push(await measure('SQLite (worker, synchronous=FULL)', sqlite));
  await sqlite.close();

  const plainUrl = await server.createDatabase('bench_plain');
  const pgPlain = await openPostgresStorage({ url: plainUrl });
  lines.push(await measure('PostgreSQL (loopback, unowned)', pgPlain));
  await pgPlain.close();

  const fencedUrl = await server.createDatabase('bench_fenced');
  const ownership = new BoardOwnership({ url: fencedUrl, ownerUrl: 'http://127.0.0.1:1', ttlMs: 60_000 });
  const pgFenced = await openPostgresStorage({ url: fencedUrl, ownership });
  await pgFenced.createBoard({ id: 'warm', title: 'w', createdAt: 0, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } });
  // claim before the board exists in this database is fine: the lease is per board id
  await ownership.claim('bench');
  lines.push(await measure('PostgreSQL (loopback, fenced owner)', pgFenced));
  await pgFenced.close();
  await ownership.close();
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${APPENDS} appends of ${BATCH} × ${UPDATE_BYTES} bytes, one after another, on ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)}):`);
for (const line of lines) console.log(line);
