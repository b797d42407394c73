import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../server/sync/writeBatcher.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import type { BoardStorage, DocUpdate } from '../../server/storage/types.ts';
import { faulty } from '../helpers/faultyStorage.ts';
import { waitFor } from '../helpers/clients.ts';

describe('WriteBatcher', () => {
  it('commits the first write of a turn at once, and the rest of the turn, across documents, in one append at its end', async () => {
    const storage = faulty(openMemoryStorage());
    const writer = new WriteBatcher(storage);
    const first = writer.write('a', Uint8Array.of(1));
    // Handed to the store in the call itself: a synchronous store commits it before the caller returns.
    expect(storage.appendedBatches).toEqual([1]);
    const rest = [writer.write('b', Uint8Array.of(2)), writer.write('a', Uint8Array.of(3)), writer.write('c', Uint8Array.of(4))];
    expect(storage.appendedBatches).toEqual([1]);
    const seqs = await Promise.all([first, ...rest]);
    expect(storage.appendedBatches).toEqual([1, 3]);
    expect(seqs[2]).toBeGreaterThan(seqs[0]!);
    // The next turn's first write goes at once again.
    await new Promise((resolve) => setImmediate(resolve));
    const next = writer.write('a', Uint8Array.of(5));
    expect(storage.appendedBatches).toEqual([1, 3, 1]);
    await next;
    expect((await storage.load('a')).updates.map((u) => u[0])).toEqual([1, 3, 5]);
  });

  it('keeps a burst of writes to at most two commits a turn', async () => {
    const storage = faulty(openMemoryStorage());
    const writer = new WriteBatcher(storage);
    // Like a poll phase reading many messages: each write in its own callback of the same
    // turn (Node runs the microtasks, the first commit's acknowledgment, between them).
    const writes = await new Promise<Promise<number>[]>((resolve) => {
      const queued: Promise<number>[] = [];
      for (let i = 0; i < 50; i++) {
        setImmediate(() => {
          queued.push(writer.write('a', Uint8Array.of(i)));
          if (queued.length === 50) resolve(queued);
        });
      }
    });
    await Promise.all(writes);
    expect(storage.appendedBatches).toEqual([1, 49]);
    expect((await storage.load('a')).updates.map((u) => u[0])).toEqual([...Array(50).keys()]);
  });

  it('keeps order and retries after a failure, resolving nothing until stored', async () => {
    const storage = faulty(openMemoryStorage());
    const errors: number[] = [];
    const writer = new WriteBatcher(storage, (_e, attempt) => errors.push(attempt));
    storage.failAppends = true;
    let resolved = 0;
    const first = writer.write('a', Uint8Array.of(1)).then(() => resolved++);
    await waitFor(() => errors.length >= 2, 'the failed write retried');
    const second = writer.write('a', Uint8Array.of(2)).then(() => resolved++);
    const calls = storage.appendCalls;
    await waitFor(() => storage.appendCalls >= calls + 2, 'the retries with the second write');
    expect(resolved).toBe(0);
    storage.failAppends = false;
    await Promise.all([first, second]);
    const stored = await storage.load('a');
    expect(stored.updates.map((u) => u[0])).toEqual([1, 2]);
  });

  it('hands the next batch to the store before acknowledging the committed one (the broadcast overlaps the next commit)', async () => {
    const inner = openMemoryStorage();
    const commits: { batch: DocUpdate[]; done: () => void }[] = [];
    // A store whose commits finish when the test says so.
    const storage: Pick<BoardStorage, 'append'> = {
      append: (batch) => new Promise((resolve, reject) => {
        commits.push({ batch, done: () => void inner.append(batch).then(resolve, reject) });
      }),
    };
    const writer = new WriteBatcher(storage);
    const first = writer.write('a', Uint8Array.of(1));
    await waitFor(() => commits.length === 1, 'the first commit started');
    // Queued while the first commit is in flight: the next batch.
    const second = writer.write('a', Uint8Array.of(2));
    const third = writer.write('b', Uint8Array.of(3));
    let commitsWhenAcknowledged = -1;
    const acknowledged = first.then(() => (commitsWhenAcknowledged = commits.length));
    commits[0]!.done();
    await acknowledged;
    expect(commitsWhenAcknowledged).toBe(2);
    expect(commits[1]!.batch.map((u) => u.update[0])).toEqual([2, 3]);
    commits[1]!.done();
    await Promise.all([second, third]);
    expect((await inner.load('a')).updates.map((u) => u[0])).toEqual([1, 2]);
  });

  it('flushes on close and then refuses new writes', async () => {
    const storage = faulty(openMemoryStorage());
    const writer = new WriteBatcher(storage);
    const pending = writer.write('a', Uint8Array.of(9));
    await writer.close();
    await pending;
    expect((await storage.load('a')).updates.length).toBe(1);
    await expect(writer.write('a', Uint8Array.of(1))).rejects.toThrow(/closed/);
  });
});
