/**
 * The protected records of one loaded board (shared/protection.ts), computed
 * only when a rule asks (an update that deletes or moves a card or link) and
 * kept until something they depend on changes: a card added, deleted or moved
 * to another column, a link, a commitment. Typing, the most frequent change by
 * far, never invalidates it, so an ordinary edit costs no recomputation.
 */
import * as Y from 'yjs';
import { readCommitments, readLinks } from '../../shared/doc/board.ts';
import { isColumnId, type Card } from '../../shared/model.ts';
import { protectedRecords, type Protection } from '../../shared/protection.ts';

export class ProtectionCache {
  private cached: Protection | undefined;
  private readonly cards: unknown;
  private readonly links: unknown;
  private readonly commitments: unknown;

  constructor(private readonly doc: Y.Doc) {
    this.cards = doc.getMap('cards');
    this.links = doc.getMap('links');
    this.commitments = doc.getMap('commitments');
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The board's protected cards and links now. */
  get(): Protection {
    this.cached ??= computeProtection(this.doc);
    return this.cached;
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (!this.cached) return;
    for (const [changed, keys] of transaction.changed) {
      const type: unknown = changed;
      const parent: unknown = changed._item?.parent;
      if (type === this.cards || type === this.links || type === this.commitments || parent === this.links || parent === this.commitments
        || (parent === this.cards && keys.has('column'))) {
        this.cached = undefined;
        return;
      }
    }
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }
}

/**
 * protectedRecords of the document, read lightly: cards by id and column only
 * (the trace and the commitments' validity need nothing else; their text is not read).
 */
export function computeProtection(doc: Y.Doc): Protection {
  const cards: Card[] = [];
  for (const [id, card] of doc.getMap<unknown>('cards')) {
    if (!(card instanceof Y.Map)) continue;
    const column = card.get('column');
    if (isColumnId(column)) cards.push({ id, column } as Card);
  }
  const links = readLinks(doc, cards);
  return protectedRecords({ cards, links, commitments: readCommitments(doc, cards) });
}
