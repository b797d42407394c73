/**
 * A websocket forwarded to the board's owner as a byte pipe: the client's
 * upgrade request (with the peer mark) goes to the owner's internal address,
 * and from then on bytes flow both ways untouched. Auth, rules, commits and
 * fan-out all happen at the owner; this process only copies bytes.
 *
 * It reads just enough of the owner's side to close the client properly: the
 * end of the HTTP answer (101 or a refusal) and the websocket frame
 * boundaries after it, so that when the owner goes away (killed, or the board
 * moved) a close frame (1012, "service restart": the stock client reconnects)
 * can be put between two frames, never inside one.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Tracks where the websocket frames of a byte stream begin and end (RFC 6455 §5.2). */
export class FrameBoundaries {
  private header: number[] = [];
  private remaining = 0;
  /** Whether a close frame (opcode 8) went by. */
  sawClose = false;

  /** True between two frames. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.header.length === 0;
  }

  /**
   * Consumes bytes of `chunk` from `offset`; with `stopAtBoundary` it stops at
   * the first frame boundary. Returns the offset it stopped at.
   */
  feed(chunk: Buffer, offset = 0, stopAtBoundary = false): number {
    let i = offset;
    while (i < chunk.length) {
      if (stopAtBoundary && this.atBoundary) return i;
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header.push(chunk[i++]!);
      const h = this.header;
      if (h.length < 2) continue;
      const len7 = h[1]! & 0x7f;
      const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
      const total = 2 + extended + (h[1]! & 0x80 ? 4 : 0);
      if (h.length < total) continue;
      let length = len7;
      if (extended) {
        length = 0;
        for (let k = 0; k < extended; k++) length = length * 256 + h[2 + k]!;
      }
      if ((h[0]! & 0x0f) === 0x8) this.sawClose = true;
      this.header = [];
      this.remaining = length;
    }
    return i;
  }
}

/** A close frame as a server sends it (unmasked). */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  return Buffer.concat([Buffer.from([0x88, 2 + text.length, code >> 8, code & 0xff]), text]);
}

/** Headers of a request as they arrived (names as sent), minus `drop` (lower-case names). */
function requestHead(req: IncomingMessage, drop: readonly string[], extra: Record<string, string>): string {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!drop.includes(req.rawHeaders[i]!.toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  }
  for (const [name, value] of Object.entries(extra)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const END_OF_HEAD = Buffer.from('\r\n\r\n');

/** One client's websocket, piped to the owner. */
export class ForwardedSocket {
  /** 'answer': waiting for the owner's HTTP answer; 'frames': upgraded; 'plain': refused (an HTTP answer passes through). */
  private phase: 'answer' | 'frames' | 'plain' = 'answer';
  private answer = Buffer.alloc(0);
  private readonly frames = new FrameBoundaries();
  private readonly upstream: net.Socket;
  private sentToClient = false;
  private closing: { code: number; reason: string } | undefined;
  private finished = false;
  private reported = false;

  constructor(
    private readonly client: Duplex,
    req: IncomingMessage,
    head: Buffer,
    target: URL,
    /** Headers to drop from the client's request (lower case) and to add (the peer mark). */
    headers: { drop: readonly string[]; add: Record<string, string> },
    /** Called once when both sides are done. */
    private readonly onDone: () => void,
  ) {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    this.upstream = target.protocol === 'https:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    this.upstream.setNoDelay(true);
    if (client instanceof net.Socket) client.setNoDelay(true);
    // Written before the connection is up: the socket keeps the order.
    this.upstream.write(requestHead(req, headers.drop, headers.add));
    if (head.length) this.upstream.write(head);
    client.pipe(this.upstream);
    this.upstream.on('data', (chunk: Buffer) => this.fromOwner(chunk));
    this.upstream.on('error', () => {}); // 'close' follows
    this.upstream.on('close', () => this.ownerGone());
    client.on('error', () => client.destroy());
    client.on('close', () => {
      this.upstream.destroy();
      this.done();
    });
  }

  /** Whether the owner accepted the websocket (101). */
  get upgraded(): boolean {
    return this.phase === 'frames';
  }

  /**
   * Closes the client: with a close frame (`code`, `reason`) once the owner's
   * frame in flight has passed, or an HTTP 503 if the owner has not answered
   * yet. The connection to the owner is dropped.
   */
  close(code: number, reason: string): void {
    if (this.closing || this.finished) return;
    this.closing = { code, reason };
    if (this.phase === 'answer' && !this.sentToClient) {
      this.upstream.destroy();
      refuseUnavailable(this.client);
      return;
    }
    if (this.phase !== 'frames') {
      this.upstream.destroy();
      this.client.destroy();
      return;
    }
    if (this.frames.atBoundary) this.sendClose();
    // else: fromOwner() sends it once the frame in flight has passed
  }

  private fromOwner(chunk: Buffer): void {
    if (this.finished) return;
    if (this.phase === 'answer') {
      this.answer = Buffer.concat([this.answer, chunk]);
      const end = this.answer.indexOf(END_OF_HEAD);
      if (end < 0) {
        if (this.answer.length > 16_384) this.client.destroy();
        return;
      }
      this.phase = /^HTTP\/1\.[01] 101 /.test(this.answer.subarray(0, 16).toString('latin1')) ? 'frames' : 'plain';
      const rest = this.answer.subarray(end + END_OF_HEAD.length);
      this.write(this.answer.subarray(0, end + END_OF_HEAD.length));
      this.answer = Buffer.alloc(0);
      if (this.closing && this.phase === 'frames') return this.sendClose();
      if (rest.length) this.fromOwner(rest);
      return;
    }
    if (this.phase === 'plain') {
      this.write(chunk);
      return;
    }
    if (this.closing) {
      // Let the frame in flight finish, then close.
      const stop = this.frames.feed(chunk, 0, true);
      if (stop > 0) this.write(chunk.subarray(0, stop));
      if (this.frames.atBoundary) this.sendClose();
      return;
    }
    this.frames.feed(chunk);
    this.write(chunk);
  }

  private write(bytes: Buffer): void {
    if (this.client.destroyed) return;
    this.sentToClient = true;
    if (!this.client.write(bytes)) {
      this.upstream.pause();
      this.client.once('drain', () => this.upstream.resume());
    }
  }

  /** The owner's side closed: pass its end on, or (no close frame seen) close the client with 1012. */
  private ownerGone(): void {
    if (this.finished || this.client.destroyed) return this.done();
    if (this.phase === 'frames' && !this.frames.sawClose) {
      this.closing ??= { code: 1012, reason: "the board's server went away: reconnect" };
      if (this.frames.atBoundary) return this.sendClose();
      this.client.destroy(); // cut inside a frame: nothing well-formed can follow
      return;
    }
    if (this.phase === 'answer' && !this.sentToClient) return refuseUnavailable(this.client);
    this.client.end();
  }

  private sendClose(): void {
    const { code, reason } = this.closing!;
    this.finished = true;
    this.upstream.destroy();
    this.client.unpipe(this.upstream);
    if (!this.client.destroyed) {
      this.client.end(closeFrame(code, reason));
      // The client answers with its own close frame and hangs up; a silent one is cut off.
      setTimeout(() => this.client.destroy(), 2_000).unref();
    }
    this.done();
  }

  private done(): void {
    this.finished = true;
    if (this.reported) return;
    this.reported = true;
    this.onDone();
  }
}

/** HTTP 503 to a client whose upgrade could not reach the owner: the stock client retries. */
export function refuseUnavailable(client: Duplex): void {
  if (client.destroyed) return;
  client.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  setTimeout(() => client.destroy(), 2_000).unref();
}
