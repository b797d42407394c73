/**
 * Client-side derivations over a board snapshot, pure and tested in isolation:
 * cards per column, what a selection highlights, which cards a card may link to.
 */
import { goldenThread, type GoldenThread } from '../../shared/derive.ts';
import type { Facilitation } from '../../shared/doc/control.ts';
import { canLinkColumns, COLUMN_IDS, COLUMNS, columnIndex, type Card, type ColumnId, type Link } from '../../shared/model.ts';

/** Cards of every column, in display order (cards arrive sorted from the document layer). */
export function cardsByColumn(cards: readonly Card[]): Record<ColumnId, Card[]> {
  const out = Object.fromEntries(COLUMN_IDS.map((id) => [id, [] as Card[]])) as Record<ColumnId, Card[]>;
  for (const card of cards) out[card.column].push(card);
  return out;
}

/**
 * The golden thread the board highlights (dimming every other card): the
 * selected card's, only while it has a thread to show. Null when nothing (or a
 * deleted card) is selected, or when the card has no links: a card just
 * added, dragged or grouped must not grey out the board around itself.
 */
export function highlightedThread(selected: string | null, cards: readonly Card[], links: readonly Link[]): GoldenThread | null {
  if (!selected || !cards.some((c) => c.id === selected)) return null;
  const thread = goldenThread(selected, links);
  return thread.links.size > 0 ? thread : null;
}

/**
 * Changes whenever the room's attention moves — a new phase, or a spotlight
 * set or cleared — which ends any selection (null outside a workshop).
 */
export function selectionEpoch(f: Pick<Facilitation, 'phase' | 'spotlight'> | null): string | null {
  if (!f) return null;
  const spot = f.spotlight ? `${f.spotlight.kind}:${f.spotlight.id}` : '';
  return `${f.phase}|${spot}`;
}

export function columnTitle(column: ColumnId): string {
  return COLUMNS.find((c) => c.id === column)?.title ?? column;
}

export interface LinkedCard {
  link: Link;
  card: Card;
}

/** The links of a card, split by direction: toward the goal and toward the initiatives. */
export function linksOf(cardId: string, cards: readonly Card[], links: readonly Link[]): { towardGoal: LinkedCard[]; towardWork: LinkedCard[] } {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const towardGoal: LinkedCard[] = [];
  const towardWork: LinkedCard[] = [];
  for (const link of links) {
    if (link.from === cardId) {
      const card = byId.get(link.to);
      if (card) towardGoal.push({ link, card });
    } else if (link.to === cardId) {
      const card = byId.get(link.from);
      if (card) towardWork.push({ link, card });
    }
  }
  return { towardGoal, towardWork };
}

/** Cards in the neighbouring columns that `card` is not linked to yet (goal side first). */
export function linkCandidates(card: Card, cards: readonly Card[], links: readonly Link[]): Card[] {
  const linked = new Set<string>();
  for (const l of links) {
    if (l.from === card.id) linked.add(l.to);
    if (l.to === card.id) linked.add(l.from);
  }
  return cards
    // Between two of the portfolio's goals and segments, links are the portfolio's to draw.
    .filter((c) => c.id !== card.id && !linked.has(c.id) && !(card.portfolio && c.portfolio) && (canLinkColumns(card.column, c.column) || canLinkColumns(c.column, card.column)))
    .sort((a, b) => columnIndex(a.column) - columnIndex(b.column));
}

/** The columns a card can be moved to with one step (outline view buttons). */
export function neighbourColumns(column: ColumnId): { towardGoal?: ColumnId; towardWork?: ColumnId } {
  const i = columnIndex(column);
  const out: { towardGoal?: ColumnId; towardWork?: ColumnId } = {};
  if (i > 0) out.towardGoal = COLUMN_IDS[i - 1];
  if (i < COLUMN_IDS.length - 1) out.towardWork = COLUMN_IDS[i + 1];
  return out;
}
