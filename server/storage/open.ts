/**
 * The server's store: the embedded SQLite in DATA_DIR (fsyncs off the event loop),
 * or PostgreSQL when DATABASE_URL is set, with this process's board leases
 * (docs/SCALING.md). The PostgreSQL code and its driver are imported only
 * then, so the default start loads neither.
 */
import type { ClusterOptions } from '../cluster/forwarder.ts';
import type { ClusterConfig } from '../config.ts';
import { BoardOwnedElsewhere, type BoardClaims } from '../sync/rooms.ts';
import { openSqliteServerStorage } from './sqliteServer.ts';
import type { BoardStorage } from './types.ts';

export interface ServerStorage {
  storage: BoardStorage;
  /** Where the data is, for the startup line (a database URL without its password). */
  where: string;
  /**
   * With PostgreSQL: this process's board leases. `setOwnerUrl` once the
   * server listens; `onLost` is called when a board was taken over.
   */
  ownership?: BoardClaims & {
    setOwnerUrl(url: string): void;
    set onLost(listener: (boardId: string) => void);
    close(): Promise<void>;
    /** What the server forwards with (server/cluster/): who owns which board, and the peers' secret. */
    cluster: ClusterOptions;
  };
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
export async function openServerStorage(opts: { dataDir: string; databaseUrl?: string | undefined; cluster?: ClusterConfig }): Promise<ServerStorage> {
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    const config = opts.cluster;
    const [{ openPostgresStorage }, { BoardOwnership }] = await Promise.all([import('./postgres.ts'), import('./postgresOwnership.ts')]);
    // The internal URL is known once the server listens (setOwnerUrl); INTERNAL_URL overrides it.
    const leases = new BoardOwnership({
      url,
      ownerUrl: config?.internalUrl ?? '',
      ...(config ? { ttlMs: config.leaseTtlMs, renewEveryMs: config.leaseRenewMs } : {}),
    });
    const storage = await openPostgresStorage({ url, ownership: leases });
    let secret: string;
    try {
      secret = config?.clusterSecret ?? (await leases.clusterSecret());
    } catch (error) {
      await storage.close();
      await leases.close();
      throw error;
    }
    return {
      storage,
      where: `PostgreSQL ${redactedDatabaseUrl(url)}`,
      ownership: {
        async claim(boardId) {
          const claimed = await leases.claim(boardId);
          if (!claimed.owned) throw new BoardOwnedElsewhere(boardId, claimed.lease.ownerUrl);
        },
        release: (boardId) => leases.release(boardId),
        setOwnerUrl(ownerUrl) {
          if (!config?.internalUrl) leases.ownerUrl = ownerUrl;
        },
        set onLost(listener: (boardId: string) => void) {
          leases.onLost = listener;
        },
        close: () => leases.close(),
        cluster: {
          secret,
          watchEveryMs: leases.renewEveryMs,
          directory: {
            holds: (boardId) => leases.fenceOf(boardId) !== undefined,
            async liveOwner(boardId) {
              const lease = await leases.liveOwner(boardId);
              // A lease naming this process's own address is an earlier run's (restarted on the same port).
              return lease && lease.ownerUrl !== leases.ownerUrl ? { ownerId: lease.ownerId, ownerUrl: lease.ownerUrl } : undefined;
            },
          },
        },
      },
    };
  }
  return { storage: await openSqliteServerStorage({ dataDir: opts.dataDir }), where: opts.dataDir };
}
