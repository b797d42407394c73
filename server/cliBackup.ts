/**
 * `npm run vcp -- backup FILE`: a consistent copy of the SQLite store in
 * DATA_DIR, safe while the server runs, with every update the server had
 * written when it started. SQLite's online backup copies the database (and
 * what is in its WAL); the server's newest updates may still be only in its
 * update journal (server/storage/updateJournal.ts), so the journal is read
 * first and what the copy lacks of it is added to the copy.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { configFromEnv } from './config.ts';
import { journalEntries } from './storage/journalReader.ts';
import { openUncheckedSqliteStorage } from './storage/sqlite.ts';

export const BACKUP_USAGE = 'usage: npm run vcp -- backup FILE';
export const BACKUP_HELP = `${BACKUP_USAGE}
Copies the SQLite store in DATA_DIR (default ./data) to FILE, which must not exist: a
consistent copy, safe while the server runs, with every update the server had stored when
the backup started. To restore, stop the server and put the copy in DATA_DIR as vcp.sqlite
(docs/DEPLOY.md). On PostgreSQL (DATABASE_URL set), use pg_dump instead.`;

export async function runBackup(argv: readonly string[], fail: (message: string) => never): Promise<void> {
  if (process.env.DATABASE_URL) fail('backup copies the SQLite store; with DATABASE_URL set, back up PostgreSQL with pg_dump');
  if (argv.length !== 1 || argv[0]!.startsWith('-')) fail(BACKUP_USAGE);
  const out = resolve(argv[0]!);
  if (existsSync(out)) fail(`${out} exists: give the backup a new file name`);
  if (!existsSync(dirname(out))) fail(`${dirname(out)} does not exist`);
  const { dataDir } = configFromEnv();
  const file = join(dataDir, 'vcp.sqlite');
  if (!existsSync(file)) fail(`no boards in ${dataDir} (vcp.sqlite is missing): set DATA_DIR to the server's data directory`);
  // The journal first: an update SQLite takes meanwhile is then in both (added once), none in neither.
  const entries = journalEntries(`${file}-log`);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(out);
  } finally {
    source.close();
  }
  const copy = openUncheckedSqliteStorage({ dataDir: dirname(out), fileName: basename(out), readonly: false });
  let added: number;
  try {
    added = copy.replay(entries);
  } finally {
    await copy.close();
  }
  console.log(`backed up ${dataDir} to ${out}${added > 0 ? ` (${added} update${added === 1 ? '' : 's'} from the server's journal)` : ''}`);
}
