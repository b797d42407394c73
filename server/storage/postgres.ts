/**
 * PostgreSQL implementation of BoardStorage (`pg`, pure JavaScript), for
 * running several server processes on one system of record. Loaded only when
 * DATABASE_URL is set (server/main.ts imports it dynamically); schema and
 * write functions in ./postgresSchema.ts.
 *
 * - One connection, used one call at a time in call order: like the SQLite
 *   worker, a read sees every write called before it and concurrent appends
 *   get seqs in call order. A lost connection fails the
 *   calls on it (the write batcher retries; a retried append whose first
 *   attempt did commit stores a Yjs update twice, which Yjs ignores) and the
 *   next call opens a new one.
 * - Every write is one function call: one statement, one transaction, one
 *   round trip (./postgresSchema.ts). Commits wait for the WAL flush
 *   (synchronous_commit on, PostgreSQL's default, is required: checked at open).
 * - Fences: with `ownership` (./postgresOwnership.ts), every append,
 *   compaction and history snapshot carries, for each board it writes, this
 *   process's fence (board id, epoch) or none; the database refuses a write
 *   whose fence is not the board's current lease (StaleFenceError) and writes
 *   nothing.
 */
import pg from 'pg';
import { checkedStorage } from './checked.ts';
import { migratePostgres, SQLSTATE } from './postgresSchema.ts';
import type { BoardRecord, BoardStorage, DocUpdate, SecretRole, SnapshotMeta, SnapshotReason, SnapshotSaver, StoredDoc } from './types.ts';

/** The boards table's column of each role's secret hash (a fixed list: never a caller's string in SQL). */
const HASH_COLUMNS: Record<SecretRole, string> = { facilitator: 'facilitator_hash', participant: 'participant_hash', viewer: 'viewer_hash' };

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /**
   * Whose fences the writes carry (a BoardOwnership, ./postgresOwnership.ts);
   * without it writes carry none, which only boards nobody owns accept.
   */
  ownership?: { fenceOf(boardId: string): { epoch: number } | undefined };
}

export interface PostgresStorage extends BoardStorage {
  readonly kind: 'postgres';
}

/**
 * A write refused by the database because its fence (board id, epoch) is not
 * the board's current lease: another process owns `boardId` now. Retrying is
 * pointless; the write batcher drops that board's writes (never acknowledged).
 */
