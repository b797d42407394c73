/**
 * The protected records of one loaded board (shared/protection.ts), computed
 * only when a rule asks (an update that deletes or moves a card or link) and
 * kept until something they depend on changes: a link, a commitment, or a card
 * that a link or a commitment names (added, removed or moved to another
 * column). Typing, the most frequent change by far, never invalidates it, nor
 * does adding or moving a card nothing names (a red-team session moved one such
 * card back and forth and had every protected record worked out again each
 * time), so an ordinary edit costs no recomputation.
 */
import type * as Y from 'yjs';
import {
  cardKeysChangedBy, cardsMovedBy, linkEnds, readCardColumns, readCommitments, readLinks, readStoredCommitments, recordsChangedBy,
} from '../../shared/doc/rules.ts';
import type { Card } from '../../shared/model.ts';
import { agreedContentOf, askedIds, protectedRecords, type AskedRound, type Protection } from '../../shared/protection.ts';

/** Every card id a stored link (valid or not) or commitment names: only these cards bear on what is protected. */
function namedCards(doc: Y.Doc): Set<string> {
  const named = new Set(linkEnds(doc));
  for (const c of readStoredCommitments(doc).values()) {
    for (const id of [c.card, ...(Array.isArray(c.indicators) ? c.indicators : [])]) if (typeof id === 'string') named.add(id);
  }
  return named;
}

/** Whether a transaction changed what protection is worked out from, given the cards links and commitments name. */
function bearsOnProtection(transaction: Y.Transaction, named: ReadonlySet<string>): boolean {
  const changed = recordsChangedBy(transaction);
  if (changed.links || changed.commitments) return true;
  if (changed.cards) {
    const { added, removed } = cardKeysChangedBy(transaction);
    if (added.some((id) => named.has(id)) || removed.some((id) => named.has(id))) return true;
  }
  return changed.cardColumns && cardsMovedBy(transaction).some((id) => named.has(id));
}

/** What a cached answer was worked out for: the consent round asking (its id and commitments), if any. */
const roundKey = (round: AskedRound | undefined) => (round ? `${round.id}:${round.commitments.join(',')}` : '');

export class ProtectionCache {
  private cached: Protection | undefined;
  private cachedFor = '';
  private named = new Set<string>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /** The board's protected cards and links now (with the trace of what `round` asks about, for participants). */
  get(round?: AskedRound): Protection {
    if (!this.cached || this.cachedFor !== roundKey(round)) {
      this.cached = computeProtection(this.doc, round);
      this.cachedFor = roundKey(round);
      this.named = namedCards(this.doc);
    }
    return this.cached;
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (this.cached && bearsOnProtection(transaction, this.named)) this.cached = undefined;
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }
}

/**
 * protectedRecords of the document, read lightly: cards by id and column only
 * (the trace and the commitments' validity need nothing else; their text is not read).
 */
export function computeProtection(doc: Y.Doc, round?: AskedRound): { cards: Protection['cards']; links: Protection['links']; asked: Set<string> } {
  const cards = readCardColumns(doc) as Card[];
  const commitments = readCommitments(doc, cards);
  return { ...protectedRecords({ cards, links: readLinks(doc, cards), commitments }, round), asked: askedIds(commitments, round) };
}

/**
 * The cards whose content (text and Details fields) is agreed, so read only
 * for participants (`agreedContentOf`), asked on every participant edit of a
 * card's text or fields: it must stay one lookup. Like the protection above it
 * survives adding, moving or removing a card that no link or commitment names,
 * so typing into a card just added costs no recomputation either; links,
 * commitments and the cards they name recompute it on the next question.
 */
export class AgreedContentCache {
  private cached: Set<string> | undefined;
  private cachedFor = '';
  /** Every card id the links and commitments name when computed (namedCards). */
  private named = new Set<string>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /** Whether the card's content is agreed, or asked about in `round` (read only for participants). */
  has(id: string, round?: AskedRound): boolean {
    if (!this.cached || this.cachedFor !== roundKey(round)) {
      const protection = computeProtection(this.doc, round);
      this.cached = new Set([...protection.cards].filter(([, reason]) => agreedContentOf(reason, protection.asked)).map(([card]) => card));
      this.cachedFor = roundKey(round);
      this.named = namedCards(this.doc);
    }
    return this.cached.has(id);
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (this.cached && bearsOnProtection(transaction, this.named)) this.cached = undefined;
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }
}
