/**
 * S8: the cluster (docs/SCALING.md). Three server processes on one throwaway
 * PostgreSQL, one board owned by the first; the S1 load (100 clients, 10
 * writers × 10 updates/s, cursors) with the writers connected to the second
 * process and the readers to the third, so every update goes writer →
 * forwarder → owner → forwarder → reader. Next to it, in the same run, the
 * same load on one process with SQLite (serve-ours.ts). Then 100 stock
 * clients spread over the three processes, kill -9 of the owner, and the time
 * until every client holds a card written after the kill.
 *
 * Skips loudly (a row saying so) when PostgreSQL is not installed.
 */
import * as Y from 'yjs';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { connect, type SyncClient } from '../helpers/clients.ts';
import { clusterProcess, freePort, roundRobin, type ClusterProcess } from '../helpers/cluster.ts';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { Child, sleep } from './common.ts';
import { SERVER_NODE_FLAGS, serverEnv } from '../../scripts/serverNodeFlags.mjs';
import type { LoadConfig, LoadResult } from './loadgen.ts';

export type ClusterBenchResult =
  | { skipped: string }
  | {
      single: LoadResult;
      cluster: LoadResult;
      failover: { clients: number; convergedMs: number; reconnects: Record<string, number> };
    };

/** One load run of the load generator (fresh clients) against `url` (writers) and `readerUrl`. */
async function loadRun(loadgen: Child, config: Omit<LoadConfig, 'url'> & { url: string; readerUrl?: string }): Promise<LoadResult> {
  const result = loadgen.next<{ type: 'result'; result?: LoadResult; error?: string }>('result', config.warmupMs + config.measureMs + config.drainMs + 180_000);
  loadgen.send({ type: 'run', config });
  const { result: r, error } = await result;
  if (!r) throw new Error(`load generator failed: ${error}`);
  return { ...r, raw: undefined };
}

async function createBoardOn(url: string): Promise<{ id: string; secrets: { participant: string; facilitator: string } }> {
  const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Cluster bench' }) });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; secrets: { participant: string; facilitator: string } };
}

const syncUrl = (base: string, boardId: string, token: string) => `${base.replace(/^http/, 'ws')}/sync/${boardId}?token=${encodeURIComponent(token)}`;

/**
 * 100 stock clients spread over the three processes by a round-robin (as a
 * load balancer would); kill -9 the owner; ms until all hold a card written
 * after the kill by a client that was not on the owner.
 */
async function failover(processes: ClusterProcess[], owner: ClusterProcess, log: (m: string) => void) {
  const balancer = await roundRobin(processes.map((p) => p.port));
  const board = await createBoardOn(owner.url);
  // The round-robin's first connection goes to the first process: it owns the board.
  const first = connect(balancer.url, board.id, board.secrets.facilitator);
  await first.synced;
  const clients: SyncClient[] = [first];
  for (let i = 1; i < 100; i++) {
    clients.push(connect(balancer.url, board.id, board.secrets.participant));
    if (i % 10 === 0) await Promise.all(clients.map((c) => c.synced));
  }
  await Promise.all(clients.map((c) => c.synced));
  const reconnects: Record<string, number> = {};
  for (const c of clients) c.provider.on('connection-close', (e: { code: number } | null) => void (reconnects[e?.code ?? 0] = (reconnects[e?.code ?? 0] ?? 0) + 1));
  addCard(first.doc, { column: 'goal', text: 'before the kill' });
  const deadline = Date.now() + 30_000;
  while (!clients.every((c) => readCards(c.doc).length === 1) && Date.now() < deadline) await sleep(20);

  // Round-robin: client i came in through process i % 3; the owner is processes[0].
  const survivor = clients.find((_, i) => i % processes.length !== processes.indexOf(owner))!;
  const killedAt = performance.now();
  await owner.signal('SIGKILL');
  addCard(survivor.doc, { column: 'goal', text: 'after the kill' });
  const has = (c: SyncClient) => c.provider.synced && c.provider.wsconnected && readCards(c.doc).some((card) => card.text === 'after the kill');
  const survivors = clients; // those on the killed owner reconnect; those forwarded to it are told 1012
  const until = Date.now() + 60_000;
  while (!survivors.every(has) && Date.now() < until) await sleep(10);
  const convergedMs = survivors.every(has) ? performance.now() - killedAt : Infinity;
  log(`  failover: ${survivors.filter(has).length} / ${survivors.length} clients converged ${Number.isFinite(convergedMs) ? `${Math.round(convergedMs)} ms` : 'NOT within 60 s'} after kill -9 of the owner`);
  for (const c of clients) c.destroy();
  await balancer.close();
  await owner.start();
  return { clients: clients.length, convergedMs, reconnects };
}

export async function runClusterBench(load: Omit<LoadConfig, 'url' | 'clients'>, log: (m: string) => void): Promise<ClusterBenchResult> {
  const bin = findPostgresBin();
  if (!bin) {
    const message = 'S8 SKIPPED: PostgreSQL (initdb, postgres) is not installed: apt-get install postgresql, or set VCP_PG_BIN';
    log(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}`);
    return { skipped: message };
  }
  let pg: TestPostgres | undefined;
  let processes: ClusterProcess[] = [];
  let loadgen: Child | undefined;
  let single: Child | undefined;
  try {
    pg = await startTestPostgres(bin);
    const url = await pg.createDatabase('bench');
    loadgen = new Child('loadgen', 'loadgen.ts', 1);
    await loadgen.next('ready', 60_000);

    // Single process, SQLite: the baseline of this run.
    single = new Child('server(ours)', 'serve-ours.ts', 0, SERVER_NODE_FLAGS, serverEnv({}));
    const ready = await single.next<{ type: 'ready'; url: string; path: string }>('ready', 60_000);
    log('  single process (SQLite): 100 clients');
    const singleResult = await loadRun(loadgen, { ...load, clients: 100, url: ready.url.replace(/^http/, 'ws') + ready.path });
    await single.stop();
    single = undefined;

    const env = { DATABASE_URL: url };
    processes = await Promise.all([0, 1, 2].map(async (i) => clusterProcess(`s6-p${i}`, await freePort(), env)));
    await Promise.all(processes.map((p) => p.start()));
    const [owner, writersOn, readersOn] = processes as [ClusterProcess, ClusterProcess, ClusterProcess];
    const board = await createBoardOn(owner.url);
    const holder = connect(owner.url, board.id, board.secrets.facilitator, 'content', new Y.Doc());
    await holder.synced; // the first process owns the board; the others forward to it
    log('  three processes (PostgreSQL): 100 clients, writers on the second, readers on the third, the first owns the board');
    const clusterResult = await loadRun(loadgen, {
      ...load,
      clients: 100,
      url: syncUrl(writersOn.url, board.id, board.secrets.participant),
      readerUrl: syncUrl(readersOn.url, board.id, board.secrets.participant),
    });
    holder.destroy();
    const failed = await failover(processes, owner, log);
    return { single: singleResult, cluster: clusterResult, failover: failed };
  } finally {
    await single?.stop();
    await loadgen?.stop();
    await Promise.all(processes.map((p) => p.stop()));
    await pg?.stop();
  }
}
