/**
 * Reverting what a peer's update inserted, inside the transaction that
 * applied it: the struct-level side of the write rules (sizeLimits.ts,
 * signatures.ts). What an update inserted is told by its items' ids: created
 * by another client than the server's document, at a clock at or after the
 * transaction's start.
 */
import * as Y from 'yjs';

/** Whether an item was created in `transaction` by someone else than this document itself. */
export function insertedBy(transaction: Y.Transaction, item: Y.Item): boolean {
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
      const values = replaced ? plainValues(replaced.content) : undefined;
      if (item.parentSub !== null && item.parent instanceof Y.Map && replaced?.deleted && !insertedBy(transaction, replaced) && values) {
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

/**
 * Plain values as a log holds them: `ContentAny`, and the legacy `ContentJSON`
 * that Yjs still reads (and the logs' readers read alike): a rule that looked
 * at the one only was passed by the other.
 */
function plainValues(content: Y.Item['content']): unknown[] | undefined {
  return content instanceof Y.ContentAny || content instanceof Y.ContentJSON ? content.getContent() : undefined;
}

/**
 * The runs of plain records peers appended to `log` in `transaction`, in log
 * order. Anything else a peer put in it (a Yjs type, binary, an embed, text)
 * is no record: it is deleted here.
 */
export function peerAppends(transaction: Y.Transaction, log: Y.Array<unknown>): AppendedRun[] {
  const runs: AppendedRun[] = [];
  for (let item = log._start; item; item = item.right) {
    if (item.deleted || !insertedBy(transaction, item)) continue;
    const run = item;
    const records = plainValues(run.content);
    if (records) runs.push({ records, remove: () => run.delete(transaction) });
    else run.delete(transaction);
  }
  return runs;
}

/** The `id`s of the records `log` held before `transaction` (what it appended is not counted). */
export function idsBefore(transaction: Y.Transaction, log: Y.Array<unknown>): Set<unknown> {
  const ids = new Set<unknown>();
  for (let item = log._start; item; item = item.right) {
    if (item.deleted || insertedBy(transaction, item)) continue;
    for (const record of plainValues(item.content) ?? []) {
      if (typeof record === 'object' && record !== null && 'id' in record) ids.add((record as { id: unknown }).id);
    }
  }
  return ids;
}

/**
 * The plain records `transaction` took out of `log` that were there before it
 * (not what it appended and removed again). Their content is still readable:
 * Yjs garbage-collects deleted content only when the transaction ends.
 */
export function peerRemovals(transaction: Y.Transaction, log: Y.Array<unknown>): unknown[] {
  const removed: unknown[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parent !== log) return;
    const values = plainValues(struct.content);
    if (!values || struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)) return;
    removed.push(...values);
  });
  return removed;
}
