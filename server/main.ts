/**
 * `npm start [-- --lan]` / `npm run serve`: the server on PORT/HOST with the embedded
 * SQLite store in DATA_DIR, whose fsyncs run in the thread pool so a slow
 * fsync does not stall the event loop (storage/sqliteServer.ts); with DATABASE_URL set, the
 * PostgreSQL store instead (docs/SCALING.md). SIGTERM/SIGINT: stop accepting,
 * flush, close the database, exit 0.
 */
import { clusterConfigFromEnv, configFromEnv, type ClusterConfig } from './config.ts';
import { consoleLogger, startServer } from './app.ts';
import { startupLine } from './net/startupLine.ts';
import { openServerStorage } from './storage/open.ts';

let config: ReturnType<typeof configFromEnv>;
let cluster: ClusterConfig | undefined;
try {
  config = configFromEnv(process.argv.slice(2));
  if (process.env.DATABASE_URL) cluster = clusterConfigFromEnv();
} catch (error) {
  consoleLogger.error('cannot start:', error);
  process.exit(2);
}
let opened: Awaited<ReturnType<typeof openServerStorage>>;
try {
  opened = await openServerStorage({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL, ...(cluster ? { cluster } : {}) });
} catch (error) {
  consoleLogger.error('cannot open the store:', error);
  process.exit(2);
}
const { storage, ownership } = opened;
let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer({ ...config, storage, ...(ownership ? { claims: ownership, cluster: ownership.cluster } : {}) });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') consoleLogger.error(`cannot start: port ${config.port} on ${config.host} is in use (another server running? choose one with PORT=…)`);
  else if (code === 'EACCES') consoleLogger.error(`cannot start: no permission to listen on port ${config.port} (choose one above 1023 with PORT=…)`);
  else consoleLogger.error('cannot start:', error);
  await ownership?.close().catch(() => {});
  await storage.close().catch(() => {});
  process.exit(2);
}
if (ownership) {
  ownership.setOwnerUrl(server.url);
  ownership.onLost = (boardId) => {
    consoleLogger.error(`board ${boardId} was taken over by another process (this one missed renewing its lease): its clients reconnect`);
    server.rooms.dropBoard(boardId);
  };
}
consoleLogger.info(startupLine(server.url, server.port, { ...config, dataDir: opened.where }));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  consoleLogger.info(`${signal}: stopping, flushing pending writes`);
  try {
    await server.close();
    await ownership?.close(); // every board released: the next claimer need not wait for the TTL
    await storage.close();
    process.exit(0);
  } catch (error) {
    consoleLogger.error('shutdown failed', error);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
