/**
 * The protected records of one loaded board (shared/protection.ts), computed
 * only when a rule asks (an update that deletes or moves a card or link) and
 * kept until something they depend on changes: a card added, deleted or moved
 * to another column, a link, a commitment. Typing, the most frequent change by
 * far, never invalidates it, so an ordinary edit costs no recomputation.
 */
import type * as Y from 'yjs';
import { readCardColumns, readCommitments, readLinks, recordsChangedBy } from '../../shared/doc/rules.ts';
import type { Card } from '../../shared/model.ts';
import { protectedRecords, type Protection } from '../../shared/protection.ts';

export class ProtectionCache {
  private cached: Protection | undefined;

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The board's protected cards and links now. */
  get(): Protection {
    this.cached ??= computeProtection(this.doc);
    return this.cached;
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (!this.cached) return;
    const changed = recordsChangedBy(transaction);
    if (changed.cards || changed.cardColumns || changed.links || changed.commitments) this.cached = undefined;
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
  const cards = readCardColumns(doc) as Card[];
  return protectedRecords({ cards, links: readLinks(doc, cards), commitments: readCommitments(doc, cards) });
}
