/**
 * Hand-made frames and updates for the attack suite: what a hostile client can
 * build with its own copy of the board and a little Yjs, sent over raw sockets.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageKind } from '../../shared/protocol.ts';

/** A y-websocket sync "update" message carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageKind.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

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
