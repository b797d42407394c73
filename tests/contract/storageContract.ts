/**
 * Contract every BoardStorage implementation must satisfy. Run it with
 * `storageContractSuite(name, make)` from a *.test.ts file.
 *
 * `make()` returns a fresh, empty storage. If `reopen` is given it must return a new
 * storage over the same data; the suite closes the previous instance before calling
 * it, and closes whatever instance is current before calling `cleanup()`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardRecord, BoardStorage, DocUpdate, NewSnapshot, StoredDoc } from '../../server/storage/types.ts';

export interface StorageFixture {
  storage: BoardStorage;
  reopen?: () => Promise<BoardStorage>;
  cleanup: () => Promise<void>;
}

export function board(id: string, overrides: Partial<BoardRecord> = {}): BoardRecord {
  return {
    id,
    title: `Board ${id}`,
    createdAt: 1_700_000_000_000,
    secretHashes: {
      facilitator: 'f'.repeat(64),
      participant: 'a'.repeat(64),
      viewer: 'b'.repeat(64),
    },
    ...overrides,
  };
}

export function bytes(...xs: number[]): Uint8Array {
  return Uint8Array.from(xs);
}

/** A history snapshot for board `boardId` tests. */
export function snap(id: string, at: number, overrides: Partial<NewSnapshot> = {}): NewSnapshot {
  return { id, at, reason: 'periodic', state: bytes(at % 256, 1, 2), ...overrides };
}

function upd(docName: string, ...xs: number[]): DocUpdate {
  return { docName, update: bytes(...xs) };
}

/** Plain arrays, so assertions compare contents and not Buffer-vs-Uint8Array classes. */
function plain(d: StoredDoc): { snapshot: number[] | null; updates: number[][]; lastSeq: number; logBytes: number } {
  return {
    snapshot: d.snapshot ? [...d.snapshot] : null,
    updates: d.updates.map((u) => [...u]),
    lastSeq: d.lastSeq,
    logBytes: d.logBytes,
  };
}

function isPlainUint8Array(u: unknown): boolean {
  return u instanceof Uint8Array && Object.getPrototypeOf(u) === Uint8Array.prototype;
}

