/**
 * Which process owns which board, when several server processes share one
 * PostgreSQL: a lease per board in `board_leases` (owner id, the owner's
 * internal URL, epoch, expiry) plus a session-level advisory lock per owned
 * board, both taken by one SQL call on this process's own lease connection
 * (functions in ./postgresSchema.ts).
 *
 * - A claim succeeds on a free board, on an expired lease (a stuck owner:
 *   SIGSTOP, a long pause) and on a lease whose owner held the board's lock
 *   and no longer does: its session ended, i.e. the process died or lost its
 *   connection, so the board is free at once instead of after the TTL.
 * - Every takeover draws a new epoch from one sequence: epochs only grow.
 *   The owner's writes carry (board id, epoch) as their fence
 *   (./postgres.ts); after a takeover the old owner's writes are refused
 *   inside the database and write nothing.
 * - Leases are renewed every ttl/3; a renewal that finds the lease gone
 *   drops the fence (and the lock) and reports the board as lost.
 *
 * If the lease connection itself breaks, its locks are gone: the fences stay
 * (the database still refuses them once another process takes over) until a
 * renewal on the new connection confirms or drops them.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { LOCK_CLASS } from './postgresSchema.ts';

/** What a write for one board carries: the board and the epoch this process owns it at. */
export interface Fence {
  boardId: string;
  epoch: number;
}

/** A board's lease as the database holds it. */
export interface Lease {
  boardId: string;
  ownerId: string;
  /** Where the owner accepts forwarded connections (its internal URL). */
  ownerUrl: string;
  epoch: number;
  /** ms epoch (database clock). */
  expiresAt: number;
  /** Whether the owner holds the board's advisory lock. */
  locked: boolean;
}

export type ClaimResult = { owned: true; fence: Fence; lease: Lease } | { owned: false; lease: Lease };

export interface BoardOwnershipOptions {
  url: string;
  /** This process's internal URL, for forwarding (stored with its leases). */
  ownerUrl: string;
  /** Unique per process start; a fresh UUID by default. */
  ownerId?: string;
  /** Lease lifetime (default 10 s), renewed every ttl/3. */
  ttlMs?: number;
  /** How often owned leases are renewed (default ttl/3; must be well under the ttl). */
  renewEveryMs?: number;
  /** Renew owned leases every ttl/3 (default). Off: only renewAll() renews (tests play a stuck owner with it). */
  autoRenew?: boolean;
  /** Called when a board this process owned was taken over (or its lease vanished). */
  onLost?: (boardId: string) => void;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;

interface LeaseRow {
  claimed: boolean;
  epoch: string;
  owner_id: string;
  owner_url: string;
  expires_ms: string;
  locked: boolean;
}

export class BoardOwnership {
  readonly ownerId: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  /** This process's internal URL (settable: a server knows its port only once it listens). */
  ownerUrl: string;
  private readonly fences = new Map<string, Fence>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The last query queued: the lease connection runs one at a time, in call order. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: BoardOwnershipOptions) {
    this.ownerId = options.ownerId ?? randomUUID();
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
    if (this.renewEveryMs >= this.ttlMs) throw new Error(`leases must be renewed more often (${this.renewEveryMs} ms) than they last (${this.ttlMs} ms)`);
    this.ownerUrl = options.ownerUrl;
  }

  /** Called when a board this process owned was taken over (set by the server once its rooms exist). */
  onLost: ((boardId: string) => void) | undefined;

  /** This process's fence for the board, if it owns it. */
  fenceOf(boardId: string): Fence | undefined {
    return this.fences.get(boardId);
  }

  /** The boards this process owns. */
  ownedBoards(): string[] {
    return [...this.fences.keys()];
  }

  /** Claims the board (or renews it if already ours); otherwise says who owns it. */
  async claim(boardId: string): Promise<ClaimResult> {
    const rows = await this.query<LeaseRow>('SELECT * FROM vcp_claim_board($1, $2, $3, $4)', [
      boardId, this.ownerId, this.ownerUrl, this.ttlMs,
    ]);
    const row = rows[0]!;
    const lease: Lease = {
      boardId,
      ownerId: row.owner_id,
      ownerUrl: row.owner_url,
      epoch: Number(row.epoch),
      expiresAt: Number(row.expires_ms),
      locked: row.locked,
    };
    if (!row.claimed) {
      this.fences.delete(boardId);
      return { owned: false, lease };
    }
    const fence = { boardId, epoch: lease.epoch };
    this.fences.set(boardId, fence);
    this.scheduleRenewal();
    return { owned: true, fence, lease };
  }

