/**
 * Worker thread behind `openSqliteWorkerStorage` (./sqliteWorker.ts). Owns the
 * read-write connection, opened (pragmas, migrations) by the same SQLite code
 * as everywhere else (without the argument checks: the calling thread made
 * them before posting), and runs requests one at a time in
 * arrival order, so an fsync of a commit blocks this thread, not the server's
 * event loop. Each answer is posted only after the call returned, i.e. after
 * the transaction has committed (synchronous = FULL: fsync'd).
 *
 * WAL checkpoints run here between requests, never inside a commit (see
 * sqliteSchema.ts): once CHECKPOINT_AFTER_WRITES writes (or
 * CHECKPOINT_AFTER_BYTES) have been answered, a checkpoint runs after the
 * messages that arrived meanwhile have been handled (setImmediate: the check
 * phase, after the port's queue was drained), or before the next write if that
 * comes first: on a busy machine the caller's next request can arrive while
 * this thread is still draining the port, again and again, and the check phase
 * never comes (the WAL then grew past its usual size under the full test suite).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openUncheckedSqliteStorage, type UncheckedSqliteStorage } from './sqlite.ts';
import type { SqliteStorageOptions } from './sqliteSchema.ts';
import {
  packBytes,
  serializeError,
  unpackBytes,
  type ExitOnNextRequest,
  type PackedBatch,
  type WireHistorySnapshot,
  type WireStoredDoc,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerStartup,
} from './sqliteWorkerProtocol.ts';
import type { BoardStorage, DocUpdate } from './types.ts';

const port = parentPort;
if (!port) throw new Error('sqliteWorkerThread.ts must run in a worker thread (see sqliteWorker.ts)');

function unpackBatch(b: PackedBatch): DocUpdate[] {
  const updates = unpackBytes(b.bytes);
  return b.docNames.map((docName, i) => ({ docName, update: updates[i]! }));
}

/** Runs one request; returns the value to post and the buffers to transfer with it. */
async function run(s: BoardStorage, req: WorkerRequest): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
  switch (req.op) {
    case 'createBoard':
      return { value: await s.createBoard(req.record, unpackBatch(req.initial)) };
    case 'getBoard':
      return { value: await s.getBoard(req.boardId) };
    case 'updateTitle':
      return { value: await s.updateTitle(req.boardId, req.title) };
    case 'updateSecretHash':
      return { value: await s.updateSecretHash(req.boardId, req.role, req.hash) };
    case 'listBoards':
      return { value: await s.listBoards() };
    case 'deleteBoard':
      return { value: await s.deleteBoard(req.boardId) };
    case 'load': {
      const doc = await s.load(req.docName);
      const parts = doc.snapshot ? [doc.snapshot, ...doc.updates] : doc.updates;
      const value: WireStoredDoc = { hasSnapshot: doc.snapshot !== null, bytes: packBytes(parts), lastSeq: doc.lastSeq, logBytes: doc.logBytes };
      return { value, transfer: [value.bytes.buffer] };
    }
    case 'append':
      return { value: await s.append(unpackBatch(req.batch)) };
    case 'compact':
      return { value: await s.compact(req.docName, new Uint8Array(req.snapshot), req.uptoSeq) };
    case 'putSnapshot':
      return { value: await s.putSnapshot(req.boardId, { ...req.snapshot, state: new Uint8Array(req.snapshot.state) }) };
    case 'listSnapshots':
      return { value: await s.listSnapshots(req.boardId) };
    case 'getSnapshot': {
      const found = await s.getSnapshot(req.boardId, req.snapshotId);
      if (!found) return { value: undefined };
      const state = found.state.slice().buffer; // exact-size copy of the row's bytes: transferable
      const value: WireHistorySnapshot = { ...found, state };
      return { value, transfer: [state] };
    }
    case 'deleteSnapshots':
      return { value: await s.deleteSnapshots(req.boardId, req.ids) };
    case 'close':
      return { value: await s.close() };
  }
}

/** Checkpoint once this many writes were answered since the last one (a few pages each)... */
const CHECKPOINT_AFTER_WRITES = 64;
/** ...or this many bytes written (a compaction, an import). */
const CHECKPOINT_AFTER_BYTES = 1 << 20;

const WRITES = new Set<WorkerRequest['op']>(['createBoard', 'updateTitle', 'updateSecretHash', 'deleteBoard', 'append', 'compact', 'putSnapshot', 'deleteSnapshots']);

/** Bytes a request writes (roughly: what decides how many WAL pages it adds). */
function writtenBytes(req: WorkerRequest): number {
  switch (req.op) {
    case 'append':
      return req.batch.bytes.buffer.byteLength;
    case 'createBoard':
      return req.initial.bytes.buffer.byteLength;
    case 'compact':
      return req.snapshot.byteLength;
    case 'putSnapshot':
      return req.snapshot.state.byteLength;
    default:
      return 0;
  }
}

function openStorage(): UncheckedSqliteStorage | undefined {
  try {
    return openUncheckedSqliteStorage({ ...(workerData as Omit<SqliteStorageOptions, 'readonly'>), readonly: false, checkpoints: 'between-commits' });
  } catch (error) {
    port!.postMessage({ type: 'open-failed', error: serializeError(error) } satisfies WorkerStartup);
    port!.close(); // nothing else to do: the thread ends
    return undefined;
  }
}

const storage = openStorage();
if (storage) {
  let exitOnNext: number | undefined;
  let writes = 0;
  let bytes = 0;
  let checkpointQueued = false;
  let closed = false;
  const checkpoint = () => {
    checkpointQueued = false;
    if (closed) return;
    writes = 0;
    bytes = 0;
    try {
      storage.checkpoint();
    } catch {
      // A checkpoint that fails (SQLITE_BUSY under a reader's lock) is retried after the next writes.
    }
  };
  const afterWrite = (req: WorkerRequest) => {
    writes++;
    bytes += writtenBytes(req);
    if (checkpointQueued || (writes < CHECKPOINT_AFTER_WRITES && bytes < CHECKPOINT_AFTER_BYTES)) return;
    checkpointQueued = true;
    setImmediate(() => checkpointQueued && checkpoint());
  };
  port.on('message', (msg: WorkerRequest | ExitOnNextRequest) => {
    if ('type' in msg) {
      if (msg.type === 'test:exit-on-next-request') exitOnNext = msg.code;
      return;
    }
    if (exitOnNext !== undefined) process.exit(exitOnNext); // ends this thread only
    if (msg.op === 'close') closed = true;
    else if (checkpointQueued && WRITES.has(msg.op)) checkpoint(); // due, and the check phase has not come
    // The storage call itself runs synchronously inside run(), so requests execute in arrival order.
    run(storage, msg).then(
      ({ value, transfer }) => {
        port.postMessage({ id: msg.id, ok: true, value } satisfies WorkerResponse, transfer ?? []);
        if (WRITES.has(msg.op)) afterWrite(msg);
      },
      (error: unknown) => port.postMessage({ id: msg.id, ok: false, error: serializeError(error) } satisfies WorkerResponse),
    ).finally(() => {
      if (msg.op === 'close') port.close(); // the answer is queued before the port closes; the thread then ends
    });
  });
  port.postMessage({ type: 'ready' } satisfies WorkerStartup);
}
