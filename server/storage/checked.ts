/**
 * The one place where storage arguments are checked: `checkedStorage` wraps
 * any BoardStorage so that every call is refused after close() and every
 * argument is checked, with the same errors for every implementation, before
 * the implementation runs (callers may be plain JS or data decoded from the
 * wire). Implementations therefore only ever see valid arguments.
 */
import {
  docBelongsToBoard,
  SNAPSHOT_REASONS,
  SNAPSHOT_SAVERS,
  type BoardRecord,
  type BoardRecords,
  type BoardStorage,
  type DocLog,
  type DocUpdate,
  type HistorySnapshots,
  type NewSnapshot,
} from './types.ts';

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function assertBoardId(id: unknown): asserts id is string {
  if (!isNonEmptyString(id) || id.includes('/')) {
    throw new TypeError(`invalid board id ${JSON.stringify(id)}: must be a non-empty string without '/'`);
  }
}

function assertDocName(docName: unknown): asserts docName is string {
  if (!isNonEmptyString(docName) || docName.startsWith('/')) {
    throw new TypeError(`invalid docName ${JSON.stringify(docName)}: must be '<boardId>' or '<boardId>/<sub>'`);
  }
}

function assertBytes(what: string, v: unknown): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
}

function assertBoardRecord(r: unknown): asserts r is BoardRecord {
  if (typeof r !== 'object' || r === null) throw new TypeError('board record must be an object');
  const rec = r as Partial<BoardRecord>;
  assertBoardId(rec.id);
  if (typeof rec.title !== 'string') throw new TypeError('board title must be a string');
  if (typeof rec.createdAt !== 'number' || !Number.isFinite(rec.createdAt)) {
    throw new TypeError('board createdAt must be a finite number');
  }
  const h = rec.secretHashes;
  if (typeof h !== 'object' || h === null) throw new TypeError('board secretHashes must be an object');
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    if (typeof h[role] !== 'string') throw new TypeError(`board secretHashes.${role} must be a string`);
  }
}

function assertDocUpdateBatch(batch: unknown): asserts batch is DocUpdate[] {
  if (!Array.isArray(batch)) throw new TypeError('update batch must be an array');
  batch.forEach((u: unknown, i) => {
    if (typeof u !== 'object' || u === null) throw new TypeError(`batch[${i}] must be an object`);
    const du = u as Partial<DocUpdate>;
    assertDocName(du.docName);
    assertBytes(`batch[${i}].update`, du.update);
  });
}

function assertSeq(what: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new TypeError(`${what} must be a non-negative safe integer`);
  }
}

const SNAPSHOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function assertSnapshotId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !SNAPSHOT_ID.test(id)) {
    throw new TypeError(`invalid snapshot id ${JSON.stringify(id)}: must be 1-64 letters, digits, '-' or '_'`);
  }
}

function assertNewSnapshot(s: unknown): asserts s is NewSnapshot {
  if (typeof s !== 'object' || s === null) throw new TypeError('snapshot must be an object');
  const snap = s as Partial<NewSnapshot>;
  assertSnapshotId(snap.id);
  if (typeof snap.at !== 'number' || !Number.isSafeInteger(snap.at)) throw new TypeError('snapshot at must be an integer (ms epoch)');
  if (!(SNAPSHOT_REASONS as readonly unknown[]).includes(snap.reason)) {
    throw new TypeError(`snapshot reason must be one of ${SNAPSHOT_REASONS.join(', ')}`);
  }
  if (snap.label !== undefined && (typeof snap.label !== 'string' || snap.label.length > 200)) {
    throw new TypeError('snapshot label must be a string of at most 200 characters');
  }
  if (snap.phase !== undefined && (typeof snap.phase !== 'string' || snap.phase.length > 64)) {
    throw new TypeError('snapshot phase must be a string of at most 64 characters');
  }
  if (snap.savedBy !== undefined && (snap.reason !== 'manual' || !(SNAPSHOT_SAVERS as readonly unknown[]).includes(snap.savedBy))) {
    throw new TypeError(`snapshot savedBy must be one of ${SNAPSHOT_SAVERS.join(', ')}, on a manual snapshot only`);
  }
  assertBytes('snapshot state', snap.state);
}

function assertSnapshotIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids)) throw new TypeError('snapshot ids must be an array');
  ids.forEach((id: unknown) => assertSnapshotId(id));
}


/** What every call after close() rejects with. */
const CLOSED_MESSAGE = 'BoardStorage is closed';

function assertString(what: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
}

/** Throws once the storage is closed. */
type OpenCheck = () => void;

function checkedBoardRecords(impl: BoardRecords, open: OpenCheck): BoardRecords {
  return {
    async createBoard(record, initial = []) {
      open();
      assertBoardRecord(record);
      assertDocUpdateBatch(initial);
      for (const u of initial) {
        if (!docBelongsToBoard(u.docName, record.id)) {
          throw new Error(`initial update for ${JSON.stringify(u.docName)} does not belong to board ${record.id}`);
        }
      }
      return impl.createBoard(record, initial);
    },
    async getBoard(id) {
      open();
      assertString('board id', id);
      return impl.getBoard(id);
    },
    async updateTitle(id, title) {
      open();
      assertString('board id', id);
      assertString('board title', title);
      return impl.updateTitle(id, title);
    },
    async updateSecretHash(id, role, hash) {
      open();
      assertString('board id', id);
      if (role !== 'facilitator' && role !== 'participant' && role !== 'viewer') throw new TypeError(`unknown secret role ${JSON.stringify(role)}`);
      assertString('secret hash', hash);
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new TypeError('secret hash must be 64 hex digits (SHA-256)');
      return impl.updateSecretHash(id, role, hash);
    },
    async listBoards() {
      open();
      return impl.listBoards();
    },
    async deleteBoard(id) {
      open();
      assertBoardId(id);
      return impl.deleteBoard(id);
    },
  };
}

function checkedDocLog(impl: DocLog, open: OpenCheck): DocLog {
  return {
    async load(docName) {
      open();
      assertDocName(docName);
      return impl.load(docName);
    },
    async append(batch) {
      open();
      assertDocUpdateBatch(batch);
      return batch.length === 0 ? [] : impl.append(batch);
    },
    async compact(docName, snapshot, uptoSeq) {
      open();
      assertDocName(docName);
      assertBytes('snapshot', snapshot);
      assertSeq('uptoSeq', uptoSeq);
      return impl.compact(docName, snapshot, uptoSeq);
    },
  };
}

function checkedHistorySnapshots(impl: HistorySnapshots, open: OpenCheck): HistorySnapshots {
  return {
    async putSnapshot(boardId, snapshot) {
      open();
      assertBoardId(boardId);
      assertNewSnapshot(snapshot);
      return impl.putSnapshot(boardId, snapshot);
    },
    async listSnapshots(boardId) {
      open();
      assertBoardId(boardId);
      return impl.listSnapshots(boardId);
    },
    async getSnapshot(boardId, id) {
      open();
      assertBoardId(boardId);
      assertSnapshotId(id);
      return impl.getSnapshot(boardId, id);
    },
    async deleteSnapshots(boardId, ids) {
      open();
      assertBoardId(boardId);
      assertSnapshotIds(ids);
      return ids.length === 0 ? 0 : impl.deleteSnapshots(boardId, ids);
    },
  };
}

/**
 * `impl` behind the checks of the BoardStorage contract (./types.ts), one
 * concern at a time. Other members of `impl` (the worker storage's `worker`,
 * the PostgreSQL storage's `ownership`, …) are kept as they are.
 * Calls with nothing to do (an empty batch, no snapshot ids) answer at once.
 */
export function checkedStorage<S extends BoardStorage>(impl: S): S {
  let closed = false;
  const open = () => {
    if (closed) throw new Error(CLOSED_MESSAGE);
  };
  return {
    ...impl,
    ...checkedBoardRecords(impl, open),
    ...checkedDocLog(impl, open),
    ...checkedHistorySnapshots(impl, open),
    async close() {
      if (closed) return;
      closed = true;
      await impl.close();
    },
  };
}
