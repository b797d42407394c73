/**
 * The board read again after every change, at the cost of what changed:
 * typing into one card of a 2,000-card board re-reads that card, not the
 * board. It watches the document's cards, links, commitments, decision log and
 * board settings and, on `read()`, re-reads only the cards changed since the
 * last read; links and commitments (which depend only on which cards exist and
 * in which column) are re-read when they or the cards' set or columns
 * changed. What it returns equals `readBoard(doc)`; unchanged cards keep their
 * object identity.
 */
import * as Y from 'yjs';
import type { BoardSnapshot, Card } from '../model.ts';
import { boardRoot, readBoardInfo } from './records/boardInfo.ts';
import { cardsRoot, compareCards, readCardFrom } from './records/card.ts';
import { commitmentsRoot, readCommitments } from './records/commitment.ts';
import { decisionsRoot, readDecisions } from './records/decision.ts';
import { linksRoot, readLinks } from './records/link.ts';

export class BoardReader {
  private readonly byId = new Map<string, Card>();
  private readonly changedCards = new Set<string>();
  private everything = true;
  private links = true;
  private commitments = true;
  private decisions = true;
  private info = true;
  private last: BoardSnapshot | null = null;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly doc: Y.Doc) {
    const cards = cardsRoot(doc);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the events of a map of cards and their texts
    const onCards = (events: Y.YEvent<any>[]) => {
      for (const event of events) {
        if (event.target === cards) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.changedCards.add(key);
        else if (typeof event.path[0] === 'string') this.changedCards.add(event.path[0]);
        else this.everything = true;
      }
    };
    cards.observeDeep(onCards);
    this.stops.push(() => cards.unobserveDeep(onCards));
    this.watch(linksRoot(doc), () => (this.links = true));
    this.watch(commitmentsRoot(doc), () => (this.commitments = true));
    this.watch(decisionsRoot(doc), () => (this.decisions = true));
    this.watch(boardRoot(doc), () => (this.info = true));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type: only its deep changes are watched
  private watch(type: Y.AbstractType<any>, mark: () => void): void {
    type.observeDeep(mark);
    this.stops.push(() => type.unobserveDeep(mark));
  }

  /** The board now (the same object as last time when nothing changed). */
  read(): BoardSnapshot {
    const last = this.last;
    if (last && !this.everything && this.changedCards.size === 0 && !this.links && !this.commitments && !this.decisions && !this.info) return last;
    const root = cardsRoot(this.doc);
    // Which cards exist or in which column changed (links and commitments depend on it), or their order.
    let reshaped = this.everything || !last;
    let resorted = reshaped;
    if (this.everything) {
      this.byId.clear();
      for (const [id, map] of root) {
        const card = map instanceof Y.Map ? readCardFrom(id, map) : undefined;
        if (card) this.byId.set(id, card);
      }
    } else {
      for (const id of this.changedCards) {
        const map = root.get(id);
        const card = map instanceof Y.Map ? readCardFrom(id, map) : undefined;
        const before = this.byId.get(id);
        if (card) this.byId.set(id, card);
        else this.byId.delete(id);
        if (!before || !card || before.column !== card.column) reshaped = resorted = true;
        else if (before.order !== card.order) resorted = true;
      }
    }
    const cards = resorted || !last
      ? [...this.byId.values()].sort(compareCards)
      : last.cards.map((c) => (this.changedCards.has(c.id) ? this.byId.get(c.id)! : c));
    const next: BoardSnapshot = {
      board: this.info || !last ? readBoardInfo(this.doc) : last.board,
      cards,
      links: reshaped || this.links || !last ? readLinks(this.doc, cards) : last.links,
      commitments: reshaped || this.commitments || !last ? readCommitments(this.doc, cards) : last.commitments,
      decisions: this.decisions || !last ? readDecisions(this.doc) : (last.decisions ?? []),
    };
    this.changedCards.clear();
    this.everything = this.links = this.commitments = this.decisions = this.info = false;
    this.last = next;
    return next;
  }

  /** Stops watching the document. */
  destroy(): void {
    for (const stop of this.stops) stop();
    this.stops.length = 0;
  }
}
