/**
 * Server-to-client websocket frames built once and written as is.
 *
 * Why: a broadcast goes to every client of a board. Through `ws.send`, each
 * recipient costs a header allocation, a cork, two writes and an uncork (a
 * `writev`) — and the update and the awareness of one flush are two such
 * sends. Framing a broadcast once (RFC 6455 §5.2: unmasked, FIN, binary) and
 * writing the same bytes to every socket costs one `write` per recipient,
 * whatever the number of messages in it.
 *
 * Writing frames to the socket next to `ws` is safe because each write is one
 * or more whole frames, synchronously, and `ws` never queues frames of its own
 * without compression (the server runs with perMessageDeflate off; a socket
 * with an extension negotiated falls back to `ws.send`, see connection.ts).
 */

/** Header size of an unmasked frame for a payload of `length` bytes. */
function headerLength(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** Writes the header of an unmasked, final, binary frame; returns the payload offset. */
function writeHeader(out: Buffer, at: number, length: number): number {
  out[at] = 0x82; // FIN + opcode 2 (binary)
  if (length < 126) {
    out[at + 1] = length;
    return at + 2;
  }
  if (length < 65536) {
    out[at + 1] = 126;
    out.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  out[at + 1] = 127;
  out.writeUInt32BE(Math.floor(length / 2 ** 32), at + 2);
  out.writeUInt32BE(length >>> 0, at + 6);
  return at + 10;
}

/** The messages as consecutive binary frames in one buffer (one write sends them all). */
export function frameBinary(messages: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const m of messages) total += headerLength(m.byteLength) + m.byteLength;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const m of messages) {
    at = writeHeader(out, at, m.byteLength);
    out.set(m, at);
    at += m.byteLength;
  }
  return out;
}
