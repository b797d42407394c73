/**
 * The store the CLI (`npm run vcp`) works on: the same as the server's —
 * PostgreSQL when DATABASE_URL is set (docs/SCALING.md), else the SQLite
 * file in DATA_DIR. The PostgreSQL code is loaded only then.
 *
 * On PostgreSQL the CLI holds no board lease: it reads (export, list), and it
 * creates new boards (import), which nobody owns yet. Adding to an existing
 * board always goes through a running server (its owner).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from '../config.ts';
import { readingJournal } from './journalReader.ts';
import { redactedDatabaseUrl } from './open.ts';
import { openSqliteStorage } from './sqlite.ts';
import type { BoardStorage } from './types.ts';

/** The file the server keeps its boards in (./sqlite.ts). */
const STORE_FILE = 'vcp.sqlite';

/** Why the CLI cannot open the store, in one line for the user. */
export class CliStoreError extends Error {}

/** Opens the server's store for the CLI; `readonly` (SQLite): safe while the server runs. */
export async function openCliStorage(opts: { readonly: boolean }): Promise<{ storage: BoardStorage; where: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { openPostgresStorage } = await import('./postgres.ts');
    const where = redactedDatabaseUrl(url);
    try {
      return { storage: await openPostgresStorage({ url }), where };
    } catch (error) {
      throw new CliStoreError(`cannot open the boards in ${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  const { dataDir } = configFromEnv();
  if (opts.readonly && !existsSync(join(dataDir, STORE_FILE))) {
    throw new CliStoreError(`no boards in ${dataDir} (${STORE_FILE} is missing): set DATA_DIR to the server's data directory`);
  }
  try {
    const storage = openSqliteStorage({ dataDir, readonly: opts.readonly });
    // Reading: with the server's last updates, which may still be only in its journal.
    return { storage: opts.readonly ? readingJournal(storage, join(dataDir, `${STORE_FILE}-log`)) : storage, where: dataDir };
  } catch (error) {
    throw new CliStoreError(`cannot open the boards in ${dataDir}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}
