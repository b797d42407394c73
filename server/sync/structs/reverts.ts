/**
 * Reverting what a peer's update inserted, inside the transaction that
 * applied it: the struct-level side of the write rules (sizeLimits.ts,
 * signatures.ts). What an update inserted is told by its items' ids: created
 * by another client than the server's document, at a clock at or after the
 * transaction's start.
 */
import * as Y from 'yjs';

/** Whether an item was created in `transaction` by someone else than this document itself. */
function insertedBy(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.client !== transaction.doc.clientID && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/**
 * Deletes what `transaction` inserted into `text` (not the server's own
 * writes); returns how many characters that was.
 */
export function revertTextInsertions(transaction: Y.Transaction, text: Y.Text): number {
  let removed = 0;
  for (let item = text._start; item; item = item.right) {
    if (!item.deleted && insertedBy(transaction, item)) {
      removed += item.length;
      item.delete(transaction);
    }
  }
  return removed;
}

/**
 * Deletes everything `transaction` inserted (not the server's own writes). A
 * map value that replaced a plain value gets that value back, so a refused
 * update leaves no key emptied; values it replaced that were Yjs types stay
 * replaced (their new content is deleted). Returns how many items were reverted.
 */
export function revertAllInsertions(transaction: Y.Transaction): number {
  const doc = transaction.doc;
  let reverted = 0;
  const putBack: { map: Y.Map<unknown>; key: string; value: unknown }[] = [];
  for (const [client, structs] of doc.store.clients) {
    const from = transaction.beforeState.get(client) ?? 0;
    if (client === doc.clientID || structs.length === 0) continue;
    const last = structs[structs.length - 1]!;
    if (last.id.clock + last.length <= from) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.deleted || !insertedBy(transaction, item)) continue;
      const replaced = item.left;
      // Deleted content is garbage-collected when its transaction ends: a value still there was replaced now.
      if (item.parentSub !== null && item.parent instanceof Y.Map && replaced?.deleted && !insertedBy(transaction, replaced)
        && replaced.content instanceof Y.ContentAny) {
        const values = replaced.content.getContent();
        putBack.push({ map: item.parent, key: item.parentSub, value: values[values.length - 1] });
      }
      item.delete(transaction);
      reverted++;
    }
  }
  for (const { map, key, value } of putBack) map.set(key, value);
  return reverted;
}

/** A run of records a peer appended to a log in `transaction`, and how to take it back. */
interface AppendedRun {
  records: unknown[];
  /** Deletes the run (it is garbage-collected before the transaction's update is stored). */
  remove(): void;
}

/** The runs of plain records peers appended to `log` in `transaction`, in log order. */
export function peerAppends(transaction: Y.Transaction, log: Y.Array<unknown>): AppendedRun[] {
  const runs: AppendedRun[] = [];
  for (let item = log._start; item; item = item.right) {
    if (item.deleted || !insertedBy(transaction, item) || !(item.content instanceof Y.ContentAny)) continue;
    const run = item;
    runs.push({ records: run.content.getContent(), remove: () => run.delete(transaction) });
  }
  return runs;
}

/**
 * The plain records `transaction` took out of `log` that were there before it
 * (not what it appended and removed again). Their content is still readable:
 * Yjs garbage-collects deleted content only when the transaction ends.
 */
export function peerRemovals(transaction: Y.Transaction, log: Y.Array<unknown>): unknown[] {
  const removed: unknown[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== log || !(struct.content instanceof Y.ContentAny)) return;
    if (struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)) return;
    removed.push(...struct.content.getContent());
  });
  return removed;
}
