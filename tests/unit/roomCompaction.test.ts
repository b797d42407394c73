/**
 * A room's log is compacted once it passes the threshold (roomLog.ts): enough
 * entries and as many bytes as the last snapshot, or many entries however
 * small; also when updates were stored while a compaction ran and nothing is
 * written after them (otherwise they stayed in the log until the next write).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRoom } from '../../server/sync/docRoom.ts';
import { LOG_ENTRIES_CAP_FACTOR } from '../../server/sync/roomLog.ts';
import { WriteBatcher } from '../../server/sync/writeBatcher.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { roomAddress } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/clients.ts';

describe('room log compaction', () => {
  it('compacts what was stored while a compaction ran, with no write after it', async () => {
    const memory = openMemoryStorage();
    await memory.createBoard({ id: 'c1', title: 't', createdAt: 1, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } });
    // Compactions finish only when let go: the updates below are stored while the first one runs.
    const held: (() => void)[] = [];
    const storage: BoardStorage = {
      ...memory,
      compact: (docName, snapshot, uptoSeq) => new Promise<void>((resolve, reject) => held.push(() => memory.compact(docName, snapshot, uptoSeq).then(resolve, reject))),
    };
    const room = new DocRoom(roomAddress('c1', 'content'), { storage, writer: new WriteBatcher(storage), compactAfterUpdates: 3 });
    await room.ready;
    try {
      const text = room.doc.getText('t');
      for (let i = 0; i < 3; i++) text.insert(text.length, `${i}`);
      await waitFor(() => held.length === 1, 'the first compaction');
      // Four more updates, each in a turn of its own, stored while that compaction runs.
      for (let i = 3; i < 7; i++) {
        text.insert(text.length, `${i}`);
        await room.whenDurable();
      }
      held.shift()!();
      await waitFor(() => held.length === 1, 'a compaction of the updates stored meanwhile');
      held.shift()!();
      await waitFor(async () => (await memory.load('c1')).updates.length === 0, 'an empty log');
      const stored = await memory.load('c1');
      expect(stored.snapshot).not.toBeNull();
    } finally {
      room.destroy();
    }
  });

  /** A room whose board is stored as a snapshot of a text of `chars` characters, and a count of the compactions. */
  async function roomWithSnapshot(id: string, chars: number, compactAfterUpdates: number) {
    const storage = openMemoryStorage();
    const source = new Y.Doc();
    source.getText('t').insert(0, 'x'.repeat(chars));
    await storage.createBoard({ id, title: 't', createdAt: 1, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } }, [{ docName: id, update: Y.encodeStateAsUpdate(source) }]);
    const counted = { compactions: 0 };
    const counting: BoardStorage = { ...storage, compact: (...args) => (counted.compactions++, storage.compact(...args)) };
    const room = new DocRoom(roomAddress(id, 'content'), { storage: counting, writer: new WriteBatcher(counting), compactAfterUpdates });
    await room.ready;
    await room.compactNow();
    expect((await storage.load(id)).updates).toHaveLength(0);
    counted.compactions = 0;
    return { room, storage, counted };
  }

  it('waits until the log weighs as much as the snapshot: a compaction writes the whole document again', async () => {
    const { room, storage, counted } = await roomWithSnapshot('c2', 4_000, 5);
    try {
      const text = room.doc.getText('t');
      // Ten one-key updates: past the five entries, but a few hundred bytes against a 4 KB snapshot.
      for (let i = 0; i < 10; i++) {
        text.insert(0, 'k');
        await room.whenDurable();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(counted.compactions).toBe(0);
      expect((await storage.load('c2')).updates).toHaveLength(10);
      // Pasted paragraphs of 500 characters: seven leave the log (~3.8 KB) lighter than the snapshot (~4 KB)...
      for (let i = 0; i < 7; i++) {
        text.insert(0, 'p'.repeat(500));
        await room.whenDurable();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(counted.compactions).toBe(0);
      // ...the eighth outweighs it, and the log is compacted.
      text.insert(0, 'p'.repeat(500));
      await room.whenDurable();
      await waitFor(async () => (await storage.load('c2')).updates.length === 0, 'the log compacted');
      expect(counted.compactions).toBe(1);
      const stored = await storage.load('c2');
      expect(stored.snapshot!.byteLength).toBeGreaterThan(8_000);
    } finally {
      room.destroy();
    }
  });

  it('compacts a log of many small entries however little it weighs', async () => {
    const cap = 2 * LOG_ENTRIES_CAP_FACTOR;
    const { room, storage, counted } = await roomWithSnapshot('c3', 50_000, 2);
    try {
      const text = room.doc.getText('t');
      for (let i = 0; i < cap - 1; i++) {
        text.insert(0, 'k');
        await room.whenDurable();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(counted.compactions).toBe(0);
      text.insert(0, 'k');
      await room.whenDurable();
      await waitFor(async () => (await storage.load('c3')).updates.length === 0, 'the log compacted at the cap');
      expect(counted.compactions).toBe(1);
    } finally {
      room.destroy();
    }
  });
});
