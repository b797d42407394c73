/**
 * Fault injection for storage: wraps a real implementation and makes `append`
 * fail while a switch is on. Used to prove that a failed write is
 * never acknowledged and that the board stays in memory until it is stored.
 */
import type { BoardStorage } from '../../server/storage/types.ts';

interface FaultyStorage extends BoardStorage {
  failAppends: boolean;
  appendCalls: number;
  appendedBatches: number[];
}

export function faulty(inner: BoardStorage): FaultyStorage {
  const wrapper: FaultyStorage = {
    ...inner,
    failAppends: false,
    appendCalls: 0,
    appendedBatches: [],
    async append(batch) {
      wrapper.appendCalls++;
      if (wrapper.failAppends) throw new Error('injected: disk full');
      wrapper.appendedBatches.push(batch.length);
      return inner.append(batch);
    },
  };
  return wrapper;
}
