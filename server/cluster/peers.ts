/**
 * How cluster peers recognise each other (docs/SCALING.md): a process that
 * forwards a client's request to the board's owner marks it with the cluster
 * secret and the client's address. The owner believes the mark only with the
 * right secret (compared in constant time), so a client cannot forge one to
 * pose as a peer: it would not be served as forwarded (never forwarded
 * again) nor counted under another address by the rate limits.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setRelayedClient } from '../net/addresses.ts';

/** The header carrying the cluster secret on a forwarded request. */
export const PEER_HEADER = 'x-vcp-peer';
/** The header carrying the address of the client a peer forwarded the request for. */
export const CLIENT_HEADER = 'x-vcp-client';

/** Headers a client's request may carry that only a peer may set: dropped before forwarding. */
export const PEER_HEADERS: readonly string[] = [PEER_HEADER, CLIENT_HEADER];

export class ClusterPeers {
  private readonly digest: Buffer;

  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('the cluster secret must be at least 16 characters');
    this.digest = createHash('sha256').update(secret).digest();
  }

  /** The headers a forwarded request carries: the secret and the client's address. */
  markForwarded(clientAddress: string): Record<string, string> {
    return { [PEER_HEADER]: this.secret, [CLIENT_HEADER]: clientAddress };
  }

  /**
   * Whether a peer forwarded `req` (its mark carries the cluster secret). If so,
   * the request counts as coming from the client the peer named.
   */
  acceptForwarded(req: IncomingMessage): boolean {
    const shown = req.headers[PEER_HEADER];
    if (typeof shown !== 'string') return false;
    const ok = timingSafeEqual(createHash('sha256').update(shown).digest(), this.digest);
    const client = req.headers[CLIENT_HEADER];
    if (ok && typeof client === 'string' && client) setRelayedClient(req, client);
    return ok;
  }
}
