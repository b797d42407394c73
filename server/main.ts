/**
 * `npm start` / `npm run serve`: the server on PORT/HOST with the embedded
 * SQLite store in DATA_DIR. SIGTERM/SIGINT: stop accepting, flush, close the
 * database, exit 0.
 */
import { configFromEnv } from './config.ts';
import { consoleLogger, startServer } from './app.ts';
import { openSqliteStorage } from './storage/sqlite.ts';

const config = configFromEnv();
const storage = openSqliteStorage({ dataDir: config.dataDir });
const server = await startServer({ ...config, storage });
consoleLogger.info(`VCP board listening on ${server.url} (data in ${config.dataDir})`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  consoleLogger.info(`${signal}: stopping, flushing pending writes`);
  try {
    await server.close();
    await storage.close();
    process.exit(0);
  } catch (error) {
    consoleLogger.error('shutdown failed', error);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
