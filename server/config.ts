/** Server settings from the environment (CONTRACT.md "Running"). */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Directory of the built client (vite build output). */
  staticDir: string;
  /** How long a board stays loaded after its last client leaves. */
  idleUnloadMs: number;
  /** Keep-alive ping interval; a connection that misses one pong is dropped. */
  pingIntervalMs: number;
  /** Compact a document's log into a snapshot past this many entries. */
  compactAfterUpdates: number;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

export function configFromEnv(): ServerConfig {
  return {
    port: intFromEnv('PORT', 8080),
    host: process.env.HOST || '127.0.0.1',
    dataDir: resolve(process.env.DATA_DIR || './data'),
    staticDir: resolve(process.env.STATIC_DIR || './dist'),
    idleUnloadMs: intFromEnv('IDLE_UNLOAD_MS', 30_000),
    pingIntervalMs: intFromEnv('PING_INTERVAL_MS', 30_000),
    compactAfterUpdates: intFromEnv('COMPACT_AFTER_UPDATES', 500),
  };
}
