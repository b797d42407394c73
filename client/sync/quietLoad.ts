/**
 * Loading a board without encoding it again (a part of connection.ts's
 * BoardConnection): the browser's copy as it loads, and the server's updates as
 * they arrive.
 */
import type * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import type { IndexeddbPersistence } from 'y-indexeddb';

/**
 * Spares the document's loads from being encoded again. Yjs encodes every
 * transaction as an update for the document's `update` listeners, which here
 * are the persistence (it stores what changed in the browser's copy) and the
 * provider (it sends local changes to the server):
 * - The copy loads in one transaction of the persistence: encoded again it is
 *   the whole board once more (~40 ms of opening a 2,000-card board), which
 *   nobody uses — the persistence skips its own loads, and a provider not
 *   connected yet sends nothing (once connected, the sync sends the server what
 *   it lacks).
 * - The server's sync and updates are applied in transactions of the provider,
 *   which does not send them back: only the copy needs them, and it stores the
 *   update's bytes as they came, not an encoding of what they changed (a
 *   2,000-card board's first sync is ~700 KB, ~25 ms to encode again).
 * So both leave `update` for those transactions alone, and are back before any
 * other transaction's update is encoded. Returns the function that stops it.
 */
export function quietLoad(doc: Y.Doc, persistence: IndexeddbPersistence, provider: WebsocketProvider): () => void {
  /** The update from the server being applied, as it came. */
  let received: Uint8Array | null = null;
  let away = false;
  const back = () => {
    if (!away) return;
    doc.on('update', persistence._storeUpdate);
    doc.on('update', provider._updateHandler);
    away = false;
  };
  const beforeEncoding = (transaction: Y.Transaction) => {
    back();
    const fromServer = transaction.origin === provider && received !== null;
    const copyLoading = transaction.origin === persistence && !provider.wsconnected;
    if (!fromServer && !copyLoading) return;
    doc.off('update', persistence._storeUpdate);
    doc.off('update', provider._updateHandler);
    away = true;
    const changed = transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
    // Kept whenever it changed the board or waits for an earlier update (Yjs holds it as pending).
    if (fromServer && received && (changed || doc.store.pendingStructs !== null || doc.store.pendingDs !== null)) {
      persistence._storeUpdate(received, provider);
    }
    received = null;
  };
  const sync = provider.messageHandlers[messageSync]!;
  provider.messageHandlers[messageSync] = (encoder, decoder, from, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    const kind = decoding.readVarUint(peek);
    // A copy: the message's buffer is the socket's, and the copy keeps the update.
    received = kind === messageYjsSyncStep2 || kind === messageYjsUpdate ? decoding.readVarUint8Array(peek).slice() : null;
    try {
      sync(encoder, decoder, from, emitSynced, messageType);
    } finally {
      received = null;
    }
  };
  doc.on('afterTransactionCleanup', beforeEncoding);
  doc.on('afterAllTransactions', back);
  return () => {
    back();
    provider.messageHandlers[messageSync] = sync;
    doc.off('afterTransactionCleanup', beforeEncoding);
    doc.off('afterAllTransactions', back);
  };
}
