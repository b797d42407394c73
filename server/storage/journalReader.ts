/**
 * What a reader beside the running server (the CLI's read-only store) adds to
 * what SQLite holds: the server's update journal (./updateJournal.ts), whose
 * last updates SQLite takes a few tens of milliseconds later, or only when the
 * server next starts if it was killed. The journal is read before SQLite: an
 * update SQLite takes in between is then in both, and counted once.
 */
import fs from 'node:fs';
import { readJournal, type JournalEntry } from './journalFile.ts';
import type { BoardStorage, StoredDoc } from './types.ts';

/** The journal's updates, older file first (none if it has no files). */
export function journalEntries(base: string): JournalEntry[] {
  const contents = [0, 1].flatMap((n) => {
    try {
      return [readJournal(fs.readFileSync(`${base}${n}`))];
    } catch {
      return []; // no journal file (a store the server never opened), or unreadable: SQLite alone
    }
  });
  contents.sort((a, b) => a.epoch - b.epoch);
  return contents.flatMap((c) => c.entries);
}

/** The doc as SQLite has it, with the journal's updates that follow it (each the next seq). */
function withEntries(stored: StoredDoc, docName: string, entries: readonly JournalEntry[]): StoredDoc {
  let { lastSeq, logBytes } = stored;
  const updates = [...stored.updates];
  for (const e of entries) {
    if (e.docName !== docName || e.seq !== lastSeq + 1) continue;
    updates.push(e.update);
    logBytes += e.update.byteLength;
    lastSeq = e.seq;
  }
  return { snapshot: stored.snapshot, updates, lastSeq, logBytes };
}

/** The store with `load` reading the journal `${base}0` / `${base}1` too (a board deleted in SQLite stays deleted). */
export function readingJournal(storage: BoardStorage, base: string): BoardStorage {
  return {
    ...storage,
    async load(docName) {
      const entries = journalEntries(base);
      const stored = await storage.load(docName);
      const boardId = docName.split('/')[0]!;
      if (!entries.some((e) => e.docName === docName) || !(await storage.getBoard(boardId))) return stored;
      return withEntries(stored, docName, entries);
    },
  };
}
