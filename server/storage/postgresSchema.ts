/**
 * The PostgreSQL schema behind ./postgres.ts and ./postgresOwnership.ts,
 * migrated in place. Every write the server makes on the hot path is one call
 * of a plpgsql function, i.e. one statement, one transaction and one round
 * trip: the fence check, the sequence numbers and the inserts happen inside
 * the database, where a stale fence is refused before anything is written.
 *
 * Tables (text keys in the "C" collation: byte order, like SQLite's binary
 * order, so a board's docs `id/...` are one index range):
 * - boards, history_snapshots: the board records and their version history;
 * - doc_heads (last seq per doc), doc_updates (the log), doc_snapshots
 *   (the compacted state per doc);
 * - vcp_cluster: the secret forwarding peers show each other (server/cluster/);
 * - board_leases: which process owns which board (owner id, the owner's
 *   internal URL, epoch, expiry, whether it holds the board's advisory lock
 *   `(LOCK_CLASS, lock_key)`); epochs come from one sequence, so they only
 *   grow, also across a board's deletion.
 *
 * Errors raised on purpose carry their own SQLSTATE so the TypeScript side
 * can tell them apart: VCP01 stale fence (DETAIL: the board id), VCP02 stale compaction, VCP03
 * compaction beyond the log, VCP04 not found, VCP05 already exists.
 */
import type pg from 'pg';

/** The advisory-lock class of board leases: `pg_try_advisory_lock(LOCK_CLASS, lock_key)`. */
export const LOCK_CLASS = 0x56435031; // 'VCP1'

/** The class of the per-board transaction locks that order fenced writes against takeovers. */
const FENCE_CLASS = LOCK_CLASS + 1;

/** SQLSTATEs of the errors the functions raise on purpose. */
export const SQLSTATE = {
  staleFence: 'VCP01',
  staleCompaction: 'VCP02',
  beyondLog: 'VCP03',
  notFound: 'VCP04',
  alreadyExists: 'VCP05',
} as const;

