/** Server settings from the environment and `npm start` flags (docs/API.md "Running", docs/DEPLOY.md). */
import { resolve } from 'node:path';
import { DEFAULT_MAX_SOCKETS_PER_BOARD } from './sync/boardSockets.ts';

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
  /**
   * The address people use to reach the server (`PUBLIC_URL`, e.g. behind a
   * TLS proxy): every link and QR code is built on it, and browser pages from
   * it may open board sessions. Origin only (scheme, host, port), no trailing slash.
   */
  publicUrl?: string;
  /**
   * How many reverse proxies in front of the server append to X-Forwarded-For
   * (`TRUST_PROXY`: 0 or unset = none, `true` = 1). With one, the client
   * address is the right-most entry, and X-Forwarded-Host/-Proto are believed.
   */
  trustProxy?: number;
  /** `MAX_SOCKETS_PER_BOARD`: sockets one board may hold open at once (default 5,000: server/sync/boardSockets.ts). */
  maxSocketsPerBoard?: number;
  /**
   * `BOARDS_PER_HOUR`: boards (and portfolios) one address may create in an hour
   * (default 100, up to 100 at once); the machine itself (loopback) is not counted.
   */
  boardsPerHour?: number;
}

/** Boards one address may create in an hour by default (`BOARDS_PER_HOUR`). */
export const DEFAULT_BOARDS_PER_HOUR = 100;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

/** `PUBLIC_URL` as an origin: http(s), no path, query or credentials. */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL such as https://vcp.example.com (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('PUBLIC_URL must start with http:// or https://');
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new Error('PUBLIC_URL must be an origin only (scheme, host and port): the app is served at the root of it');
  }
  return url.origin;
}

/** `TRUST_PROXY`: unset/false/0 → 0, true → 1, N → N proxy hops. */
export function parseTrustProxy(raw: string | undefined): number {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === 'no') return 0;
  if (value === 'true' || value === 'yes') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error('TRUST_PROXY must be true, false or the number of proxies in front of the server (0-10)');
  return n;
}

/**
 * The settings of `npm start [-- --lan]`: `--lan` listens on every interface
 * (HOST=0.0.0.0) so phones and laptops on the room's network can join.
 */
export function configFromEnv(argv: readonly string[] = []): ServerConfig {
  const unknown = argv.filter((a) => a !== '--lan');
  if (unknown.length) throw new Error(`unknown option ${unknown[0]}: the server takes --lan (or set HOST, PORT, PUBLIC_URL, TRUST_PROXY, DATA_DIR)`);
  const publicUrl = parsePublicUrl(process.env.PUBLIC_URL);
  return {
    port: intFromEnv('PORT', 8080),
    host: argv.includes('--lan') ? '0.0.0.0' : process.env.HOST || '127.0.0.1',
    dataDir: resolve(process.env.DATA_DIR || './data'),
    staticDir: resolve(process.env.STATIC_DIR || './dist'),
    idleUnloadMs: intFromEnv('IDLE_UNLOAD_MS', 30_000),
    pingIntervalMs: intFromEnv('PING_INTERVAL_MS', 30_000),
    compactAfterUpdates: intFromEnv('COMPACT_AFTER_UPDATES', 500),
    ...(publicUrl ? { publicUrl } : {}),
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    ...(process.env.MAX_SOCKETS_PER_BOARD ? { maxSocketsPerBoard: intFromEnv('MAX_SOCKETS_PER_BOARD', DEFAULT_MAX_SOCKETS_PER_BOARD) } : {}),
    ...(process.env.BOARDS_PER_HOUR ? { boardsPerHour: intFromEnv('BOARDS_PER_HOUR', DEFAULT_BOARDS_PER_HOUR) } : {}),
  };
}

/** Settings of several processes on PostgreSQL (docs/SCALING.md); read only with DATABASE_URL. */
export interface ClusterConfig {
  /** `LEASE_TTL_MS`: how long a board's lease lasts unrenewed (default 10 s): how long a stuck owner holds a board. */
  leaseTtlMs: number;
  /** `LEASE_RENEW_MS`: how often owned leases are renewed (default a third of the ttl). */
  leaseRenewMs: number;
  /** `CLUSTER_SECRET`: what forwarding peers show each other (default: a random secret kept in the database). */
  clusterSecret?: string;
  /** `INTERNAL_URL`: where other processes reach this one (default: the URL it listens on). */
  internalUrl?: string;
}

export function clusterConfigFromEnv(): ClusterConfig {
  const leaseTtlMs = intFromEnv('LEASE_TTL_MS', 10_000);
  const leaseRenewMs = intFromEnv('LEASE_RENEW_MS', Math.max(10, Math.floor(leaseTtlMs / 3)));
  if (leaseTtlMs < 100) throw new Error('LEASE_TTL_MS must be at least 100');
  if (leaseRenewMs < 10 || leaseRenewMs * 2 > leaseTtlMs) throw new Error('LEASE_RENEW_MS must be at least 10 and at most half of LEASE_TTL_MS');
  const secret = process.env.CLUSTER_SECRET?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 16) throw new Error('CLUSTER_SECRET must be at least 16 characters');
  const internal = process.env.INTERNAL_URL?.trim();
  if (internal) {
    if (!URL.canParse(internal) || !/^https?:$/.test(new URL(internal).protocol)) throw new Error(`INTERNAL_URL must be an http(s) URL (got ${JSON.stringify(internal)})`);
  }
  return {
    leaseTtlMs,
    leaseRenewMs,
    ...(secret ? { clusterSecret: secret } : {}),
    ...(internal ? { internalUrl: new URL(internal).origin } : {}),
  };
}
