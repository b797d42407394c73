/**
 * S6, disk: a workshop session's writes against what the server was sent.
 * Our server (production storage: SQLite, fsyncs in the thread pool, the
 * production compaction threshold) in this process holds a stored board of
 * `cards` cards; 10 participants (stock y-websocket clients) each type into a
 * card of their own, 10 keys a second, for `seconds`. Reported:
 * - update bytes received: the Yjs updates the typists sent;
 * - handed to storage: the updates appended and the snapshots compactions
 *   wrote (the server's own write amplification, whatever the database does
 *   with them);
 * - written to disk: `write_bytes` of /proc/self/io over the session (the pages
 *   the process dirtied in files on the disk, counted again each time a synced
 *   page is dirtied again: SQLite's WAL frames, checkpoints, syncs);
 * - after the session, the board compacted: its stored bytes against its state
 *   encoded.
 */
import * as Y from 'yjs';
import { addCard, readCards, setCardText } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { openSqliteServerStorage } from '../../server/storage/sqliteServer.ts';
import type { BoardStorage } from '../../server/storage/types.ts';
import { connect, createBoard, waitFor, type SyncClient } from '../helpers/clients.ts';
import { startTestServer } from '../helpers/server.ts';
import { buildBoard } from './boardBuilder.ts';
import { procWriteBytes, sleep } from './common.ts';
import { mulberry32 } from '../property/prng.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DiskResult {
  cards: number;
  seconds: number;
  typists: number;
  updates: number;
  updateBytes: number;
  appendedBytes: number;
  compactions: number;
  compactedBytes: number;
  /** NaN without /proc. */
  diskWriteBytes: number;
  storedAfterCompaction: number;
  encodedState: number;
}

const TYPISTS = 10;
const KEYS_PER_SECOND = 10;

export async function runDisk(cards: number, seconds: number, log: (m: string) => void): Promise<DiskResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcp-bench-disk-'));
  const sqlite = await openSqliteServerStorage({ dataDir });
  const handed = { appended: 0, compacted: 0, compactions: 0 };
  const storage: BoardStorage = {
    ...sqlite,
    append(batch) {
      for (const u of batch) handed.appended += u.update.byteLength;
      return sqlite.append(batch);
    },
    compact(docName, snapshot, uptoSeq) {
      handed.compacted += snapshot.byteLength;
      handed.compactions++;
      return sqlite.compact(docName, snapshot, uptoSeq);
    },
  };
  const server = await startTestServer({ dataDir, storage });
  const clients: SyncClient[] = [];
  try {
    const board = await createBoard(server.url, { title: 'Disk bench' });
    const seeder = connect(server.url, board.id, board.secrets.facilitator);
    clients.push(seeder);
    await seeder.synced;
    const built = buildBoard(cards);
    Y.applyUpdate(seeder.doc, Y.encodeStateAsUpdate(built.doc));
    built.doc.destroy();
    const room = await waitFor(() => server.rooms.loaded(roomName(board.id, 'content')), 'the board loaded');
    await waitFor(() => readCards(room.doc).length >= cards, 'the board seeded');
    await room.whenDurable();
    await room.compactNow();
    log(`  ${cards} cards stored (${Y.encodeStateAsUpdate(room.doc).byteLength} B encoded); ${TYPISTS} people type ${KEYS_PER_SECOND} keys/s for ${seconds} s`);

    const typists = Array.from({ length: TYPISTS }, () => connect(server.url, board.id, board.secrets.participant));
    clients.push(...typists);
    await Promise.all(typists.map((t) => t.synced));
    const cardIds = typists.map((t, i) => addCard(t.doc, { column: 'behaviour', text: '', author: `Typist ${i + 1}` }));
    await room.whenDurable();
    await sleep(500);

    let updates = 0;
    let updateBytes = 0;
    for (const t of typists) {
      t.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === t.provider) return; // counted: what each typist sent, not what it received from the others
        updates++;
        updateBytes += update.byteLength;
      });
    }
    handed.appended = 0;
    handed.compacted = 0;
    handed.compactions = 0;
    const writtenBefore = procWriteBytes(process.pid);
    const random = mulberry32(6);
    const texts = typists.map(() => '');
    const started = Date.now();
    for (let key = 0; Date.now() - started < seconds * 1000; key++) {
      typists.forEach((t, i) => {
        // A sentence or so per card, then the next one: typing, not a text that grows for ever.
        const ch = String.fromCharCode(97 + Math.floor(random() * 26));
        texts[i] = texts[i]!.length >= 60 ? ch : texts[i] + ch;
        setCardText(t.doc, cardIds[i]!, texts[i]!);
      });
      const next = started + ((key + 1) * 1000) / KEYS_PER_SECOND;
      await sleep(Math.max(0, next - Date.now()));
    }
    await waitFor(() => typists.every((t) => t.provider.wsconnected), 'the typists connected');
    await room.whenDurable();
    await storage.sync?.();
    const writtenAfter = procWriteBytes(process.pid);
    const session = { ...handed };
    await room.compactNow();
    const stored = await sqlite.load(board.id);
    return {
      cards,
      seconds,
      typists: TYPISTS,
      updates,
      updateBytes,
      appendedBytes: session.appended,
      compactions: session.compactions,
      compactedBytes: session.compacted,
      diskWriteBytes: writtenBefore !== undefined && writtenAfter !== undefined ? writtenAfter - writtenBefore : NaN,
      storedAfterCompaction: (stored.snapshot?.byteLength ?? 0) + stored.logBytes,
      encodedState: Y.encodeStateAsUpdate(room.doc).byteLength,
    };
  } finally {
    for (const c of clients) c.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