export class StaleFenceError extends Error {
  override readonly name = 'StaleFenceError';
  readonly code = 'STALE_FENCE';
  constructor(
    message: string,
    /** The board whose write was refused. */
    readonly boardId: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The board a doc belongs to (`id` of `id` and `id/...`). */
export function boardOfDoc(docName: string): string {
  const slash = docName.indexOf('/');
  return slash < 0 ? docName : docName.slice(0, slash);
}

/** A plain Uint8Array view of a Buffer from the driver (the contract returns plain Uint8Arrays). */
function toU8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A Buffer view (no copy) so the driver sends it as binary bytea. */
function toBuf(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** The updates of a batch back to back in one bytea, with their lengths: one parameter however many updates. */
function pack(batch: readonly DocUpdate[]): { names: string[]; packed: Buffer; lengths: number[] } {
  return {
    names: batch.map((u) => u.docName),
    packed: Buffer.concat(batch.map((u) => toBuf(u.update))),
    lengths: batch.map((u) => u.update.byteLength),
  };
}

/** The driver's error as the contract's: our SQLSTATEs become plain errors with the database's message. */
function translate(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === SQLSTATE.staleFence) return new StaleFenceError(message, String((error as { detail?: unknown }).detail ?? ''), { cause: error });
  if (typeof code === 'string' && code.startsWith('VCP')) return new Error(message, { cause: error });
  return error instanceof Error ? error : new Error(message);
}

interface BoardRow {
  id: string;
  title: string;
  created_at: string;
  facilitator_hash: string;
  participant_hash: string;
  viewer_hash: string;
}

function rowToBoard(r: BoardRow): BoardRecord {
  return {
    id: r.id,
    title: r.title,
    createdAt: Number(r.created_at),
    secretHashes: { facilitator: r.facilitator_hash, participant: r.participant_hash, viewer: r.viewer_hash },
  };
}

interface SnapshotRow {
  id: string;
  at: string;
  reason: string;
  label: string | null;
  phase: string | null;
  saved_by: string | null;
  bytes: number;
}

function rowToSnapshotMeta(r: SnapshotRow): SnapshotMeta {
  const meta: SnapshotMeta = { id: r.id, at: Number(r.at), reason: r.reason as SnapshotReason, bytes: r.bytes };
  if (r.label !== null) meta.label = r.label;
  if (r.phase !== null) meta.phase = r.phase;
  if (r.saved_by !== null) meta.savedBy = r.saved_by as SnapshotSaver;
  return meta;
}

/** Opens (creating or migrating the schema if needed) the PostgreSQL storage at `opts.url`. */
export async function openPostgresStorage(opts: PostgresStorageOptions): Promise<PostgresStorage> {
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;

  /** The connection, (re)opened on demand; a broken one is dropped so the next call opens a new one. */
  function connection(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: opts.url, application_name: 'vcp-board storage' });
      c.on('error', () => {
        if (client === c) client = undefined;
      });
      c.on('end', () => {
        if (client === c) client = undefined;
      });
      try {
        await c.connect();
      } catch (error) {
        connecting = undefined;
        throw error;
      }
      client = c;
      connecting = undefined;
      return c;
    })();
    return connecting;
  }

  /** The last call queued: each call starts when the one before it has settled (call order, one at a time). */
  let tail: Promise<unknown> = Promise.resolve();

  function query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const run = async () => {
      const c = await connection();
      try {
        return (await c.query<R>(text, values)).rows;
      } catch (error) {
        throw translate(error);
      }
    };
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  }

  /** The fence epoch this process holds for each board, or null. */
  function fences(boardIds: readonly string[]): (number | null)[] {
    return boardIds.map((id) => opts.ownership?.fenceOf(id)?.epoch ?? null);
  }

  const first = await connection();
  try {
    const { rows } = await first.query<{ sync: string }>("SELECT current_setting('synchronous_commit') AS sync");
    if (rows[0]?.sync === 'off') {
      throw new Error('synchronous_commit is off on this database: an acknowledged write could be lost; turn it on');
    }
    await migratePostgres(first);
  } catch (error) {
    await first.end().catch(() => {});
    throw error;
  }

  return checkedStorage<PostgresStorage>({
    kind: 'postgres',

    async createBoard(record, initial = []) {
      const h = record.secretHashes;
      const { names, packed, lengths } = pack(initial);
      await query('SELECT vcp_create_board($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
        record.id, record.title, record.createdAt, h.facilitator, h.participant, h.viewer, names, packed, lengths,
        fences([record.id])[0],
      ]);
    },

    async getBoard(id) {
      const [row] = await query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
      return row ? rowToBoard(row) : undefined;
    },

    async updateTitle(id, title) {
      const rows = await query('UPDATE boards SET title = $2 WHERE id = $1 RETURNING id', [id, title]);
      if (rows.length === 0) throw new Error(`board ${JSON.stringify(id)} not found`);
    },

    async updateSecretHash(id, role, hash) {
      const column = HASH_COLUMNS[role];
      const rows = await query(`UPDATE boards SET ${column} = $2 WHERE id = $1 RETURNING id`, [id, hash]);
      if (rows.length === 0) throw new Error(`board ${JSON.stringify(id)} not found`);
    },

    async listBoards() {
      return (await query<BoardRow>('SELECT * FROM boards ORDER BY created_at, id')).map(rowToBoard);
    },

    async deleteBoard(id) {
      await query('SELECT vcp_delete_board($1)', [id]);
    },

    async load(docName): Promise<StoredDoc> {
      // One statement: one consistent view of snapshot, log and head.
      const rows = await query<{ kind: number; seq: string; data: Buffer | null }>(
        `SELECT 0 AS kind, upto_seq AS seq, data FROM doc_snapshots WHERE doc_name = $1
         UNION ALL SELECT 1, last_seq, NULL FROM doc_heads WHERE doc_name = $1
         UNION ALL SELECT 2, seq, data FROM doc_updates WHERE doc_name = $1
         ORDER BY 1, 2`,
        [docName],
      );
      let snapshot: Uint8Array | null = null;
      let lastSeq = 0;
      let logBytes = 0;
      const updates: Uint8Array[] = [];
      for (const r of rows) {
        if (r.kind === 0) {
          snapshot = toU8(r.data!);
          lastSeq = Math.max(lastSeq, Number(r.seq));
        } else if (r.kind === 1) {
          lastSeq = Math.max(lastSeq, Number(r.seq));
        } else {
          updates.push(toU8(r.data!));
          logBytes += r.data!.byteLength;
        }
      }
      return { snapshot, updates, lastSeq, logBytes };
    },

    async append(batch) {
      const { names, packed, lengths } = pack(batch);
      const boards = [...new Set(names.map(boardOfDoc))];
      const [row] = await query<{ seqs: string[] }>('SELECT vcp_append($1, $2, $3, $4, $5) AS seqs', [
        names, packed, lengths, boards, fences(boards),
      ]);
      return row!.seqs.map(Number);
    },

    async compact(docName, snapshot, uptoSeq) {
      const board = boardOfDoc(docName);
      await query('SELECT vcp_compact($1, $2, $3, $4, $5)', [docName, toBuf(snapshot), uptoSeq, board, fences([board])[0]]);
    },

    async putSnapshot(boardId, s) {
      await query('SELECT vcp_put_snapshot($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        boardId, s.id, s.at, s.reason, s.label ?? null, s.phase ?? null, toBuf(s.state), s.savedBy ?? null, fences([boardId])[0],
      ]);
    },

    async listSnapshots(boardId) {
      const rows = await query<SnapshotRow>(
        `SELECT id, at, reason, label, phase, saved_by, length(state) AS bytes FROM history_snapshots
         WHERE board_id = $1 ORDER BY at, id`,
        [boardId],
      );
      return rows.map(rowToSnapshotMeta);
    },

    async getSnapshot(boardId, id) {
      const [row] = await query<SnapshotRow & { state: Buffer }>(
        `SELECT id, at, reason, label, phase, saved_by, length(state) AS bytes, state FROM history_snapshots
         WHERE board_id = $1 AND id = $2`,
        [boardId, id],
      );
      return row ? { ...rowToSnapshotMeta(row), state: toU8(row.state) } : undefined;
    },

    async deleteSnapshots(boardId, ids) {
      const rows = await query('DELETE FROM history_snapshots WHERE board_id = $1 AND id = ANY($2) RETURNING id', [
        boardId, [...new Set(ids)],
      ]);
      return rows.length;
    },

    async close() {
      await tail; // every call made before close() is answered first
      const c = client ?? (connecting ? await connecting.catch(() => undefined) : undefined);
      client = undefined;
      await c?.end();
    },
  });
}
