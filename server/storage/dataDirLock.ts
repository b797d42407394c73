/**
 * One server per data directory: its journal files are written by one process
 * only (a second server would start them again under the first). The lock is
 * an exclusive SQLite transaction held open on `<file>-lock` (an fcntl lock,
 * which the OS lets go when the process ends, even by kill -9).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Takes the data directory of the store `file`, or throws saying another server holds it. */
export function holdDataDir(file: string): Database.Database {
  // A first start: the directory is made here, as opening the database would (./sqliteSchema.ts).
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lock = new Database(`${file}-lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(`${path.dirname(file)} is in use by another server process: run one server per DATA_DIR`, { cause: error });
    }
    throw error;
  }
}