// MIGRATIONS[i] upgrades schema version i to i + 1. Append new steps, never edit released ones.
const MIGRATIONS: readonly string[] = [
  // 0 -> 1: boards, documents, version history, leases, and the write functions.
  `
  CREATE TABLE boards (
    id               text COLLATE "C" PRIMARY KEY,
    title            text   NOT NULL,
    created_at       bigint NOT NULL,
    facilitator_hash text   NOT NULL,
    participant_hash text   NOT NULL,
    viewer_hash      text   NOT NULL
  );
  CREATE INDEX boards_by_age ON boards (created_at, id);
  CREATE TABLE doc_heads (
    doc_name text COLLATE "C" PRIMARY KEY,
    last_seq bigint NOT NULL
  );
  CREATE TABLE doc_updates (
    doc_name text COLLATE "C" NOT NULL,
    seq      bigint NOT NULL,
    data     bytea  NOT NULL,
    PRIMARY KEY (doc_name, seq)
  );
  CREATE TABLE doc_snapshots (
    doc_name text COLLATE "C" PRIMARY KEY,
    data     bytea  NOT NULL,
    upto_seq bigint NOT NULL
  );
  CREATE TABLE history_snapshots (
    board_id text COLLATE "C" NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id       text COLLATE "C" NOT NULL,
    at       bigint NOT NULL,
    reason   text   NOT NULL,
    label    text,
    phase    text,
    state    bytea  NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  CREATE INDEX history_snapshots_by_time ON history_snapshots (board_id, at, id);

  CREATE SEQUENCE board_epochs;
  CREATE SEQUENCE board_lock_keys AS integer;
  CREATE TABLE board_leases (
    board_id   text COLLATE "C" PRIMARY KEY,
    lock_key   integer NOT NULL UNIQUE DEFAULT nextval('board_lock_keys'),
    owner_id   text    NOT NULL,   -- '' when free
    owner_url  text    NOT NULL,
    epoch      bigint  NOT NULL,
    expires_at timestamptz NOT NULL,
    locked     boolean NOT NULL    -- whether the owner's session holds the advisory lock
  );

  -- The fence check of every write: for each board written, the caller's epoch
  -- (NULL: the caller owns nothing) must be the lease's. A board nobody owns
  -- takes unfenced writes (a single process, tests); a fence for a board
  -- without an owner is stale. The shared transaction lock (FENCE_CLASS,
  -- lock_key) holds off a takeover (which takes it exclusively) until this
  -- write's transaction ends; the lease is read again once it is held, so a
  -- takeover committed first is seen. (An advisory lock, not FOR SHARE: a
  -- row lock would write the lease row on every append.)
  CREATE FUNCTION vcp_check_fences(board_ids text[], epochs bigint[]) RETURNS void
  LANGUAGE plpgsql AS $$
  DECLARE
    i int;
    k integer;
    lease board_leases;
  BEGIN
    FOR i IN 1 .. coalesce(array_length(board_ids, 1), 0) LOOP
      SELECT lock_key INTO k FROM board_leases WHERE board_id = board_ids[i];
      IF FOUND THEN
        PERFORM pg_advisory_xact_lock_shared(${FENCE_CLASS}, k);
        SELECT * INTO lease FROM board_leases WHERE board_id = board_ids[i];
      END IF;
      IF FOUND AND lease.owner_id <> '' THEN
        IF epochs[i] IS DISTINCT FROM lease.epoch THEN
          RAISE EXCEPTION 'stale fence for board %: this write carries epoch %, the board is owned at epoch % by %',
            to_json(board_ids[i]), coalesce(epochs[i]::text, 'none'), lease.epoch, lease.owner_id
            USING ERRCODE = 'VCP01', DETAIL = board_ids[i];
        END IF;
      ELSIF epochs[i] IS NOT NULL THEN
        RAISE EXCEPTION 'stale fence for board %: this write carries epoch %, the board has no owner',
          to_json(board_ids[i]), epochs[i] USING ERRCODE = 'VCP01', DETAIL = board_ids[i];
      END IF;
    END LOOP;
  END $$;

  -- Appends one batch (updates packed back to back in one bytea): fence
  -- check, then per update the doc's next seq and the insert. One call, one
  -- transaction: all or nothing.
  CREATE FUNCTION vcp_append(doc_names text[], packed bytea, lengths int[], board_ids text[], epochs bigint[])
  RETURNS bigint[] LANGUAGE plpgsql AS $$
  DECLARE
    seqs bigint[] := '{}';
    s bigint;
    i int;
    off int := 1;
  BEGIN
    PERFORM vcp_check_fences(board_ids, epochs);
    FOR i IN 1 .. coalesce(array_length(doc_names, 1), 0) LOOP
      INSERT INTO doc_heads AS h (doc_name, last_seq) VALUES (doc_names[i], 1)
        ON CONFLICT (doc_name) DO UPDATE SET last_seq = h.last_seq + 1
        RETURNING h.last_seq INTO s;
      INSERT INTO doc_updates (doc_name, seq, data) VALUES (doc_names[i], s, substring(packed FROM off FOR lengths[i]));
      off := off + lengths[i];
      seqs := seqs || s;
    END LOOP;
    RETURN seqs;
  END $$;

  CREATE FUNCTION vcp_compact(doc text, snapshot bytea, upto bigint, board_id text, epoch bigint)
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    prev bigint;
    last bigint;
  BEGIN
    PERFORM vcp_check_fences(ARRAY[board_id], ARRAY[epoch]);
    -- The head row first: appends to this doc wait until the compaction is done.
    SELECT last_seq INTO last FROM doc_heads WHERE doc_name = doc FOR UPDATE;
    SELECT upto_seq INTO prev FROM doc_snapshots WHERE doc_name = doc FOR UPDATE;
    IF prev IS NOT NULL AND upto < prev THEN
      RAISE EXCEPTION 'stale compaction of %: uptoSeq % < current snapshot point %', to_json(doc), upto, prev
        USING ERRCODE = 'VCP02';
    END IF;
    IF upto > coalesce(last, 0) THEN
      RAISE EXCEPTION 'compaction of % beyond log end: uptoSeq % > lastSeq %', to_json(doc), upto, coalesce(last, 0)
        USING ERRCODE = 'VCP03';
    END IF;
    INSERT INTO doc_snapshots (doc_name, data, upto_seq) VALUES (doc, snapshot, upto)
      ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq;
    DELETE FROM doc_updates WHERE doc_name = doc AND seq <= upto;
  END $$;

  CREATE FUNCTION vcp_put_snapshot(board text, snap_id text, snap_at bigint, snap_reason text, snap_label text,
                                   snap_phase text, snap_state bytea, epoch bigint)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM vcp_check_fences(ARRAY[board], ARRAY[epoch]);
    PERFORM 1 FROM boards WHERE id = board FOR SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'board % not found', to_json(board) USING ERRCODE = 'VCP04';
    END IF;
    INSERT INTO history_snapshots (board_id, id, at, reason, label, phase, state)
      VALUES (board, snap_id, snap_at, snap_reason, snap_label, snap_phase, snap_state)
      ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'snapshot % already exists', to_json(snap_id) USING ERRCODE = 'VCP05';
    END IF;
  END $$;

  CREATE FUNCTION vcp_create_board(board text, board_title text, created_ms bigint, f_hash text, p_hash text, v_hash text,
                                   doc_names text[], packed bytea, lengths int[], epoch bigint)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO boards VALUES (board, board_title, created_ms, f_hash, p_hash, v_hash) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'board % already exists', to_json(board) USING ERRCODE = 'VCP05';
    END IF;
    PERFORM vcp_append(doc_names, packed, lengths, ARRAY[board], ARRAY[epoch]);
  END $$;

  -- Docs 'id' and 'id/...' as an index range ('0' follows '/').
  CREATE FUNCTION vcp_delete_board(board text) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM doc_updates WHERE doc_name = board OR (doc_name >= board || '/' AND doc_name < board || '0');
    DELETE FROM doc_snapshots WHERE doc_name = board OR (doc_name >= board || '/' AND doc_name < board || '0');
    DELETE FROM doc_heads WHERE doc_name = board OR (doc_name >= board || '/' AND doc_name < board || '0');
    DELETE FROM boards WHERE id = board; -- history_snapshots cascade
    DELETE FROM board_leases WHERE board_id = board;
  END $$;

  -- Whether this session holds the advisory lock of lease key k.
  CREATE FUNCTION vcp_holds_lock(k integer) RETURNS boolean LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                   AND classid = ${LOCK_CLASS}::oid AND objid = k::oid AND objsubid = 2)
  $$;

  -- Claims board b for owner me (unique per process), run on the owner's lease
  -- session. Takes over a free or expired lease, or one whose owner held the
  -- board's advisory lock and no longer does (its session ended: the process
  -- died). Renews it when it is already me's. Returns the lease as it now is.
  CREATE FUNCTION vcp_claim_board(b text, me text, me_url text, ttl_ms bigint)
  RETURNS TABLE (claimed boolean, epoch bigint, owner_id text, owner_url text, expires_ms bigint, locked boolean)
  LANGUAGE plpgsql AS $$
  DECLARE
    cur board_leases;
    got boolean;
  BEGIN
    -- (Checked first: an INSERT that conflicts would still draw a lock key from the sequence.)
    IF NOT EXISTS (SELECT 1 FROM board_leases l WHERE l.board_id = b) THEN
      INSERT INTO board_leases (board_id, owner_id, owner_url, epoch, expires_at, locked)
        VALUES (b, '', '', 0, '-infinity', false) ON CONFLICT DO NOTHING;
    END IF;
    SELECT * INTO cur FROM board_leases l WHERE l.board_id = b FOR UPDATE;
    -- Never lock twice: session locks stack, and one unlock would then not free it.
    got := vcp_holds_lock(cur.lock_key);
    IF NOT got THEN got := pg_try_advisory_lock(${LOCK_CLASS}, cur.lock_key); END IF;
    IF cur.owner_id = me THEN
      UPDATE board_leases l SET expires_at = now() + ttl_ms * interval '1 millisecond', locked = got
        WHERE l.board_id = b RETURNING * INTO cur;
    ELSIF cur.expires_at < now() OR (got AND cur.locked) THEN
      -- Wait for the writes in flight under the old epoch; later ones see the new one.
      PERFORM pg_advisory_xact_lock(${FENCE_CLASS}, cur.lock_key);
      UPDATE board_leases l SET owner_id = me, owner_url = me_url, epoch = nextval('board_epochs'),
          expires_at = now() + ttl_ms * interval '1 millisecond', locked = got
        WHERE l.board_id = b RETURNING * INTO cur;
    ELSE
      IF got THEN PERFORM pg_advisory_unlock(${LOCK_CLASS}, cur.lock_key); END IF;
      RETURN QUERY SELECT false, cur.epoch, cur.owner_id, cur.owner_url,
        (extract(epoch FROM cur.expires_at) * 1000)::bigint, cur.locked;
      RETURN;
    END IF;
    RETURN QUERY SELECT true, cur.epoch, cur.owner_id, cur.owner_url,
      (extract(epoch FROM cur.expires_at) * 1000)::bigint, cur.locked;
  END $$;

  -- Renews me's lease of b at epoch e; false (and the lock let go) when it is no longer me's.
  CREATE FUNCTION vcp_renew_board(b text, me text, e bigint, ttl_ms bigint) RETURNS boolean
  LANGUAGE plpgsql AS $$
  DECLARE
    cur board_leases;
    got boolean;
  BEGIN
    SELECT * INTO cur FROM board_leases l WHERE l.board_id = b FOR UPDATE;
    IF NOT FOUND THEN RETURN false; END IF;
    IF cur.owner_id <> me OR cur.epoch <> e THEN
      IF vcp_holds_lock(cur.lock_key) THEN PERFORM pg_advisory_unlock(${LOCK_CLASS}, cur.lock_key); END IF;
      RETURN false;
    END IF;
    -- Never lock twice: session locks stack, and one unlock would then not free it.
    got := vcp_holds_lock(cur.lock_key);
    IF NOT got THEN got := pg_try_advisory_lock(${LOCK_CLASS}, cur.lock_key); END IF;
    UPDATE board_leases l SET expires_at = now() + ttl_ms * interval '1 millisecond', locked = got WHERE l.board_id = b;
    RETURN true;
  END $$;

  -- Gives b up (if it is still me's at epoch e): free at once for the next claim.
  CREATE FUNCTION vcp_release_board(b text, me text, e bigint) RETURNS void
  LANGUAGE plpgsql AS $$
  DECLARE
    cur board_leases;
  BEGIN
    SELECT * INTO cur FROM board_leases l WHERE l.board_id = b FOR UPDATE;
    IF NOT FOUND THEN RETURN; END IF;
    IF cur.owner_id = me AND cur.epoch = e THEN
      UPDATE board_leases l SET owner_id = '', owner_url = '', expires_at = '-infinity', locked = false WHERE l.board_id = b;
    END IF;
    IF vcp_holds_lock(cur.lock_key) THEN PERFORM pg_advisory_unlock(${LOCK_CLASS}, cur.lock_key); END IF;
  END $$;
  `,
  // 1 -> 2: the cluster secret: what a process forwarding a request to a board's owner shows it
  // (server/cluster/), so a client cannot pose as a forwarding peer. Random, made once per database
  // (gen_random_uuid draws from the server's strong random source); CLUSTER_SECRET overrides it.
  `
  CREATE TABLE vcp_cluster (secret text NOT NULL);
  INSERT INTO vcp_cluster (secret) VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
  `,
  // 2 -> 3: who saved a manual snapshot ('facilitator' | 'participant'; NULL otherwise and on older
  // rows), written by a new overload of vcp_put_snapshot (the old one stays for processes not yet upgraded).
  `
  ALTER TABLE history_snapshots ADD COLUMN saved_by text;
  CREATE FUNCTION vcp_put_snapshot(board text, snap_id text, snap_at bigint, snap_reason text, snap_label text,
                                   snap_phase text, snap_state bytea, snap_saved_by text, epoch bigint)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM vcp_check_fences(ARRAY[board], ARRAY[epoch]);
    PERFORM 1 FROM boards WHERE id = board FOR SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'board % not found', to_json(board) USING ERRCODE = 'VCP04';
    END IF;
    INSERT INTO history_snapshots (board_id, id, at, reason, label, phase, saved_by, state)
      VALUES (board, snap_id, snap_at, snap_reason, snap_label, snap_phase, snap_saved_by, snap_state)
      ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'snapshot % already exists', to_json(snap_id) USING ERRCODE = 'VCP05';
    END IF;
  END $$;
  `,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Creates or upgrades the schema. Several processes may start at once: a
 * transaction-level advisory lock lets one migrate while the others wait,
 * then find the work done.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, 0)`);
    await client.query('CREATE TABLE IF NOT EXISTS vcp_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM vcp_schema');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO vcp_schema (version) VALUES (0)');
    if (version > PG_SCHEMA_VERSION) {
      throw new Error(`PostgreSQL schema version ${version} is newer than this build supports (${PG_SCHEMA_VERSION}); upgrade the server`);
    }
    for (; version < PG_SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version]!);
      await client.query('UPDATE vcp_schema SET version = $1', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
