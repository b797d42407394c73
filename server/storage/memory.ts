/**
 * In-memory BoardStorage: for tests that need no disk, and a second implementation
 * keeping the interface honest. Byte arrays are copied on the way in and out, so
 * callers can neither mutate stored data nor be surprised by aliasing.
 *
 * Arguments are checked before any of this runs (./checked.ts); the checks
 * left here come before any mutation and the mutations themselves cannot
 * throw, which gives the same all-or-nothing behaviour as the SQLite transactions.
 */
import { checkedStorage } from './checked.ts';
import { docBelongsToBoard } from './types.ts';
import type { BoardRecord, BoardStorage, DocUpdate, HistorySnapshot, SnapshotMeta, StoredDoc } from './types.ts';

interface MemDoc {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  log: { seq: number; data: Uint8Array }[];
}

function copyBoard(r: BoardRecord): BoardRecord {
  return {
    id: r.id,
    title: r.title,
    createdAt: r.createdAt,
    secretHashes: {
      facilitator: r.secretHashes.facilitator,
      participant: r.secretHashes.participant,
      viewer: r.secretHashes.viewer,
    },
  };
}

function snapshotMeta(s: HistorySnapshot): SnapshotMeta {
  const meta: SnapshotMeta = { id: s.id, at: s.at, reason: s.reason, bytes: s.state.byteLength };
  if (s.label !== undefined) meta.label = s.label;
  if (s.phase !== undefined) meta.phase = s.phase;
  if (s.savedBy !== undefined) meta.savedBy = s.savedBy;
  return meta;
}

function lastSeqOf(d: MemDoc | undefined): number {
  if (!d) return 0;
  return Math.max(d.log[d.log.length - 1]?.seq ?? 0, d.snapshotSeq);
}

export function openMemoryStorage(): BoardStorage {
  return checkedStorage(memoryStorage());
}

function memoryStorage(): BoardStorage {
  const boards = new Map<string, BoardRecord>();
  const docs = new Map<string, MemDoc>();
  /** boardId → snapshot id → snapshot (version history). */
  const history = new Map<string, Map<string, HistorySnapshot>>();
  function doc(name: string): MemDoc {
    let d = docs.get(name);
    if (!d) {
      d = { snapshot: null, snapshotSeq: 0, log: [] };
      docs.set(name, d);
    }
    return d;
  }

  /** Cannot throw. */
  function appendValidated(batch: DocUpdate[]): number[] {
    return batch.map(({ docName, update }) => {
      const d = doc(docName);
      const seq = lastSeqOf(d) + 1;
      d.log.push({ seq, data: update.slice() });
      return seq;
    });
  }

  return {
    async createBoard(record, initial = []) {
      if (boards.has(record.id)) throw new Error(`board ${JSON.stringify(record.id)} already exists`);
      boards.set(record.id, copyBoard(record));
      appendValidated(initial);
    },

    async getBoard(id) {
      const r = boards.get(id);
      return r ? copyBoard(r) : undefined;
    },

    async updateTitle(id, title) {
      const r = boards.get(id);
      if (!r) throw new Error(`board ${JSON.stringify(id)} not found`);
      r.title = title;
    },

    async updateSecretHash(id, role, hash) {
      const r = boards.get(id);
      if (!r) throw new Error(`board ${JSON.stringify(id)} not found`);
      r.secretHashes = { ...r.secretHashes, [role]: hash };
    },

    async listBoards() {
      return [...boards.values()]
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(copyBoard);
    },

    async deleteBoard(id) {
      for (const name of [...docs.keys()]) {
        if (docBelongsToBoard(name, id)) docs.delete(name);
      }
      history.delete(id);
      boards.delete(id);
    },

    async load(docName): Promise<StoredDoc> {
      const d = docs.get(docName);
      if (!d) return { snapshot: null, updates: [], lastSeq: 0, logBytes: 0 };
      let logBytes = 0;
      const updates = d.log.map((e) => {
        logBytes += e.data.byteLength;
        return e.data.slice();
      });
      return { snapshot: d.snapshot ? d.snapshot.slice() : null, updates, lastSeq: lastSeqOf(d), logBytes };
    },

    async append(batch) {
      return appendValidated(batch);
    },

    async compact(docName, snapshot, uptoSeq) {
      const existing = docs.get(docName);
      if (existing && uptoSeq < existing.snapshotSeq) {
        throw new Error(
          `stale compaction of ${JSON.stringify(docName)}: uptoSeq ${uptoSeq} < current snapshot point ${existing.snapshotSeq}`,
        );
      }
      const last = lastSeqOf(existing);
      if (uptoSeq > last) {
        throw new Error(`compaction of ${JSON.stringify(docName)} beyond log end: uptoSeq ${uptoSeq} > lastSeq ${last}`);
      }
      const d = doc(docName);
      d.snapshot = snapshot.slice();
      d.snapshotSeq = uptoSeq;
      d.log = d.log.filter((e) => e.seq > uptoSeq);
    },

    async putSnapshot(boardId, snapshot) {
      if (!boards.has(boardId)) throw new Error(`board ${JSON.stringify(boardId)} not found`);
      const list = history.get(boardId) ?? history.set(boardId, new Map()).get(boardId)!;
      if (list.has(snapshot.id)) throw new Error(`snapshot ${JSON.stringify(snapshot.id)} already exists`);
      const stored: HistorySnapshot = { id: snapshot.id, at: snapshot.at, reason: snapshot.reason, bytes: snapshot.state.byteLength, state: snapshot.state.slice() };
      if (snapshot.label !== undefined) stored.label = snapshot.label;
      if (snapshot.phase !== undefined) stored.phase = snapshot.phase;
      if (snapshot.savedBy !== undefined) stored.savedBy = snapshot.savedBy;
      list.set(snapshot.id, stored);
    },

    async listSnapshots(boardId) {
      return [...(history.get(boardId)?.values() ?? [])]
        .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map(snapshotMeta);
    },

    async getSnapshot(boardId, id) {
      const found = history.get(boardId)?.get(id);
      return found ? { ...snapshotMeta(found), state: found.state.slice() } : undefined;
    },

    async deleteSnapshots(boardId, ids) {
      const list = history.get(boardId);
      let deleted = 0;
      for (const id of new Set(ids)) if (list?.delete(id)) deleted++;
      return deleted;
    },

    async close() {
      boards.clear();
      docs.clear();
      history.clear();
    },
  };
}
