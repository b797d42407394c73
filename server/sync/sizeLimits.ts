/**
 * Bounds on what a writer can make a board grow to (numbers in
 * shared/protocol.ts `Limits`, reasons in docs/API.md):
 * - a card's text and a link's assumption hold at most `maxCardTextChars`;
 *   what an update inserts into a text that ends up longer is reverted;
 * - a board document has a size budget (its encoded state) and a bound on the
 *   items it holds (what it costs in memory); an update that would take it
 *   over either has everything it inserts reverted, and its writer's socket is
 *   closed with 4413.
 * The text limit and the size budget revert in the same transaction as the
 * update, so the writer's later updates still integrate and nothing over the
 * limit is stored or sent; an update past the item bound is not applied at all
 * (what it deletes could not be put back without new items).
 */
import * as Y from 'yjs';
import { changedRecordTexts } from '../../shared/doc/rules.ts';

/** How many items (structs) a document holds: what it costs in memory. O(writers), not O(items). */
export function countItems(doc: Y.Doc): number {
  let n = 0;
  doc.store.clients.forEach((structs) => {
    n += structs.length;
  });
  return n;
}

/**
 * The items of one document against a bound (`Limits.maxBoardItems`): an upper
 * bound tracked from what updates add (what they insert, and the items their
 * deletions split), counted again exactly only when it says a write would pass
 * the bound (items also merge and are collected: the exact count may be lower).
 */
export class ItemBudget {
  private counted: number;
  private since = 0;

  constructor(private readonly doc: Y.Doc, readonly max: number) {
    this.counted = countItems(doc);
  }

  /** Whether inserting `items` more would take the document over its bound. */
  wouldExceed(items: number): boolean {
    if (this.counted + this.since + items <= this.max) return false;
    this.counted = countItems(this.doc);
    this.since = 0;
    return this.counted + items > this.max;
  }

  /** Items an applied update inserted. */
  added(items: number): void {
    this.since += items;
  }
}

/** The encoded size of one document, tracked cheaply between exact measurements. */
export class SizeBudget {
  /** Exact size at the last measurement. */
  private measured: number;
  /** Bytes of the updates since (an upper bound of the growth). */
  private since = 0;
  /** Something was deleted since the last measurement: the board may have shrunk. */
  private freed = false;

  /**
   * `storedBytes`: what the document took in storage when it was loaded; taken
   * as the first estimate instead of encoding a big board on its first write,
   * and measured exactly before it is ever the reason for a refusal.
   */
  constructor(private readonly doc: Y.Doc, readonly budget: number, storedBytes = 0) {
    this.measured = storedBytes > 0 ? storedBytes : Y.encodeStateAsUpdate(doc).byteLength;
    this.freed = storedBytes > 0;
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

/**
 * Card texts and link assumptions the transaction changed that are now longer
 * than `limit` (the length of a Y.Text is kept by Yjs: no text is read).
 */
export function textsOverLimit(transaction: Y.Transaction, limit: number): Y.Text[] {
  return changedRecordTexts(transaction).filter((text) => text.length > limit);
}
