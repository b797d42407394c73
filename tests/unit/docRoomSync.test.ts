/** A room answers a new client's first sync from the stored bytes while its document is as loaded (docs/BENCHMARKS.md, S4). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { DocRoom } from '../../server/sync/docRoom.ts';
import { RoomRegistry } from '../../server/sync/rooms.ts';
import { WriteBatcher } from '../../server/sync/writeBatcher.ts';
import { SizeBudget } from '../../server/sync/sizeLimits.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import { roomAddress } from '../../shared/protocol.ts';

const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

/** The update inside a sync step 2 message. */
function step2Payload(message: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d); // message kind: sync
  expect(decoding.readVarUint(d)).toBe(1); // sync step 2 (y-protocols numbers the steps 0, 1)
  return decoding.readVarUint8Array(d);
}

async function roomWithStored(update: Uint8Array) {
  const storage = openMemoryStorage();
  await storage.createBoard({ id: 'b1', title: 't', createdAt: 1, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } }, [{ docName: 'b1', update }]);
  const writer = new WriteBatcher(storage);
  const room = new DocRoom(roomAddress('b1', 'content'), { storage, writer, compactAfterUpdates: 500 });
  await room.ready;
  return room;
}

describe('DocRoom first sync', () => {
  it('sends the stored bytes to a new client while nothing changed the document, then encodes it', async () => {
    // Stored without garbage collection: the deleted "b" is still in it, a fresh encoding of the loaded document drops it.
    const source = new Y.Doc({ gc: false });
    source.getText('t').insert(0, 'abc');
    source.getText('t').delete(1, 1);
    const stored = Y.encodeStateAsUpdate(source);
    const room = await roomWithStored(stored);
    try {
      expect(step2Payload(room.syncStep2(EMPTY_SV))).toEqual(stored);
      // One message for every new client, not a copy each (a socket that never reads holds what it was sent).
      expect(room.syncStep2(EMPTY_SV)).toBe(room.syncStep2(EMPTY_SV));
      // A client that has part of the state gets the difference, encoded from the document.
      const partial = room.syncStep2(Y.encodeStateVector(source));
      expect(step2Payload(partial)).not.toEqual(stored);

      room.doc.getText('t').insert(2, 'd');
      await room.whenDurable();
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, step2Payload(room.syncStep2(EMPTY_SV)));
      expect(fresh.getText('t').toString()).toBe('acd');
      expect(room.syncStep2(EMPTY_SV)).toBe(room.syncStep2(EMPTY_SV));
    } finally {
      room.destroy();
    }
  });
});

describe('RoomRegistry.opened', () => {
  it('gives the room once its stored state is read, before it is applied; the first get applies it', async () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'stored');
    const stored = Y.encodeStateAsUpdate(source);
    const storage = openMemoryStorage();
    await storage.createBoard({ id: 'b2', title: 't', createdAt: 1, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } }, [{ docName: 'b2', update: stored }]);
    const rooms = new RoomRegistry({ storage, writer: new WriteBatcher(storage), idleUnloadMs: 60_000, pingIntervalMs: 60_000, compactAfterUpdates: 500, onError: (e) => { throw e; } });
    try {
      const room = await rooms.opened(roomAddress('b2', 'content'));
      // Not applied (nor will it be until someone needs it): only a new client's sync can be answered.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(room.isLoaded).toBe(false);
      expect(room.doc.getText('t').toString()).toBe('');
      expect(room.canAnswer(EMPTY_SV)).toBe(true);
      expect(step2Payload(room.syncStep2(EMPTY_SV))).toEqual(stored);
      expect(room.canAnswer(Y.encodeStateVector(source))).toBe(false);
      expect(() => room.syncStep2(Y.encodeStateVector(source))).toThrow(/not loaded/);
      expect(() => room.catchUpFromStored({ send: () => {}, sendBroadcast: () => {} })).toThrow(/not loaded/);
      expect(await rooms.get(roomAddress('b2', 'content'))).toBe(room);
      expect(room.isLoaded).toBe(true);
      expect(room.doc.getText('t').toString()).toBe('stored');
      expect(room.canAnswer(Y.encodeStateVector(source))).toBe(true);
    } finally {
      await rooms.close();
    }
  });
});

describe('SizeBudget', () => {
  it('takes the stored size as its first estimate but measures exactly before refusing on it', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'small');
    const budget = new SizeBudget(doc, 1_000, 50_000);
    expect(budget.wouldExceed(10)).toBe(false);
    expect(budget.wouldExceed(5_000)).toBe(true);
  });
});
