/**
 * The server time writes may take, shared by every socket of one writer and
 * of one client address. A budget per socket alone multiplied with sockets:
 * ten sockets of one participant moving linked cards on a big board took more
 * than a core (red team). Now
 * - a person's sockets on a board (content, drafts, several tabs) share one
 *   budget (`Limits.writeWork*`); a socket without a person has its own;
 * - every writing socket from one address (an IPv6 /64 counting as one) also
 *   draws on the address's budget (`Limits.addressWriteWork*`), twice a
 *   person's: a script joining again and again under new names gets no more.
 *   Past it, only the address's heavy writers are closed, never the room typing
 *   beside them; the facilitator does not draw on it (upgrade.ts).
 *   Loopback is not counted (the tests and benches; behind a proxy set
 *   `TRUST_PROXY`), like the other per-address bounds.
 * A room of 50 behind one office address typing and dragging uses a few
 * percent of the address's budget (a keystroke costs well under a millisecond).
 */
import { Limits } from '../../shared/protocol.ts';
import { TokenBucket } from '../rateLimit.ts';

/** A writer who spent more than this (ms) of their own allowance lately is a heavy one. */
const HEAVY_MS = 100;

export interface WorkRate {
  msPerSecond: number;
  burstMs: number;
}

/** What one socket's writes are charged to. */
export interface WriteBudget {
  /** Charges `ms` of server time; false once its writer or its address spent their allowance. */
  charge(ms: number): boolean;
  /** The socket closed (idempotent). */
  release(): void;
}

interface Entry {
  bucket: TokenBucket;
  sockets: number;
}

/** Buckets by key, each kept while a socket uses it or until it has refilled. */
class SharedBuckets {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly rate: WorkRate) {}

  acquire(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= 1024) this.forgetIdle();
      entry = { bucket: new TokenBucket(this.rate.msPerSecond, this.rate.burstMs), sockets: 0 };
      this.entries.set(key, entry);
    }
    entry.sockets++;
    return entry;
  }

  release(key: string, entry: Entry): void {
    entry.sockets--;
    // One that has not refilled is kept: closing the socket and opening another gives no fresh allowance.
    if (entry.sockets === 0 && entry.bucket.isFull() && this.entries.get(key) === entry) this.entries.delete(key);
  }

  private forgetIdle(): void {
    for (const [key, entry] of this.entries) if (entry.sockets === 0 && entry.bucket.isFull()) this.entries.delete(key);
  }
}

export class WriteBudgets {
  private readonly writers: SharedBuckets;
  private readonly addresses: SharedBuckets;

  constructor(
    private readonly perWriter: WorkRate = { msPerSecond: Limits.writeWorkMsPerSecond, burstMs: Limits.writeWorkBurstMs },
    perAddress: WorkRate = { msPerSecond: Limits.addressWriteWorkMsPerSecond, burstMs: Limits.addressWriteWorkBurstMs },
  ) {
    this.writers = new SharedBuckets(perWriter);
    this.addresses = new SharedBuckets(perAddress);
  }

  /**
   * The budget of a new socket on `boardId`: its person's (shared with their
   * other sockets on the board), else its own; and its address's, unless
   * `addressKey` is undefined (not counted).
   */
  open(boardId: string, personId: string | undefined, addressKey: string | undefined): WriteBudget {
    const writerKey = personId ? `${boardId}/${personId}` : undefined;
    const writer = writerKey ? this.writers.acquire(writerKey) : { bucket: new TokenBucket(this.perWriter.msPerSecond, this.perWriter.burstMs), sockets: 1 };
    const address = addressKey ? this.addresses.acquire(addressKey) : undefined;
    let open = true;
    return {
      charge: (ms) => {
        const now = Date.now();
        const writerLeft = writer.bucket.charge(ms, now);
        if (!address) return writerLeft;
        // An address past its allowance closes only its heavy writers (those who spent more than
        // HEAVY_MS of their own lately): a room on one venue Wi-Fi typing as usual (a keystroke costs
        // a millisecond or two, refilled at once) is never closed because one of them scripts (red team).
        const addressLeft = address.bucket.charge(ms, now);
        return writerLeft && (addressLeft || writer.bucket.above(this.perWriter.burstMs - HEAVY_MS, now));
      },
      release: () => {
        if (!open) return;
        open = false;
        if (writerKey) this.writers.release(writerKey, writer);
        if (address && addressKey) this.addresses.release(addressKey, address);
      },
    };
  }
}
