/**
 * `checkedStorage` (server/storage/checked.ts) is the one place storage
 * arguments are checked: a bad call is refused before the implementation
 * runs, so no implementation needs (or has) checks of its own.
 */
import { describe, expect, it } from 'vitest';
import { checkedStorage } from '../../server/storage/checked.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { board, bytes, snap } from './storageContract.ts';

/** An implementation that only records which methods were called. */
function recorder(): BoardStorage & { calls: string[] } {
  const calls: string[] = [];
  const record = (name: string, value: unknown = undefined) => async () => {
    calls.push(name);
    return value;
  };
  return {
    calls,
    createBoard: record('createBoard'), getBoard: record('getBoard'), updateTitle: record('updateTitle'),
    updateSecretHash: record('updateSecretHash'),
    listBoards: record('listBoards', []), deleteBoard: record('deleteBoard'),
    load: record('load', { snapshot: null, updates: [], lastSeq: 0, logBytes: 0 }),
    append: record('append', [1]), compact: record('compact'), putSnapshot: record('putSnapshot'),
    listSnapshots: record('listSnapshots', []), getSnapshot: record('getSnapshot'), deleteSnapshots: record('deleteSnapshots', 1),
    close: record('close'),
  } as BoardStorage & { calls: string[] };
}

const bad: [string, (s: BoardStorage) => Promise<unknown>][] = [
  ['createBoard with a board id holding /', (s) => s.createBoard(board('a/b'))],
  ['createBoard with an update for another board', (s) => s.createBoard(board('b1'), [{ docName: 'b10', update: bytes(1) }])],
  ['getBoard with a number', (s) => s.getBoard(5 as unknown as string)],
  ['updateTitle with a title that is no string', (s) => s.updateTitle('b', null as unknown as string)],
  ['updateSecretHash for a role the record keeps no hash of', (s) => s.updateSecretHash('b', 'reviewer' as 'viewer', 'a'.repeat(64))],
  ['updateSecretHash with a hash that is no SHA-256 hex', (s) => s.updateSecretHash('b', 'participant', 'not-a-hash')],
  ['deleteBoard with an empty id', (s) => s.deleteBoard('')],
  ['load with a docName starting with /', (s) => s.load('/b')],
  ['append with bytes that are no Uint8Array', (s) => s.append([{ docName: 'b', update: [1] as unknown as Uint8Array }])],
  ['compact with a negative seq', (s) => s.compact('b', bytes(1), -1)],
  ['putSnapshot with an unknown reason', (s) => s.putSnapshot('b', { ...snap('x', 1), reason: 'whim' as 'manual' })],
  ['listSnapshots with a board id holding /', (s) => s.listSnapshots('a/b')],
  ['getSnapshot with a path as its id', (s) => s.getSnapshot('b', '../x')],
  ['deleteSnapshots with a number among the ids', (s) => s.deleteSnapshots('b', ['x', 5 as unknown as string])],
];

describe('checkedStorage', () => {
  it.each(bad)('refuses %s before the implementation runs', async (_name, call) => {
    const inner = recorder();
    await expect(call(checkedStorage(inner))).rejects.toThrow();
    expect(inner.calls).toEqual([]);
  });

  it('passes valid calls through, and answers calls with nothing to do itself', async () => {
    const inner = recorder();
    const s = checkedStorage(inner);
    expect(await s.append([{ docName: 'b', update: bytes(1) }])).toEqual([1]);
    expect(await s.append([])).toEqual([]);
    expect(await s.deleteSnapshots('b', [])).toBe(0);
    expect(inner.calls).toEqual(['append']);
  });

  it('refuses every call after close, closes the implementation once, and keeps its other members', async () => {
    const inner = Object.assign(recorder(), { worker: 'the worker thread' });
    const s = checkedStorage(inner);
    expect(s.worker).toBe('the worker thread');
    await s.close();
    await s.close();
    await expect(s.listBoards()).rejects.toThrow('BoardStorage is closed');
    await expect(s.load('b')).rejects.toThrow('BoardStorage is closed');
    expect(inner.calls).toEqual(['close']);
  });
});
