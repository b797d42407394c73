/**
 * What a reader beside the running server (the CLI's read-only store) adds to
 * what SQLite holds: the server's update journal (./updateJournal.ts), whose
 * last updates SQLite takes up to a second later, or only when the
 * server next starts if it was killed. The journal is read before SQLite: an
 * update SQLite takes in between is then in both, and counted once.
 */
import fs from 'node:fs';
import { followingEntries, readJournal, type JournalEntry } from './journalFile.ts';
import type { BoardStorage } from './types.ts';

/** The journal's updates, older file first (none if it has no files). */
export function journalEntries(base: string): JournalEntry[] {
  const contents = [0, 1].flatMap((n) => {
    try {
      return [readJournal(fs.readFileSync(`${base}${n}`))];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // a store the server never opened: SQLite alone
      throw error;
    }
  });
  contents.sort((a, b) => a.epoch - b.epoch);
  return contents.flatMap((c) => c.entries);
}

/** The store with `load` reading the journal `${base}0` / `${base}1` too (a board deleted in SQLite stays deleted). */
export function readingJournal(storage: BoardStorage, base: string): BoardStorage {
  return {
    ...storage,
    async load(docName) {
      const entries = journalEntries(base).filter((e) => e.docName === docName);
      const stored = await storage.load(docName);
      if (entries.length === 0) return stored;
      const exists = (await storage.getBoard(docName.split('/')[0]!)) !== undefined;
      const added = followingEntries(entries, () => stored.lastSeq, () => exists);
      if (added.length === 0) return stored;
      return {
        snapshot: stored.snapshot,
        updates: stored.updates.concat(added.map((e) => e.update)),
        lastSeq: added[added.length - 1]!.seq,
        logBytes: added.reduce((n, e) => n + e.update.byteLength, stored.logBytes),
      };
    },
  };
}
