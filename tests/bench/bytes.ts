/**
 * S5: bytes.
 * - The update a participant sends when adding a card through the document
 *   layer (on a board that already has cards by others).
 * - A drag: `dragMs` of awareness-only updates (the dragged card's position),
 *   then one `moveCard` on drop. Measured against the real server, the room
 *   compacted before and after (`compactNow`): the stored size (snapshot +
 *   log) before vs after, and the encoded state of the server's GC'd document.
 */
import * as Y from 'yjs';
import { addCard, moveCard, readCard, sortedCards } from '../../shared/doc/index.ts';
import { parseRoom } from '../../shared/protocol.ts';
import type { ColumnId } from '../../shared/model.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, waitFor, type SyncClient } from '../helpers/clients.ts';
import { buildBoard, rng, sentence } from './boardBuilder.ts';
import { sleep } from './common.ts';

export interface DragResult {
  kind: string;
  moveUpdateBytes: number;
  awarenessUpdatesSent: number;
  awarenessUpdatesSeenByPeer: number;
  /** Stored bytes (snapshot + log) at the end of the drag, before the drop, minus before the drag. */
  storedDuringDrag: number;
  storedBefore: number;
  storedAfter: number;
  /** Stored size increase after compaction (the target). */
  storedIncrease: number;
  gcStateBefore: number;
  gcStateAfter: number;
  gcStateIncrease: number;
}

export interface BytesResult {
  newCardUpdateBytes: number;
  newCardText: string;
  newCardFrameBytes: number;
  emptyCardUpdateBytes: number;
  indicatorCardUpdateBytes: number;
  drags: DragResult[];
}

function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | undefined;
  const grab = (u: Uint8Array) => (update = u);
  doc.on('update', grab);
  change();
  doc.off('update', grab);
  if (!update) throw new Error('no update emitted');
  return update;
}

async function waitAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function storedBytes(server: TestServer, docName: string): Promise<{ bytes: number; logEntries: number }> {
  const stored = await server.storage.load(docName);
  return { bytes: (stored.snapshot?.byteLength ?? 0) + stored.logBytes, logEntries: stored.updates.length };
}

async function drag(
  server: TestServer,
  boardId: string,
  a: SyncClient,
  b: SyncClient,
  kind: string,
  cardId: string,
  to: ColumnId,
  index: number,
  dragMs: number,
): Promise<DragResult> {
  const docRoom = await server.rooms.get(parseRoom(boardId)!);
  await waitFor(() => !docRoom.hasUnstoredChanges, 'stored');
  await waitAsync(async () => (await docRoom.compactNow(), (await storedBytes(server, boardId)).logEntries === 0), 'compaction before the drag');
  await sleep(100);
  const before = await storedBytes(server, boardId);
  const gcBefore = Y.encodeStateAsUpdate(docRoom.doc).byteLength;

  let sent = 0;
  let seen = 0;
  const aId = a.doc.clientID;
  const onLocal = () => sent++;
  const onRemote = ({ updated, added }: { updated: number[]; added: number[] }) => {
    if (updated.includes(aId) || added.includes(aId)) seen++;
  };
  a.provider.awareness.on('update', onLocal);
  b.provider.awareness.on('change', onRemote);
  const t0 = Date.now();
  const rand = rng(7);
  while (Date.now() - t0 < dragMs) {
    a.provider.awareness.setLocalStateField('drag', { card: cardId, x: Math.round(rand() * 1600), y: Math.round(rand() * 900) });
    await sleep(33);
  }
  a.provider.awareness.setLocalStateField('drag', null);
  await sleep(200);
  a.provider.awareness.off('update', onLocal);
  b.provider.awareness.off('change', onRemote);
  const during = await storedBytes(server, boardId);

  const update = captureUpdate(a.doc, () => moveCard(a.doc, cardId, to, index));
  const order = readCard(a.doc, cardId)?.order;
  await waitFor(() => readCard(b.doc, cardId)?.order === order, 'the peer to see the drop');
  await waitFor(() => !docRoom.hasUnstoredChanges, 'the drop to be stored');
  await waitAsync(async () => {
    await docRoom.compactNow();
    const s = await storedBytes(server, boardId);
    return s.logEntries === 0 && s.bytes !== before.bytes;
  }, 'compaction after the drop');
  const after = await storedBytes(server, boardId);
  const gcAfter = Y.encodeStateAsUpdate(docRoom.doc).byteLength;
  return {
    kind,
    moveUpdateBytes: update.byteLength,
    awarenessUpdatesSent: sent,
    awarenessUpdatesSeenByPeer: seen,
    storedDuringDrag: during.bytes - before.bytes,
    storedBefore: before.bytes,
    storedAfter: after.bytes,
    storedIncrease: after.bytes - before.bytes,
    gcStateBefore: gcBefore,
    gcStateAfter: gcAfter,
    gcStateIncrease: gcAfter - gcBefore,
  };
}

export async function runBytes(dragMs: number, log: (m: string) => void): Promise<BytesResult> {
  // A new card, from a participant's synced copy of a board with 20 cards by others.
  const base = buildBoard(20).doc;
  const participant = new Y.Doc();
  Y.applyUpdate(participant, Y.encodeStateAsUpdate(base));
  const newCardText = 'Admins invite their whole team in week one';
  const card = captureUpdate(participant, () => addCard(participant, { column: 'value', text: newCardText, author: 'Participant 7' }));
  const empty = captureUpdate(participant, () => addCard(participant, { column: 'segment' }));
  const indicator = captureUpdate(participant, () =>
    addCard(participant, {
      column: 'indicator', text: 'Teams with 3+ active members', author: 'Participant 7', definition: 'Share of teams with at least three weekly active members',
      unit: '%', direction: 'increase', baselineValue: 18, baselineAsOf: '2025-01-15', targetValue: 35, targetBy: '2025-12-31',
    }),
  );
  participant.destroy();
  base.destroy();

  // Drags against the real server.
  const server = await startTestServer();
  const clients: SyncClient[] = [];
  try {
    const board = await createBoard(server.url);
    const a = connect(server.url, board.id, board.secrets.participant);
    const b = connect(server.url, board.id, board.secrets.participant);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    const rand = rng(3);
    const columns: ColumnId[] = ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'];
    for (let i = 0; i < 30; i++) addCard(a.doc, { column: columns[i % columns.length]!, text: sentence(rand, 3, 12), author: 'Participant 1' });
    await waitFor(() => sortedCards(b.doc, 'initiative').length === 5, 'the peer to see the seeded cards');
    const behaviours = sortedCards(a.doc, 'behaviour');
    const values = sortedCards(a.doc, 'value');
    const drags: DragResult[] = [];
    log(`  drag within a column (${dragMs / 1000} s of awareness, then moveCard)`);
    drags.push(await drag(server, board.id, a, b, 'reorder within column', behaviours[0]!.id, 'behaviour', behaviours.length, dragMs));
    log(`  drag to the next column (${dragMs / 1000} s of awareness, then moveCard)`);
    drags.push(await drag(server, board.id, a, b, 'to another column', values[1]!.id, 'segment', 1, dragMs));
    return {
      newCardUpdateBytes: card.byteLength,
      newCardText,
      newCardFrameBytes: card.byteLength + 3,
      emptyCardUpdateBytes: empty.byteLength,
      indicatorCardUpdateBytes: indicator.byteLength,
      drags,
    };
  } finally {
    for (const c of clients) c.destroy();
    await server.close();
  }
}
