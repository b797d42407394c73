/**
 * Ownership of boards across processes (server/storage/postgresOwnership.ts)
 * and the fences every write carries (server/storage/postgres.ts), against a
 * throwaway PostgreSQL: exactly one owner however many claim at once; a claim
 * takes over a dead owner at once (its session's advisory lock is gone) and
 * an expired one; epochs only grow; a write with a stale fence is refused
 * inside the database and writes nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { openPostgresStorage, StaleFenceError, type PostgresStorage } from '../../server/storage/postgres.ts';
import { BoardOwnership } from '../../server/storage/postgresOwnership.ts';
import { WriteBatcher } from '../../server/sync/writeBatcher.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { board, bytes, snap } from './storageContract.ts';

postgresSuite('board ownership with fenced leases', (server) => {
  let url = '';
  const opened: { close(): Promise<void> }[] = [];
  let n = 0;

  beforeAll(async () => {
    url = await server().createDatabase('ownership');
    await (await openPostgresStorage({ url })).close(); // creates the schema
  });
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close().catch(() => {});
  });

  /**
   * A process's ownership (own lease connection). A short ttl plays a stuck
   * owner: it does not renew (no timer), so its lease runs out while it lives.
   */
  function owner(name: string, ttlMs = 60_000, onLost?: (boardId: string) => void): BoardOwnership {
    const o = new BoardOwnership({
      url,
      ownerId: `${name}-${++n}`,
      ownerUrl: `http://${name}.internal:9000`,
      ttlMs,
      autoRenew: ttlMs >= 60_000,
      ...(onLost ? { onLost } : {}),
    });
    opened.push(o);
    return o;
  }

  async function storageOf(ownership?: BoardOwnership): Promise<PostgresStorage> {
    const s = await openPostgresStorage({ url, ...(ownership ? { ownership } : {}) });
    opened.push(s);
    return s;
  }

  async function leaseRow(boardId: string): Promise<{ owner_id: string; epoch: string; locked: boolean } | undefined> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query('SELECT owner_id, epoch, locked FROM board_leases WHERE board_id = $1', [boardId])).rows[0];
    } finally {
      await c.end();
    }
  }

  it('20 concurrent claims: exactly one owner, and the others are told who it is', async () => {
    const claimants = Array.from({ length: 20 }, (_, i) => owner(`p${i}`));
    const results = await Promise.all(claimants.map((o) => o.claim('race')));
    const winners = results.flatMap((r, i) => (r.owned ? [claimants[i]!] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    for (const r of results) {
      expect(r.lease.ownerId).toBe(winner.ownerId);
      expect(r.lease.ownerUrl).toMatch(/^http:\/\/p\d+\.internal:9000$/);
    }
    expect(claimants.filter((o) => o.fenceOf('race'))).toEqual([winner]);
    expect(await leaseRow('race')).toMatchObject({ owner_id: winner.ownerId, locked: true });
    // a second round changes nothing while the owner lives
    const again = await Promise.all(claimants.map((o) => o.claim('race')));
    expect(again.filter((r) => r.owned)).toHaveLength(1);
    expect(winner.fenceOf('race')!.epoch).toBe(results.find((r) => r.owned)!.lease.epoch);
  });

  it('a claim takes over at once from an owner whose process was killed (kill -9), long before its lease expires', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-owner-'));
    const script = path.join(dir, 'owner.mts');
    fs.writeFileSync(
      script,
      `import { BoardOwnership } from ${JSON.stringify(path.resolve('server/storage/postgresOwnership.ts'))};
       const o = new BoardOwnership({ url: ${JSON.stringify(url)}, ownerUrl: 'http://doomed.internal:9000', ownerId: 'doomed', ttlMs: 60000 });
       const r = await o.claim('killed');
       console.log(JSON.stringify(r));
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<{ owned: boolean; fence: { epoch: number } }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out));
      });
      child.once('exit', (code) => reject(new Error(`the owner process exited (${code}) before claiming`)));
    });
    expect(first.owned).toBe(true);
    const heir = owner('heir');
    expect((await heir.claim('killed')).owned).toBe(false);

    const killedAt = Date.now();
    child.kill('SIGKILL');
    const taken = await expect
      .poll(async () => (await heir.claim('killed')).owned, { timeout: 10_000, interval: 20 })
      .toBe(true)
      .then(() => Date.now() - killedAt);
    expect(taken).toBeLessThan(30_000); // the lease had 60 s left: only the freed lock explains the takeover
    expect(heir.fenceOf('killed')!.epoch).toBeGreaterThan(first.fence.epoch);
    expect(await leaseRow('killed')).toMatchObject({ owner_id: heir.ownerId, locked: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a claim takes over from an owner whose database session was terminated', async () => {
    const a = owner('a');
    const b = owner('b');
    const claimed = await a.claim('cut');
    expect(claimed.owned).toBe(true);
    const admin = new pg.Client({ connectionString: server().adminUrl });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [await a.backendPid()]);
    await admin.end();
    await expect.poll(async () => (await b.claim('cut')).owned, { timeout: 10_000, interval: 20 }).toBe(true);
    expect(b.fenceOf('cut')!.epoch).toBeGreaterThan(claimed.owned ? claimed.fence.epoch : Infinity);
  });

  it('a claim takes over an expired lease from a live but stuck owner; the old owner learns it lost the board and lets its lock go', async () => {
    const lost: string[] = [];
    const stuck = owner('stuck', 300, (id) => lost.push(id));
    const next = owner('next', 60_000);
    const first = await stuck.claim('slow');
    expect(first.owned).toBe(true);
    expect((await next.claim('slow')).owned).toBe(false);
    // The stuck owner neither renews nor dies (it still holds the lock): only expiry frees the board.
    await expect.poll(async () => (await next.claim('slow')).owned, { timeout: 10_000, interval: 50 }).toBe(true);
    expect(await leaseRow('slow')).toMatchObject({ owner_id: next.ownerId, locked: false });

    expect(await stuck.renewAll()).toEqual(['slow']);
    expect(lost).toEqual(['slow']);
    expect(stuck.fenceOf('slow')).toBeUndefined();
    // With the old owner's lock released, the new owner's next renewal takes it.
    expect(await next.renewAll()).toEqual([]);
    expect(await leaseRow('slow')).toMatchObject({ owner_id: next.ownerId, locked: true });
  });

  it('epochs only grow: across takeovers, releases and a deleted and re-created board', async () => {
    const a = owner('a', 200);
    const b = owner('b', 200);
    const s = await storageOf();
    await s.createBoard(board('ep'));
    const epochs: number[] = [];
    const take = async (o: BoardOwnership) => {
      await expect.poll(async () => (await o.claim('ep')).owned, { timeout: 10_000, interval: 50 }).toBe(true);
      epochs.push(o.fenceOf('ep')!.epoch);
    };
    await take(a);
    await take(b); // after a's lease expired
    await b.release('ep');
    await take(a);
    await s.deleteBoard('ep');
    await s.createBoard(board('ep'));
    await take(b);
    expect(epochs).toHaveLength(4);
    for (let i = 1; i < epochs.length; i++) expect(epochs[i]).toBeGreaterThan(epochs[i - 1]!);
  });

  it('a write with a stale fence, or without one on an owned board, is refused and writes nothing', async () => {
    const a = owner('a', 300);
    const b = owner('b', 60_000);
    const sa = await storageOf(a);
    const sb = await storageOf(b);
    const plain = await storageOf();
    await plain.createBoard(board('f'), [{ docName: 'f', update: bytes(1) }]);
    await plain.createBoard(board('g'));

    expect((await a.claim('f')).owned).toBe(true);
    expect(await sa.append([{ docName: 'f', update: bytes(2) }, { docName: 'f/control', update: bytes(3) }])).toEqual([2, 1]);
    await sa.putSnapshot('f', snap('by-a', 1));
    // Not the owner: no fence for 'f'.
    await expect(sb.append([{ docName: 'f', update: bytes(66) }])).rejects.toThrow(StaleFenceError);
    await expect(plain.compact('f', bytes(66), 1)).rejects.toThrow(/stale fence/);

    // b takes over once a's lease expired; a, stuck meanwhile, still holds its old fence.
    await expect.poll(async () => (await b.claim('f')).owned, { timeout: 10_000, interval: 50 }).toBe(true);
    expect(a.fenceOf('f')).toBeDefined();
    await expect(sa.append([{ docName: 'f', update: bytes(99) }])).rejects.toThrow(StaleFenceError);
    // a batch with one stale board writes nothing for the others either
    await expect(sa.append([{ docName: 'g', update: bytes(98) }, { docName: 'f/control', update: bytes(97) }])).rejects.toThrow(StaleFenceError);
    await expect(sa.compact('f', bytes(96), 2)).rejects.toThrow(StaleFenceError);
    await expect(sa.putSnapshot('f', snap('late', 2))).rejects.toThrow(StaleFenceError);

    const doc = await plain.load('f');
    expect(doc).toEqual({ snapshot: null, updates: [bytes(1), bytes(2)], lastSeq: 2, logBytes: 2 });
    expect((await plain.load('f/control')).updates).toEqual([bytes(3)]);
    expect((await plain.load('g')).lastSeq).toBe(0);
    expect((await plain.listSnapshots('f')).map((x) => x.id)).toEqual(['by-a']);

    // The new owner's writes go on from where the log is.
    expect(await sb.append([{ docName: 'f', update: bytes(4) }])).toEqual([3]);
    await sb.compact('f', bytes(5), 3);
    await sb.putSnapshot('f', snap('by-b', 3));
    expect((await plain.load('f')).snapshot).toEqual(bytes(5));
  });

  it('the write batcher drops the writes of a board taken over (never acknowledged) and still stores the others of its batch', async () => {
    const a = owner('a', 300);
    const b = owner('b');
    const sa = await storageOf(a);
    const plain = await storageOf();
    await plain.createBoard(board('lost'));
    await plain.createBoard(board('kept'));
    expect((await a.claim('lost')).owned).toBe(true);
    await expect.poll(async () => (await b.claim('lost')).owned, { timeout: 10_000, interval: 50 }).toBe(true);

    const errors: unknown[] = [];
    const writer = new WriteBatcher(sa, (error) => errors.push(error));
    let lostAcknowledged = false;
    void writer.write('lost', bytes(1)).then(() => (lostAcknowledged = true));
    const kept = writer.write('kept', bytes(2));
    await expect(kept).resolves.toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StaleFenceError);
    expect((errors[0] as StaleFenceError).boardId).toBe('lost');
    expect(writer.pendingCount).toBe(0);
    expect(lostAcknowledged).toBe(false);
    expect((await plain.load('lost')).lastSeq).toBe(0);
    await writer.close(0);
  });
});
