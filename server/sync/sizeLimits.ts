/**
 * Bounds on what a writer can make a board grow to (numbers in
 * shared/protocol.ts `Limits`, reasons in docs/API.md):
 * - a card's text and a link's assumption hold at most `maxCardTextChars`;
 *   what an update inserts into a text that ends up longer is reverted;
 * - a board document has a size budget (its encoded state); an update that
 *   would take it over has everything it inserts reverted, and its writer's
 *   socket is closed with 4413.
 * Both revert in the same transaction as the update, so the writer's later
 * updates still integrate and nothing over the limit is stored or sent.
 */
import * as Y from 'yjs';

/** The encoded size of one document, tracked cheaply between exact measurements. */
export class SizeBudget {
  /** Exact size at the last measurement. */
  private measured: number;
  /** Bytes of the updates since (an upper bound of the growth). */
  private since = 0;
  /** Something was deleted since the last measurement: the board may have shrunk. */
  private freed = false;

  constructor(private readonly doc: Y.Doc, readonly budget: number) {
    this.measured = Y.encodeStateAsUpdate(doc).byteLength;
    doc.on('update', this.onUpdate);
    doc.on('afterTransaction', this.onTransaction);
  }

  private onUpdate = (update: Uint8Array): void => {
    this.since += update.byteLength;
  };

  private onTransaction = (transaction: Y.Transaction): void => {
    if (transaction.deleteSet.clients.size > 0) this.freed = true;
  };

  /** The size now, at most; exact right after a measurement. */
  get estimate(): number {
    return this.measured + this.since;
  }

  /**
   * Whether adding `bytes` would take the document over its budget. Measures
   * the document again only when the estimate says so and something was
   * deleted since the last measurement (a full board is not re-encoded on every keystroke).
   */
  wouldExceed(bytes: number): boolean {
    if (this.estimate + bytes <= this.budget) return false;
    if (this.freed) {
      this.measured = Y.encodeStateAsUpdate(this.doc).byteLength;
      this.since = 0;
      this.freed = false;
    }
    return this.estimate + bytes > this.budget;
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.doc.off('afterTransaction', this.onTransaction);
  }
}

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
 * Card texts and link assumptions the transaction changed that are now longer
 * than `limit` (the length of a Y.Text is kept by Yjs: no text is read).
 */
export function textsOverLimit(doc: Y.Doc, transaction: Y.Transaction, limit: number): Y.Text[] {
  const cards = doc.getMap('cards');
  const links = doc.getMap('links');
  const over: Y.Text[] = [];
  for (const type of transaction.changed.keys()) {
    if (!(type instanceof Y.Text) || type.length <= limit) continue;
    const holder = type._item;
    const entry = holder?.parent as Y.AbstractType<unknown> | undefined;
    const root = entry?._item?.parent;
    if ((holder?.parentSub === 'text' && root === cards) || (holder?.parentSub === 'assumption' && root === links)) over.push(type);
  }
  return over;
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