  /**
   * The board's live owner if it is another process, without claiming: a
   * lease that has not expired, whose owner still holds the board's advisory
   * lock (or never had it). undefined when the board is free, expired, ours,
   * or its owner's session is gone (died): then a claim here would take it.
   * What a forwarder asks before sending a client on (server/cluster/).
   */
  async liveOwner(boardId: string): Promise<Lease | undefined> {
    const rows = await this.query<LeaseRow & { lock_held: boolean }>(
      `SELECT true AS claimed, l.epoch, l.owner_id, l.owner_url, (extract(epoch FROM l.expires_at) * 1000)::bigint AS expires_ms, l.locked,
         EXISTS (SELECT 1 FROM pg_locks p WHERE p.locktype = 'advisory' AND p.granted AND p.classid = ${LOCK_CLASS}::oid
                 AND p.objid = l.lock_key::oid AND p.objsubid = 2) AS lock_held
       FROM board_leases l WHERE l.board_id = $1 AND l.owner_id <> '' AND l.expires_at > now()`,
      [boardId],
    );
    const row = rows[0];
    if (!row || row.owner_id === this.ownerId || (row.locked && !row.lock_held)) return undefined;
    return { boardId, ownerId: row.owner_id, ownerUrl: row.owner_url, epoch: Number(row.epoch), expiresAt: Number(row.expires_ms), locked: row.locked };
  }

  /** The database's cluster secret (vcp_cluster, made by the schema migration): what forwarding peers show each other. */
  async clusterSecret(): Promise<string> {
    const rows = await this.query<{ secret: string }>('SELECT secret FROM vcp_cluster LIMIT 1');
    if (!rows[0]) throw new Error('the database has no cluster secret (vcp_cluster is empty)');
    return rows[0].secret;
  }

  /** Renews every owned lease now; returns the boards that were lost. */
  async renewAll(): Promise<string[]> {
    const lost: string[] = [];
    for (const fence of [...this.fences.values()]) {
      const rows = await this.query<{ ok: boolean }>('SELECT vcp_renew_board($1, $2, $3, $4) AS ok', [
        fence.boardId, this.ownerId, fence.epoch, this.ttlMs,
      ]);
      if (!rows[0]!.ok && this.fences.get(fence.boardId) === fence) {
        this.fences.delete(fence.boardId);
        lost.push(fence.boardId);
      }
    }
    for (const boardId of lost) {
      this.options.onLost?.(boardId);
      this.onLost?.(boardId);
    }
    return lost;
  }

  /** Gives the board up at once (its next claimer need not wait for the TTL). */
  async release(boardId: string): Promise<void> {
    const fence = this.fences.get(boardId);
    if (!fence) return;
    this.fences.delete(boardId);
    await this.query('SELECT vcp_release_board($1, $2, $3)', [boardId, this.ownerId, fence.epoch]);
  }

  /** Releases every board and closes the lease connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.renewTimer);
    for (const boardId of this.ownedBoards()) await this.release(boardId).catch(() => {});
    await this.tail;
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await c?.end();
  }

  /** The server-side process id of the lease connection (tests kill it to play a dead owner). */
  async backendPid(): Promise<number> {
    const rows = await this.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]!.pid;
  }

  private query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const run = async () => (await (await this.connection()).query<R>(text, values)).rows;
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => {});
    return result;
  }

  private scheduleRenewal(): void {
    if (this.renewTimer || this.closed || this.options.autoRenew === false) return;
    this.renewTimer = setTimeout(() => {
      this.renewTimer = undefined;
      void this.renewAll()
        .catch(() => {}) // the next round tries again; the database keeps refusing stale fences meanwhile
        .finally(() => {
          if (this.fences.size > 0) this.scheduleRenewal();
        });
    }, this.renewEveryMs);
    this.renewTimer.unref();
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('board ownership is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const c = new pg.Client({ connectionString: this.options.url, application_name: 'vcp-board leases' });
      const drop = () => {
        if (this.client === c) this.client = undefined;
      };
      c.on('error', drop);
      c.on('end', drop);
      try {
        await c.connect();
        this.client = c;
        return c;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }
}
