/**
 * A room's log is compacted once it passes the threshold, also when updates
 * were stored while a compaction ran and nothing is written after them
 * (roomLog.ts): otherwise they stayed in the log until the next write.
 */
import { describe, expect, it } from 'vitest';
import { DocRoom } from '../../server/sync/docRoom.ts';
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
});
