/**
 * Fault injection for storage: wraps a real implementation and makes `append`
 * (or `compact`) fail while a switch is on. Used to prove that a failed write is
 * never acknowledged and that the board stays in memory until it is stored.
 */
import type { BoardStorage } from '../../server/storage/types.ts';

export interface FaultyStorage extends BoardStorage {
  failAppends: boolean;
  appendCalls: number;
  appendedBatches: number[];
}

export function faulty(inner: BoardStorage): FaultyStorage {
  const wrapper: FaultyStorage = {
    failAppends: false,
    appendCalls: 0,
    appendedBatches: [],
    createBoard: (record, initial) => inner.createBoard(record, initial),
    getBoard: (id) => inner.getBoard(id),
    updateTitle: (id, title) => inner.updateTitle(id, title),
    listBoards: () => inner.listBoards(),
    deleteBoard: (id) => inner.deleteBoard(id),
    load: (docName) => inner.load(docName),
    async append(batch) {
      wrapper.appendCalls++;
      if (wrapper.failAppends) throw new Error('injected: disk full');
      wrapper.appendedBatches.push(batch.length);
      return inner.append(batch);
    },
    compact: (docName, snapshot, upto) => inner.compact(docName, snapshot, upto),
    putSnapshot: (boardId, snapshot) => inner.putSnapshot(boardId, snapshot),
    listSnapshots: (boardId) => inner.listSnapshots(boardId),
    getSnapshot: (boardId, id) => inner.getSnapshot(boardId, id),
    deleteSnapshots: (boardId, ids) => inner.deleteSnapshots(boardId, ids),
    close: () => inner.close(),
  };
  return wrapper;
}
