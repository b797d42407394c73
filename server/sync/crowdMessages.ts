/**
 * The crowd policy's messages (./crowdPresence.ts): awareness entries encoded
 * once and joined into per-recipient messages without re-encoding, and a
 * broadcast framed once for every socket it goes to (./wsFrames.ts).
 */
import * as encoding from 'lib0/encoding';
import { MessageKind } from '../../shared/protocol.ts';
import { frameBinary } from './wsFrames.ts';

/** Bytes of `n` as a lib0 varuint. */
function varUintLength(n: number): number {
  let length = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    length++;
  }
  return length;
}

/**
 * One awareness message of pre-encoded entries, written straight into one
 * buffer (a town hall builds hundreds per flush: no encoder and copy per level).
 */
export function awarenessMessage(entries: readonly Uint8Array[]): Uint8Array {
  let innerLength = varUintLength(entries.length);
  for (const e of entries) innerLength += e.byteLength;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.awareness);
  encoding.writeVarUint(encoder, innerLength);
  encoding.writeVarUint(encoder, entries.length);
  const head = encoding.toUint8Array(encoder);
  const out = new Uint8Array(head.byteLength + innerLength - varUintLength(entries.length));
  out.set(head, 0);
  let at = head.byteLength;
  for (const e of entries) {
    out.set(e, at);
    at += e.byteLength;
  }
  return out;
}

/** One client's awareness entry (id, clock, state as JSON), encoded once for every message it goes into. */
export function entry(client: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}

/** The messages with their frames, built once for every recipient of the same bytes. */
export function broadcastOf(messages: Uint8Array[]): { messages: Uint8Array[]; frames: Buffer } {
  return { messages, frames: frameBinary(messages) };
}
