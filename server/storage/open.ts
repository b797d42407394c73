/**
 * The server's store: the embedded SQLite in DATA_DIR (in a worker thread),
 * or PostgreSQL when DATABASE_URL is set. The PostgreSQL code and its driver
 * are imported only then, so the default start loads neither.
 */
import { openSqliteWorkerStorage } from './sqliteWorker.ts';
import type { BoardStorage } from './types.ts';

export interface ServerStorage {
  storage: BoardStorage;
  /** Where the data is, for the startup line (a database URL without its password). */
  where: string;
}

/** A database URL fit for a log line: no password. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** Opens the store the environment asks for: PostgreSQL at `databaseUrl`, else SQLite in `dataDir`. */
export async function openServerStorage(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<ServerStorage> {
  if (opts.databaseUrl) {
    const { openPostgresStorage } = await import('./postgres.ts');
    return { storage: await openPostgresStorage({ url: opts.databaseUrl }), where: `PostgreSQL ${redactedDatabaseUrl(opts.databaseUrl)}` };
  }
  return { storage: await openSqliteWorkerStorage({ dataDir: opts.dataDir }), where: opts.dataDir };
}
