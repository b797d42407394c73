/** A token bucket: `rate` tokens per second up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: number, private readonly burst: number, now = Date.now()) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Charges `amount` after the fact (time the server spent, say): the bucket
   * may go below empty and refills from there. False while it is below empty.
   */
  charge(amount: number, now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= amount;
    return this.tokens >= 0;
  }

  /** Gives back a token taken for something that turned out not to count. */
  refund(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Whether more than `amount` is left now (nothing is taken). */
  above(amount: number, now = Date.now()): boolean {
    return Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate) > amount;
  }

  /** True when the bucket is full again (nothing to remember). */
  isFull(now = Date.now()): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.rate >= this.burst;
  }
}

/** Token buckets keyed by client address, forgetting idle keys. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly rate: number, private readonly burst: number, private readonly maxKeys = 10_000) {}

  take(key: string): boolean {
    return this.bucket(key).take();
  }

  /** The bucket of `key` (created full). */
  bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
      bucket = new TokenBucket(this.rate, this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