/** Rebuilds a Y.Doc from what storage holds. */
function restore(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

export function storageContractSuite(
  name: string,
  make: () => Promise<StorageFixture>,
  /** Persistent implementations also run the reopen test (memory storage has nothing to reopen). */
  traits: { persistent: boolean } = { persistent: true },
): void {
  describe(`BoardStorage contract: ${name}`, () => {
    let fx: StorageFixture;
    let s: BoardStorage;

    beforeEach(async () => {
      fx = await make();
      s = fx.storage;
    });

    afterEach(async () => {
      await s.close();
      await fx.cleanup();
    });

    /** Closes the current instance and reopens; returns false if this implementation cannot. */
    async function reopen(): Promise<boolean> {
      if (!fx.reopen) return false;
      await s.close();
      s = await fx.reopen();
      return true;
    }

    describe('boards', () => {
      it('creates, gets and lists boards', async () => {
        expect(await s.listBoards()).toEqual([]);
        const a = board('a1', { createdAt: 2000 });
        const b = board('b2', { createdAt: 1000, title: 'Ünïcødé ✓ "quotes"' });
        await s.createBoard(a);
        await s.createBoard(b);
        expect(await s.getBoard('a1')).toEqual(a);
        expect(await s.getBoard('b2')).toEqual(b);
        expect(await s.getBoard('nope')).toBeUndefined();
        // oldest first
        expect(await s.listBoards()).toEqual([b, a]);
      });

      it('returns records that are not aliased to the stored state', async () => {
        const a = board('a1');
        await s.createBoard(a);
        a.title = 'mutated after create';
        a.secretHashes.viewer = 'x';
        const got = await s.getBoard('a1');
        expect(got).toEqual(board('a1'));
        got!.title = 'mutated after get';
        expect((await s.getBoard('a1'))!.title).toBe('Board a1');
      });

      it('rejects a duplicate id and keeps the original record and docs', async () => {
        await s.createBoard(board('dup', { title: 'first' }), [upd('dup', 1)]);
        await expect(s.createBoard(board('dup', { title: 'second' }), [upd('dup', 2)])).rejects.toThrow(
          /already exists/,
        );
        expect((await s.getBoard('dup'))!.title).toBe('first');
        expect(plain(await s.load('dup')).updates).toEqual([[1]]);
        expect(await s.listBoards()).toHaveLength(1);
      });

      it('rejects invalid board records', async () => {
        await expect(s.createBoard(board(''))).rejects.toThrow(TypeError);
        await expect(s.createBoard(board('a/b'))).rejects.toThrow(TypeError);
        await expect(s.createBoard({ ...board('x'), title: 5 } as unknown as BoardRecord)).rejects.toThrow(TypeError);
        await expect(
          s.createBoard({ ...board('x'), secretHashes: { facilitator: 'f' } } as unknown as BoardRecord),
        ).rejects.toThrow(TypeError);
        expect(await s.listBoards()).toEqual([]);
      });

      it('stores initial updates atomically with the board', async () => {
        await s.createBoard(board('b1'), [upd('b1', 1, 2), upd('b1/control', 3), upd('b1', 4)]);
        expect(plain(await s.load('b1'))).toEqual({ snapshot: null, updates: [[1, 2], [4]], lastSeq: 2, logBytes: 3 });
        expect(plain(await s.load('b1/control'))).toEqual({ snapshot: null, updates: [[3]], lastSeq: 1, logBytes: 1 });
      });

      it('rejects initial updates for another board and then creates nothing', async () => {
        await expect(s.createBoard(board('b1'), [upd('b1', 1), upd('b10', 2)])).rejects.toThrow(/does not belong/);
        await expect(s.createBoard(board('b1'), [upd('b1', 1), { docName: 'b1', update: 'x' } as never])).rejects.toThrow(
          TypeError,
        );
        expect(await s.getBoard('b1')).toBeUndefined();
        expect(plain(await s.load('b1')).updates).toEqual([]);
        expect(plain(await s.load('b10')).updates).toEqual([]);
      });

      it('updates the title', async () => {
        await s.createBoard(board('t'));
        await s.updateTitle('t', 'New title');
        expect(await s.getBoard('t')).toEqual(board('t', { title: 'New title' }));
        await s.updateTitle('t', '');
        expect((await s.getBoard('t'))!.title).toBe('');
      });

      it('replaces one role\'s secret hash, keeping the others, and refuses a missing board', async () => {
        await s.createBoard(board('h'));
        const before = (await s.getBoard('h'))!.secretHashes;
        const fresh = 'c'.repeat(64);
        await s.updateSecretHash('h', 'participant', fresh);
        expect((await s.getBoard('h'))!.secretHashes).toEqual({ ...before, participant: fresh });
        expect((await s.listBoards()).find((b) => b.id === 'h')!.secretHashes.participant).toBe(fresh);
        await expect(s.updateSecretHash('missing', 'participant', fresh)).rejects.toThrow(/not found/);
        expect(await s.getBoard('missing')).toBeUndefined();
      });

      it('rejects updating the title of a missing board', async () => {
        await expect(s.updateTitle('missing', 'x')).rejects.toThrow(/not found/);
        expect(await s.getBoard('missing')).toBeUndefined();
      });

      it('deletes a board with its docs and sub-docs, but not a board sharing the id prefix', async () => {
        await s.createBoard(board('ab'), [upd('ab', 1), upd('ab/control', 2)]);
        await s.createBoard(board('abc'), [upd('abc', 3), upd('abc/control', 4)]);
        await s.createBoard(board('ab_'), [upd('ab_', 5)]); // LIKE wildcard in an id
        await s.createBoard(board('ab%'), [upd('ab%/x', 6)]);
        await s.append([upd('ab/deep/er', 7), upd('ab0', 8), upd('ab.', 9)]);
        await s.compact('ab', bytes(10), 1);
        await s.compact('abc', bytes(11), 1);

        await s.deleteBoard('ab');

        expect(await s.getBoard('ab')).toBeUndefined();
        for (const d of ['ab', 'ab/control', 'ab/deep/er']) {
          expect(plain(await s.load(d)), d).toEqual({ snapshot: null, updates: [], lastSeq: 0, logBytes: 0 });
        }
        expect((await s.listBoards()).map((b) => b.id).sort()).toEqual(['ab%', 'ab_', 'abc']);
        expect(plain(await s.load('abc'))).toEqual({ snapshot: [11], updates: [], lastSeq: 1, logBytes: 0 });
        expect(plain(await s.load('abc/control')).updates).toEqual([[4]]);
        expect(plain(await s.load('ab_')).updates).toEqual([[5]]);
        expect(plain(await s.load('ab%/x')).updates).toEqual([[6]]);
        expect(plain(await s.load('ab0')).updates).toEqual([[8]]);
        expect(plain(await s.load('ab.')).updates).toEqual([[9]]);
      });

      it('deleting a missing board is a no-op; a deleted id can be reused from scratch', async () => {
        await s.deleteBoard('ghost');
        await s.createBoard(board('r'), [upd('r', 1), upd('r', 2)]);
        await s.deleteBoard('r');
        await s.createBoard(board('r', { title: 'again' }), [upd('r', 3)]);
        expect((await s.getBoard('r'))!.title).toBe('again');
        expect(plain(await s.load('r'))).toEqual({ snapshot: null, updates: [[3]], lastSeq: 1, logBytes: 1 });
      });
    });

    describe('documents', () => {
      it('loads an unknown doc as empty', async () => {
        expect(plain(await s.load('nothing'))).toEqual({ snapshot: null, updates: [], lastSeq: 0, logBytes: 0 });
      });

      it('append returns increasing seqs per doc and load returns the log in order', async () => {
        expect(await s.append([upd('d', 1), upd('d', 2, 2)])).toEqual([1, 2]);
        expect(await s.append([upd('e', 9), upd('d', 3, 3, 3), upd('e', 8)])).toEqual([1, 3, 2]);
        expect(await s.append([upd('d', 4)])).toEqual([4]);
        expect(plain(await s.load('d'))).toEqual({
          snapshot: null,
          updates: [[1], [2, 2], [3, 3, 3], [4]],
          lastSeq: 4,
          logBytes: 7,
        });
        expect(plain(await s.load('e'))).toEqual({ snapshot: null, updates: [[9], [8]], lastSeq: 2, logBytes: 2 });
      });

      it('concurrent appends get distinct, ordered seqs', async () => {
        const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => s.append([upd('c', i)])));
        expect(seqs.flat()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(plain(await s.load('c')).updates).toEqual(Array.from({ length: 50 }, (_, i) => [i]));
      });

      it('accepts an empty batch and an empty update', async () => {
        expect(await s.append([])).toEqual([]);
        expect(await s.append([upd('z')])).toEqual([1]);
        expect(plain(await s.load('z'))).toEqual({ snapshot: null, updates: [[]], lastSeq: 1, logBytes: 0 });
      });

      it('returns plain Uint8Arrays with exactly the stored bytes (incl. a large update and subarray input)', async () => {
        const big = new Uint8Array(1_000_000);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
        const backing = bytes(0, 0, 5, 6, 7, 0);
        await s.append([{ docName: 'big', update: big }, { docName: 'big', update: backing.subarray(2, 5) }]);
        await s.compact('big', bytes(1, 2, 3), 0);
        const got = await s.load('big');
        expect(isPlainUint8Array(got.snapshot)).toBe(true);
        for (const u of got.updates) expect(isPlainUint8Array(u)).toBe(true);
        expect(got.updates).toHaveLength(2);
        // Buffer.equals: a deep toEqual over 1 MB takes seconds
        expect(Buffer.from(got.updates[0]!).equals(big)).toBe(true);
        expect(got.updates[1]).toEqual(bytes(5, 6, 7));
        expect(got.snapshot).toEqual(bytes(1, 2, 3));
        expect(got.logBytes).toBe(1_000_003);
      });

      it('does not alias caller buffers', async () => {
        const u = bytes(1, 2, 3);
        await s.append([{ docName: 'al', update: u }]);
        u[0] = 99;
        const first = await s.load('al');
        first.updates[0]![1] = 99;
        expect(plain(await s.load('al')).updates).toEqual([[1, 2, 3]]);
      });

      it('compact replaces the snapshot and removes only entries <= uptoSeq', async () => {
        await s.append([upd('k', 1), upd('k', 2), upd('k', 3), upd('k', 4)]);
        await s.compact('k', bytes(12), 2);
        expect(plain(await s.load('k'))).toEqual({ snapshot: [12], updates: [[3], [4]], lastSeq: 4, logBytes: 2 });

        // appended after the snapshot point: survives the next compaction if > uptoSeq
        expect(await s.append([upd('k', 5)])).toEqual([5]);
        await s.compact('k', bytes(1, 2, 3, 4), 4);
        expect(plain(await s.load('k'))).toEqual({ snapshot: [1, 2, 3, 4], updates: [[5]], lastSeq: 5, logBytes: 1 });

        // same point again is allowed (idempotent replacement)
        await s.compact('k', bytes(44), 4);
        expect(plain(await s.load('k')).snapshot).toEqual([44]);
      });

      it('seqs keep increasing after the log is fully compacted', async () => {
        await s.append([upd('f', 1), upd('f', 2)]);
        await s.compact('f', bytes(9), 2);
        expect(plain(await s.load('f'))).toEqual({ snapshot: [9], updates: [], lastSeq: 2, logBytes: 0 });
        expect(await s.append([upd('f', 3)])).toEqual([3]);
        expect(plain(await s.load('f'))).toEqual({ snapshot: [9], updates: [[3]], lastSeq: 3, logBytes: 1 });
      });

      it('compact only affects its own doc', async () => {
        await s.append([upd('p', 1), upd('p/sub', 2), upd('q', 3)]);
        await s.compact('p', bytes(7), 1);
        expect(plain(await s.load('p/sub')).updates).toEqual([[2]]);
        expect(plain(await s.load('q')).updates).toEqual([[3]]);
      });

      it('rejects a stale or out-of-range compaction and changes nothing', async () => {
        await s.append([upd('st', 1), upd('st', 2), upd('st', 3)]);
        await s.compact('st', bytes(20), 2);
        const before = plain(await s.load('st'));
        await expect(s.compact('st', bytes(10), 1)).rejects.toThrow(/stale/);
        await expect(s.compact('st', bytes(40), 4)).rejects.toThrow(/beyond/);
        await expect(s.compact('st', bytes(40), -1)).rejects.toThrow(TypeError);
        await expect(s.compact('st', bytes(40), 1.5)).rejects.toThrow(TypeError);
        await expect(s.compact('st', [1] as unknown as Uint8Array, 3)).rejects.toThrow(TypeError);
        expect(plain(await s.load('st'))).toEqual(before);
      });

      it('an append batch with one invalid element writes nothing', async () => {
        await s.append([upd('v', 1)]);
        const bad: unknown[] = [
          [upd('v', 2), { docName: 42, update: bytes(3) }],
          [upd('v', 2), { docName: 'v', update: [3] }],
          [upd('v', 2), { docName: 'v', update: 'abc' }],
          [upd('v', 2), { docName: '', update: bytes(3) }],
          [upd('v', 2), null],
          [upd('v', 2), { docName: 'w' }],
        ];
        for (const batch of bad) {
          await expect(s.append(batch as DocUpdate[])).rejects.toThrow(TypeError);
        }
        await expect(s.append('nope' as unknown as DocUpdate[])).rejects.toThrow(TypeError);
        expect(plain(await s.load('v'))).toEqual({ snapshot: null, updates: [[1]], lastSeq: 1, logBytes: 1 });
        expect(plain(await s.load('w')).updates).toEqual([]);
        // the next valid append continues the sequence without gaps
        expect(await s.append([upd('v', 2)])).toEqual([2]);
      });

      it('round-trips real Yjs updates through snapshot + log', async () => {
        const doc = new Y.Doc();
        const pending: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => pending.push(u));
        const m = doc.getMap('m');
        const flush = async () => {
          const seqs = await s.append(pending.splice(0).map((update) => ({ docName: 'y', update })));
          return seqs[seqs.length - 1] ?? 0;
        };

        m.set('title', 'Value plan');
        m.set('n', 1);
        const nested = new Y.Map<unknown>();
        m.set('card', nested);
        nested.set('text', 'hello');
        await flush();

        // compact at the current point using state rebuilt from storage (as the server would)
        const stored1 = await s.load('y');
        const rebuilt = restore(stored1);
        expect(rebuilt.getMap('m').toJSON()).toEqual(m.toJSON());
        await s.compact('y', Y.encodeStateAsUpdate(rebuilt), stored1.lastSeq);

        // changes after the snapshot point, including from a second client
        m.set('n', 2);
        m.delete('title');
        nested.set('text', 'hello world');
        await flush();
        const other = restore(await s.load('y'));
        other.on('update', (u: Uint8Array) => pending.push(u));
        other.getMap('m').set('fromOther', [1, 2, 3]);
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
        await flush();

        const stored2 = await s.load('y');
        expect(stored2.snapshot).not.toBeNull();
        expect(stored2.updates.length).toBeGreaterThan(0);
        const fresh = restore(stored2);
        expect(fresh.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
        expect(fresh.getMap('m').toJSON()).toEqual({
          n: 2,
          card: { text: 'hello world' },
          fromOther: [1, 2, 3],
        });

        if (await reopen()) {
          expect(restore(await s.load('y')).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
        }
      });
    });

    describe('history snapshots', () => {
      it('puts, lists (oldest first, without state) and gets snapshots', async () => {
        await s.createBoard(board('h1'));
        await s.createBoard(board('h2'));
        await s.putSnapshot('h1', snap('b', 2000, { reason: 'phase', phase: 'goals' }));
        await s.putSnapshot('h1', snap('a', 1000, { reason: 'manual', label: 'Before the vote ✓' }));
        await s.putSnapshot('h1', snap('c', 2000));
        await s.putSnapshot('h1', snap('d', 3000, { reason: 'manual', savedBy: 'participant' }));
        await s.putSnapshot('h1', snap('e', 3000, { reason: 'manual', savedBy: 'facilitator' }));
        await s.putSnapshot('h2', snap('a', 5000, { state: bytes(9, 9) }));
        expect(await s.listSnapshots('h1')).toEqual([
          { id: 'a', at: 1000, reason: 'manual', label: 'Before the vote ✓', bytes: 3 },
          { id: 'b', at: 2000, reason: 'phase', phase: 'goals', bytes: 3 },
          { id: 'c', at: 2000, reason: 'periodic', bytes: 3 },
          { id: 'd', at: 3000, reason: 'manual', savedBy: 'participant', bytes: 3 },
          { id: 'e', at: 3000, reason: 'manual', savedBy: 'facilitator', bytes: 3 },
        ]);
        expect((await s.getSnapshot('h1', 'd'))?.savedBy).toBe('participant');
        const got = await s.getSnapshot('h1', 'b');
        expect(got).toEqual({ id: 'b', at: 2000, reason: 'phase', phase: 'goals', bytes: 3, state: bytes(2000 % 256, 1, 2) });
        expect(isPlainUint8Array(got!.state)).toBe(true);
        expect((await s.getSnapshot('h2', 'a'))!.state).toEqual(bytes(9, 9));
        expect(await s.getSnapshot('h1', 'zzz')).toBeUndefined();
        expect(await s.listSnapshots('nobody')).toEqual([]);
      });

      it('rejects a duplicate id, a missing board and invalid snapshots, writing nothing', async () => {
        await s.createBoard(board('h'));
        await s.putSnapshot('h', snap('one', 1));
        await expect(s.putSnapshot('h', snap('one', 2))).rejects.toThrow(/already exists/);
        await expect(s.putSnapshot('ghost', snap('x', 1))).rejects.toThrow(/not found/);
        const bad: unknown[] = [
          null,
          { ...snap('x', 1), id: '' },
          { ...snap('x', 1), id: 'a/b' },
          { ...snap('x', 1), id: 'x'.repeat(65) },
          { ...snap('x', 1), at: 1.5 },
          { ...snap('x', 1), at: Number.NaN },
          { ...snap('x', 1), reason: 'whenever' },
          { ...snap('x', 1), label: 'l'.repeat(201) },
          { ...snap('x', 1), phase: 7 },
          { ...snap('x', 1), reason: 'manual', savedBy: 'viewer' },
          { ...snap('x', 1), reason: 'periodic', savedBy: 'participant' },
          { ...snap('x', 1), state: [1, 2] },
        ];
        for (const b of bad) await expect(s.putSnapshot('h', b as NewSnapshot)).rejects.toThrow(TypeError);
        await expect(s.putSnapshot('a/b', snap('x', 1))).rejects.toThrow(TypeError);
        await expect(s.getSnapshot('h', '../one')).rejects.toThrow(TypeError);
        await expect(s.deleteSnapshots('h', ['one', 5] as unknown as string[])).rejects.toThrow(TypeError);
        expect((await s.listSnapshots('h')).map((x) => x.id)).toEqual(['one']);
      });

      it('does not alias caller or returned state buffers', async () => {
        await s.createBoard(board('h'));
        const state = bytes(1, 2, 3);
        await s.putSnapshot('h', snap('s', 1, { state }));
        state[0] = 99;
        const first = await s.getSnapshot('h', 's');
        first!.state[1] = 99;
        expect((await s.getSnapshot('h', 's'))!.state).toEqual(bytes(1, 2, 3));
      });

      it('deletes snapshots by id (unknown ids ignored, other boards untouched) and with their board', async () => {
        await s.createBoard(board('h'));
        await s.createBoard(board('h0'));
        for (let i = 0; i < 5; i++) await s.putSnapshot('h', snap(`s${i}`, i));
        await s.putSnapshot('h0', snap('s1', 1));
        expect(await s.deleteSnapshots('h', ['s1', 's3', 's3', 'nope'])).toBe(2);
        expect(await s.deleteSnapshots('h', [])).toBe(0);
        expect((await s.listSnapshots('h')).map((x) => x.id)).toEqual(['s0', 's2', 's4']);
        expect((await s.listSnapshots('h0')).map((x) => x.id)).toEqual(['s1']);
        await s.deleteBoard('h');
        expect(await s.listSnapshots('h')).toEqual([]);
        expect(await s.getSnapshot('h', 's0')).toBeUndefined();
        await s.createBoard(board('h'));
        await s.putSnapshot('h', snap('s0', 10));
        expect((await s.listSnapshots('h')).map((x) => x.at)).toEqual([10]);
        expect((await s.listSnapshots('h0')).map((x) => x.id)).toEqual(['s1']);
      });

      it('holds a real board state that rebuilds the document', async () => {
        await s.createBoard(board('y'));
        const doc = new Y.Doc();
        doc.getMap('cards').set('c1', 'Grow ARR');
        const state = Y.encodeStateAsUpdate(doc);
        await s.putSnapshot('y', snap('v1', 1, { state }));
        if (await reopen()) expect((await s.listSnapshots('y')).map((x) => x.id)).toEqual(['v1']);
        const rebuilt = new Y.Doc();
        Y.applyUpdate(rebuilt, (await s.getSnapshot('y', 'v1'))!.state);
        expect(rebuilt.getMap('cards').toJSON()).toEqual({ c1: 'Grow ARR' });
      });
    });

    describe('lifecycle', () => {
      if (traits.persistent) {
        it('data survives reopen', async () => {
          if (!fx.reopen) throw new Error('a persistent implementation must provide reopen()');
          await s.createBoard(board('keep'), [upd('keep', 1)]);
          await s.append([upd('keep', 2), upd('keep/control', 3), upd('keep', 4)]);
          await s.compact('keep', bytes(100), 2);
          await s.updateTitle('keep', 'kept');
          await s.createBoard(board('gone'));
          await s.deleteBoard('gone');

          expect(await reopen()).toBe(true);

          expect(await s.listBoards()).toEqual([board('keep', { title: 'kept' })]);
          expect(plain(await s.load('keep'))).toEqual({ snapshot: [100], updates: [[4]], lastSeq: 3, logBytes: 1 });
          expect(plain(await s.load('keep/control')).updates).toEqual([[3]]);
          expect(await s.append([upd('keep', 5)])).toEqual([4]);
        });
      }

      it('every operation rejects after close; close is idempotent', async () => {
        await s.createBoard(board('c'));
        await s.close();
        await s.close();
        const ops: [string, () => Promise<unknown>][] = [
          ['createBoard', () => s.createBoard(board('d'))],
          ['getBoard', () => s.getBoard('c')],
          ['updateTitle', () => s.updateTitle('c', 'x')],
          ['updateSecretHash', () => s.updateSecretHash('c', 'viewer', 'd'.repeat(64))],
          ['listBoards', () => s.listBoards()],
          ['deleteBoard', () => s.deleteBoard('c')],
          ['load', () => s.load('c')],
          ['append', () => s.append([upd('c', 1)])],
          ['append([])', () => s.append([])],
          ['compact', () => s.compact('c', bytes(1), 0)],
          ['putSnapshot', () => s.putSnapshot('c', snap('x', 1))],
          ['listSnapshots', () => s.listSnapshots('c')],
          ['getSnapshot', () => s.getSnapshot('c', 'x')],
          ['deleteSnapshots', () => s.deleteSnapshots('c', ['x'])],
        ];
        for (const [label, op] of ops) {
          await expect(op(), label).rejects.toThrow(/closed/);
        }
        if (await reopen()) {
          // nothing was written by the rejected calls
          expect(await s.listBoards()).toEqual([board('c')]);
          expect(plain(await s.load('c')).updates).toEqual([]);
        }
      });
    });
  });
}
