/**
 * Hand-made frames and updates for the attack suite: what a hostile client can
 * build with its own copy of the board and a little Yjs, sent over raw sockets.
 */
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MessageKind } from '../../shared/protocol.ts';

/** An awareness message with hand-picked entries (client id, clock, state or null). */
export function awarenessFrame(entries: { client: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.client);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MessageKind.awareness);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** A copy of `doc` acting as the client `clientID` (for writing someone's "future" items). */
export function copyAs(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  // Only now: Yjs gives a doc a new id when a remote update carries its own.
  copy.clientID = clientID;
  return copy;
}

/**
 * What a hostile client sends after building on items the server has not
 * seen: `future` writes as another client (the facilitator's next items),
 * then `attack` writes as the attacker on top; only the attacker's part (and
 * the whole delete set) goes out.
 */
export function updateOnFuture(server: Y.Doc, victim: number, future: (doc: Y.Doc) => void, attack: (doc: Y.Doc) => void, attacker = 0x7ab1e): Uint8Array {
  const victimCopy = copyAs(server, victim);
  future(victimCopy);
  const attackerCopy = copyAs(victimCopy, attacker);
  const before = Y.encodeStateVector(attackerCopy);
  attack(attackerCopy);
  const update = Y.encodeStateAsUpdate(attackerCopy, before);
  victimCopy.destroy();
  attackerCopy.destroy();
  return update;
}

export interface RawUpgrade {
  socket: Socket;
  /** The HTTP status of the answer. */
  status: Promise<number>;
  /** The code of the server's close frame, once it sends one (after a 101). */
  closeCode: Promise<number>;
}

/**
 * A websocket upgrade by hand over TCP: what a hostile client sends, in the
 * order it likes; `following` goes out right after the request, without waiting for an answer.
 */
export function rawUpgrade(port: number, room: string, token: string, following: Buffer[] = []): RawUpgrade {
  return rawUpgradeOf(port, `/sync/${room}?token=${encodeURIComponent(token)}`, following);
}

/** `rawUpgrade` with the request target as given (`path`), however malformed. */
export function rawUpgradeOf(port: number, path: string, following: Buffer[] = []): RawUpgrade {
  const socket = tcpConnect(port, '127.0.0.1');
  socket.on('error', () => {});
  let buffer = Buffer.alloc(0);
  let headerEnd = -1;
  let resolveStatus: (s: number) => void = () => {};
  let resolveClose: (c: number) => void = () => {};
  const status = new Promise<number>((r) => (resolveStatus = r));
  const closeCode = new Promise<number>((r) => (resolveClose = r));
  socket.on('close', () => {
    resolveStatus(0);
    resolveClose(0);
  });
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (headerEnd < 0) {
      headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      resolveStatus(Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.toString('latin1', 0, headerEnd))?.[1] ?? 0));
      buffer = buffer.subarray(headerEnd + 4);
    }
    // Server frames are unmasked; a close frame carries its code in the first two payload bytes.
    while (buffer.length >= 2) {
      const opcode = buffer[0]! & 0x0f;
      let length = buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) [length, offset] = [buffer.readUInt16BE(2), 4];
      else if (length === 127) [length, offset] = [Number(buffer.readBigUInt64BE(2)), 10];
      if (buffer.length < offset + length) return;
      if (opcode === 0x8) resolveClose(buffer.readUInt16BE(offset));
      buffer = buffer.subarray(offset + length);
    }
  });
  socket.on('connect', () => {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n`
      + `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    for (const bytes of following) socket.write(bytes);
  });
  return { socket, status, closeCode };
}

/** The header of a masked client binary frame announcing `length` bytes (mask key 0). */
export function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/**
 * `update` (written by `client`, whose next clock is `clock`) with one more
 * struct: a one-character string anchored on its own id, which its client
 * cannot have seen. Yjs throws on it part way through applying the update.
 */
export function withSelfAnchored(update: Uint8Array, client: number, clock: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 0x80 | 4); // an origin, string content
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, 'x');
  encoding.writeVarUint(e, 0); // no deletions
  return Y.mergeUpdates([update, encoding.toUint8Array(e)]);
}

/** Two new clients' one-character strings, each anchored on the other's: Yjs can integrate neither. */
export function anchoredOnEachOther(a: number, b: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 2);
  for (const [client, other] of [[a, b], [b, a]] as const) {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, 0x80 | 4);
    encoding.writeVarUint(e, other);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, 'x');
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * `update`'s structs without its delete set: a map value written over another
 * still replaces it in Yjs (the old one is deleted as the new one integrates),
 * but the update does not say so. `legacyJson`: plain values as the legacy
 * `ContentJSON`, which Yjs still reads (the stock client writes `ContentAny`).
 */
export function withoutDeleteSet(update: Uint8Array, options: { legacyJson?: boolean } = {}): Uint8Array {
  const decoded = Y.decodeUpdate(update) as unknown as { structs: (Y.Item | Y.GC | Y.Skip)[] };
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const s of decoded.structs) {
    if (options.legacyJson && s instanceof Y.Item && s.content instanceof Y.ContentAny) s.content = new Y.ContentJSON(s.content.getContent());
    byClient.set(s.id.client, [...(byClient.get(s.id.client) ?? []), s]);
  }
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, structs] of [...byClient].sort((x, y) => y[0] - x[0])) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const s of structs) s.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
