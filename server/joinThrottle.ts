/**
 * Rate limits on join codes that stop guessing without stopping a room.
 *
 * What an attacker needs is many wrong guesses (a code is 40 bits), so wrong
 * guesses are what is counted, per client and across all clients; a correct
 * code costs nothing, so a whole office joining from one address (a NAT, a
 * reverse proxy) never hits a limit. Each attempt reserves a token before the
 * code is looked up and a correct one gives it back: a thousand guesses sent
 * at once are counted before any answer, not after.
 *
 * The global budget is what bounds guessing from many addresses: at 2 wrong
 * guesses a second, the chance of hitting any of 1,000 live codes in a day is
 * under 2 in 10,000. When it is spent, code joins pause for everyone (429 with
 * Retry-After) while links and QR codes keep working; answering correct codes
 * meanwhile would tell the guesser which ones are right.
 */
import { TokenBucket } from './rateLimit.ts';

interface JoinThrottleLimits {
  /** Wrong guesses one client may make: refill per second and burst. */
  perClient: { rate: number; burst: number };
  /** Wrong guesses all clients together may make. */
  global: { rate: number; burst: number };
  /** Clients remembered at most (the oldest are forgotten first). */
  maxClients: number;
}

const DEFAULT_JOIN_LIMITS: JoinThrottleLimits = {
  perClient: { rate: 10 / 60, burst: 30 },
  global: { rate: 2, burst: 300 },
  maxClients: 50_000,
};

/** A reserved attempt: settle it with `correct()` or `wrong()`. */
interface JoinAttempt {
  /** The code was right: the attempt does not count against anyone. */
  correct(): void;
  /** The code was wrong: the reservation stays spent. */
  wrong(): void;
}

export class JoinThrottle {
  private readonly global: TokenBucket;
  private readonly clients = new Map<string, TokenBucket>();

  constructor(private readonly limits: JoinThrottleLimits = DEFAULT_JOIN_LIMITS) {
    this.global = new TokenBucket(limits.global.rate, limits.global.burst);
  }

  /** Reserves an attempt for a client (rate key); undefined when it must wait (429). */
  attempt(client: string, now = Date.now()): JoinAttempt | undefined {
    const bucket = this.bucket(client, now);
    if (!bucket.take(now)) return undefined;
    if (!this.global.take(now)) {
      bucket.refund();
      return undefined;
    }
    let settled = false;
    return {
      correct: () => {
        if (settled) return;
        settled = true;
        bucket.refund();
        this.global.refund();
      },
      wrong: () => {
        settled = true;
      },
    };
  }

  private bucket(client: string, now: number): TokenBucket {
    let bucket = this.clients.get(client);
    if (bucket) {
      // Most recently used last, so the map's first entries are the oldest.
      this.clients.delete(client);
    } else {
      if (this.clients.size >= this.limits.maxClients) this.forget(now);
      bucket = new TokenBucket(this.limits.perClient.rate, this.limits.perClient.burst, now);
    }
    this.clients.set(client, bucket);
    return bucket;
  }

  /** Drops clients with nothing counted against them, else the least recently seen. */
  private forget(now: number): void {
    for (const [key, bucket] of this.clients) if (bucket.isFull(now)) this.clients.delete(key);
    // Make room for a tenth more, so a flood of new addresses does not rescan every time.
    while (this.clients.size >= this.limits.maxClients * 0.9) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
  }
}
