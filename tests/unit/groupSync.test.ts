/**
 * GroupSync (server/storage/groupSync.ts), the SQLite server store's group
 * commit: one sync at a time, each covering every write before it started;
 * a failed sync is retried.
 */
import { describe, expect, it } from 'vitest';
import { GroupSync } from '../../server/storage/groupSync.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A GroupSync whose syncs are counted and each held until released. */
function counted() {
  const running: (() => void)[] = [];
  let started = 0;
  const group = new GroupSync(() => {
    started++;
    return new Promise<void>((resolve) => running.push(resolve));
  });
  return {
    group,
    started: () => started,
    finishOne: () => running.shift()?.(),
  };
}

describe('GroupSync', () => {
  it('starts a write\'s sync on the next turn, one at a time, the next covering every write made meanwhile', async () => {
    const s = counted();
    s.group.committed();
    s.group.committed();
    await sleep(1);
    expect(s.started()).toBe(1);
    s.group.committed();
    s.group.committed();
    await sleep(5);
    expect(s.started()).toBe(1); // not beside the running one
    s.finishOne();
    await sleep(1);
    expect(s.started()).toBe(2); // one for both
    s.finishOne();
    await sleep(5);
    expect(s.started()).toBe(2);
  });

  it('resolves sync() once a sync that started after the call ends, and retries a failed sync', async () => {
    let calls = 0;
    let failNext = true;
    const group = new GroupSync(async () => {
      calls++;
      if (failNext) {
        failNext = false;
        throw new Error('EIO');
      }
    });
    group.committed();
    await group.sync();
    expect(calls).toBe(2); // the failed one, then the retry that covered the write
    await group.sync();
    expect(calls).toBe(2); // nothing written since: nothing to sync
  });
});
