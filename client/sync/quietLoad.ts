/**
 * Loading the browser's copy of a board without encoding it again (a part of
 * connection.ts's BoardConnection).
 */
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { IndexeddbPersistence } from 'y-indexeddb';

/**
 * Spares the document's load from the browser's copy being encoded again. The
 * copy loads in one transaction of the persistence, and Yjs encodes every
 * transaction as an update for the document's `update` listeners: for the copy
 * that is the whole board once more (~40 ms of opening a 2,000-card board),
 * which nobody here uses — the persistence skips its own loads, and a provider
 * not connected yet sends nothing (once connected, the sync sends the server
 * what it lacks). So both leave `update` for that transaction alone, and are
 * back before any other transaction's update is encoded. Returns the function
 * that stops it.
 */
export function quietLoad(doc: Y.Doc, persistence: IndexeddbPersistence, provider: () => WebsocketProvider | undefined): () => void {
  let away: WebsocketProvider | null = null;
  const back = () => {
    if (!away) return;
    doc.on('update', persistence._storeUpdate);
    doc.on('update', away._updateHandler);
    away = null;
  };
  const beforeEncoding = (transaction: Y.Transaction) => {
    back();
    const connection = provider();
    if (transaction.origin !== persistence || !connection || connection.wsconnected) return;
    doc.off('update', persistence._storeUpdate);
    doc.off('update', connection._updateHandler);
    away = connection;
  };
  doc.on('afterTransactionCleanup', beforeEncoding);
  doc.on('afterAllTransactions', back);
  return () => {
    back();
    doc.off('afterTransactionCleanup', beforeEncoding);
    doc.off('afterAllTransactions', back);
  };
}
