/**
 * The protected records of one loaded board (shared/protection.ts), computed
 * only when a rule asks (an update that deletes or moves a card or link) and
 * kept until something they depend on changes: a card added, deleted or moved
 * to another column, a link, a commitment. Typing, the most frequent change by
 * far, never invalidates it, so an ordinary edit costs no recomputation.
 */
import type * as Y from 'yjs';
import { cardKeysChangedBy, readCardColumns, readCommitments, readLinks, readStoredCommitments, recordsChangedBy } from '../../shared/doc/rules.ts';
import type { Card } from '../../shared/model.ts';
import { agreedContentOf, protectedRecords, type Protection } from '../../shared/protection.ts';

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

/**
 * The cards whose content (text and Details fields) is agreed, so read only
 * for participants (`agreedContentOf`), asked on every participant edit of a
 * card's text or fields: it must stay one lookup. Unlike the protection above
 * it survives adding a card (a new card carries no commitment and lies on no
 * trace yet, unless a commitment already names it: then it is recomputed), so
 * typing into a card just added costs no recomputation either; links,
 * commitments, a card moved or removed recompute it on the next question.
 */
export class AgreedContentCache {
  private cached: Set<string> | undefined;
  /** Every card id the commitments name (their cards and success indicators) when computed. */
  private named = new Set<string>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /** Whether the card's content is agreed (read only for participants). */
  has(id: string): boolean {
    if (!this.cached) {
      const protection = computeProtection(this.doc);
      this.cached = new Set([...protection.cards].filter(([, reason]) => agreedContentOf(reason)).map(([card]) => card));
      this.named = new Set([...readStoredCommitments(this.doc).values()].flatMap((c) => [c.card, ...(Array.isArray(c.indicators) ? c.indicators : [])].filter((x): x is string => typeof x === 'string')));
    }
    return this.cached.has(id);
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (!this.cached) return;
    const changed = recordsChangedBy(transaction);
    if (changed.cardColumns || changed.links || changed.commitments) {
      this.cached = undefined;
    } else if (changed.cards) {
      const { added, removed } = cardKeysChangedBy(transaction);
      if (removed.length > 0 || added.some((id) => this.named.has(id))) this.cached = undefined;
    }
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }
}
