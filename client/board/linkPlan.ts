/**
 * Linking a card straight from the board, pure: which cards it can link to
 * (one neighbouring column on each side, not linked yet), why a drop on a card
 * is refused, and how arrow keys walk the targets when linking by keyboard.
 * Links join neighbouring columns only (`canLinkColumns`), so they never make
 * a cycle.
 */
import { canLinkColumns, columnIndex, type Card, type ColumnId, type Link } from '../../shared/model.ts';
import { columnTitle } from '../derive/board.ts';
import { excerpt } from '../../shared/text.ts';

/** The cards of one neighbouring column a card can link to, in board order. */
export interface LinkLane {
  column: ColumnId;
  ids: string[];
}

/** Whether two cards are linked already (either way round). */
function linked(a: string, b: string, links: readonly Link[]): boolean {
  return links.some((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a));
}

/**
 * The lanes of cards `from` can link to, in `order` (the columns as they stand
 * on screen, left to right, or top to bottom when stacked): the neighbouring
 * columns' cards it is not linked to yet. Empty lanes are left out.
 */
export function linkLanes(from: Card, cards: readonly Card[], links: readonly Link[], order: readonly ColumnId[]): LinkLane[] {
  return order
    .filter((column) => canLinkColumns(from.column, column) || canLinkColumns(column, from.column))
    .map((column) => ({ column, ids: cards.filter((c) => c.column === column && !linked(from.id, c.id, links)).map((c) => c.id) }))
    .filter((lane) => lane.ids.length > 0);
}

/** Why `from` cannot be linked to `to`, in words for a notice; null when it can. */
export function linkRefusal(from: Card, to: Card, links: readonly Link[]): string | null {
  if (from.id === to.id) return 'A card cannot be linked to itself.';
  if (!canLinkColumns(from.column, to.column) && !canLinkColumns(to.column, from.column)) {
    return `Links join neighbouring columns: ${columnTitle(from.column)} cards link to ${neighbourTitles(from.column)}.`;
  }
  if (from.portfolio && to.portfolio) return 'Which segment serves which goal comes from the portfolio: link them on the portfolio’s board.';
  if (linked(from.id, to.id, links)) return `“${excerpt(from.text, 40, { empty: 'Empty card' })}” and “${excerpt(to.text, 40, { empty: 'Empty card' })}” are linked already.`;
  return null;
}

function neighbourTitles(column: ColumnId): string {
  const i = columnIndex(column);
  const titles: string[] = [];
  for (const other of ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'] as ColumnId[]) {
    if (Math.abs(columnIndex(other) - i) === 1) titles.push(columnTitle(other));
  }
  return titles.join(' or ');
}

/** A target in the lanes: its lane and position. */
export interface LanePosition {
  lane: number;
  index: number;
}

function positionOf(lanes: readonly LinkLane[], id: string | null): LanePosition | undefined {
  for (let lane = 0; lane < lanes.length; lane++) {
    const index = id === null ? -1 : lanes[lane]!.ids.indexOf(id);
    if (index >= 0) return { lane, index };
  }
  return undefined;
}

/**
 * The first target of keyboard linking: in the lane toward the goal if it has
 * cards (that is where a card's links lead), at the position of the card
 * linked from (`fromIndex` in its column), or the last card when shorter.
 */
export function firstLinkTarget(lanes: readonly LinkLane[], from: Card, fromIndex: number): string | undefined {
  const goalward = lanes.find((l) => canLinkColumns(from.column, l.column)) ?? lanes[0];
  if (!goalward) return undefined;
  return goalward.ids[Math.min(Math.max(0, fromIndex), goalward.ids.length - 1)];
}

/**
 * The target an arrow key moves to from `current`: up and down within its
 * lane, left and right to the other lane (at the nearest position). Undefined
 * when the arrow leads nowhere.
 */
export function nextLinkTarget(key: string, lanes: readonly LinkLane[], current: string): string | undefined {
  const at = positionOf(lanes, current);
  if (!at) return undefined;
  const lane = lanes[at.lane]!;
  if (key === 'ArrowUp') return at.index > 0 ? lane.ids[at.index - 1] : undefined;
  if (key === 'ArrowDown') return at.index < lane.ids.length - 1 ? lane.ids[at.index + 1] : undefined;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return undefined;
  const other = lanes[at.lane + (key === 'ArrowRight' ? 1 : -1)];
  return other ? other.ids[Math.min(at.index, other.ids.length - 1)] : undefined;
}

/** "Business goals card Grow ARR, 1 of 2": a target as it is announced. */
export function describeTarget(lanes: readonly LinkLane[], id: string, label: string): string {
  const at = positionOf(lanes, id);
  if (!at) return label;
  const lane = lanes[at.lane]!;
  return `${columnTitle(lane.column)} card ${label}, ${at.index + 1} of ${lane.ids.length}`;
}
