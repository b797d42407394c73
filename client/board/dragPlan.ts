/**
 * The plan of a card drag, pure: where the dragged card would land (a column
 * and a position among that column's other cards), how arrow keys move that
 * spot, and the single move written to the board on drop.
 *
 * The only drop targets are the six column card lists; the position within a
 * column comes from the dragged card's centre against the measured cards of
 * that column (`Slots`), not from a drop target per card. A card dropped onto
 * the middle of another card of its own column groups the two (when grouping
 * is allowed); dropped on the gap between cards it moves.
 */
import { COLUMN_IDS, isColumnId, type Card, type ColumnId } from '../../shared/model.ts';

export type ColumnLists = Record<ColumnId, string[]>;

/** Droppable id of a column's card list (the only droppables on the board). */
export function columnDropId(column: ColumnId): string {
  return `column:${column}`;
}

export function columnOfDropId(id: string): ColumnId | undefined {
  const column = id.startsWith('column:') ? id.slice(7) : undefined;
  return isColumnId(column) ? column : undefined;
}

export function listsOf(cards: readonly Card[]): ColumnLists {
  const lists = Object.fromEntries(COLUMN_IDS.map((id) => [id, [] as string[]])) as ColumnLists;
  for (const card of cards) lists[card.column].push(card.id);
  return lists;
}

/** The column whose list holds the card. */
function columnContaining(lists: ColumnLists, cardId: string): ColumnId | undefined {
  return COLUMN_IDS.find((column) => lists[column].includes(cardId));
}

/**
 * Where the dragged card would land: a column and its position among that
 * column's other cards; or, with `group`, onto the card of that id (at
 * position `index` among the others) to group the two.
 */
export interface DropTarget {
  column: ColumnId;
  index: number;
  group?: string;
}

export function sameTarget(a: DropTarget, b: DropTarget): boolean {
  return a.column === b.column && a.index === b.index && a.group === b.group;
}

/**
 * The cards of one column other than the dragged one, top to bottom, with their
 * top and bottom edges (screen pixels, measured once per column, not per frame).
 */
export interface Slots {
  column: ColumnId;
  ids: string[];
  tops: number[];
  bottoms: number[];
  /** Whether each card is active (parked and rejected cards are never grouped). */
  active: boolean[];
  /** The place of each measured card among all the column's other cards (a long column renders only some of them). */
  positions?: number[];
}

/** The position among all the column's other cards of a drop at `index` among the measured ones. */
export function dropPosition(slots: Pick<Slots, 'ids' | 'positions'>, index: number): number {
  const positions = slots.positions;
  if (!positions || positions.length === 0) return index;
  return index < positions.length ? positions[index]! : positions[positions.length - 1]! + 1;
}

/** The middle part of a card (this share of its height, centred) is "onto the card"; the rest belongs to the gaps around it. */
const GROUP_BAND = 0.5;

/**
 * What a drop at `centreY` does among the measured cards: onto the middle of
 * a card that `groupable` allows (its index: group with it), else into a gap
 * (`dropIndex`).
 */
export function classifyDrop(slots: Pick<Slots, 'tops' | 'bottoms'>, centreY: number, groupable: (index: number) => boolean = () => false): { index: number; onto?: number } {
  for (let i = 0; i < slots.tops.length; i++) {
    const top = slots.tops[i]!;
    const bottom = slots.bottoms[i]!;
    const margin = ((bottom - top) * (1 - GROUP_BAND)) / 2;
    if (centreY > top + margin && centreY < bottom - margin && groupable(i)) return { index: i, onto: i };
  }
  return { index: dropIndex(slots, centreY) };
}

/** The position a card whose centre is at `centreY` takes among the measured cards: after every card whose middle is above it. */
export function dropIndex(slots: Pick<Slots, 'tops' | 'bottoms'>, centreY: number): number {
  let index = 0;
  for (let i = 0; i < slots.tops.length; i++) {
    if ((slots.tops[i]! + slots.bottoms[i]!) / 2 < centreY) index = i + 1;
  }
  return index;
}

/**
 * A centre line for the dragged card that `dropIndex` maps to `index`: the top
 * edge of the first card, the gap between two cards, or the bottom of the last
 * card. Undefined for an empty column (any height lands at position 0).
 */
export function slotCentre(slots: Pick<Slots, 'tops' | 'bottoms'>, index: number): number | undefined {
  const n = slots.tops.length;
  if (n === 0) return undefined;
  if (index <= 0) return slots.tops[0]!;
  if (index >= n) return slots.bottoms[n - 1]!;
  return (slots.bottoms[index - 1]! + slots.tops[index]!) / 2;
}

/** Where the card stands before it moves: its own slot. */
export function originOf(lists: ColumnLists, cardId: string): DropTarget | undefined {
  const column = columnContaining(lists, cardId);
  return column ? { column, index: lists[column].indexOf(cardId) } : undefined;
}

/**
 * The target an arrow key moves to from `current`. Left and right go to the
 * neighbouring column on screen (`order`: the columns left to right), keeping
 * the position where the column is long enough; up and down move one position
 * within the column. Undefined when the arrow leads nowhere (an edge).
 * `othersIn(column)` is the number of cards in a column besides the dragged one.
 */
export function keyboardTarget(
  code: string,
  current: DropTarget,
  order: readonly ColumnId[],
  othersIn: (column: ColumnId) => number,
  groupWith: (column: ColumnId, index: number) => string | undefined = () => undefined,
): DropTarget | undefined {
  const { column: col, index } = current;
  // With grouping, up and down stop onto each card that can be grouped with, between the gaps around it.
  const onto = (i: number): DropTarget | undefined => {
    const group = i >= 0 && i < othersIn(col) ? groupWith(col, i) : undefined;
    return group ? { column: col, index: i, group } : undefined;
  };
  if (code === 'ArrowUp') {
    if (current.group) return { column: col, index };
    return index > 0 ? (onto(index - 1) ?? { column: col, index: index - 1 }) : undefined;
  }
  if (code === 'ArrowDown') {
    if (current.group) return { column: col, index: index + 1 };
    return index < othersIn(col) ? (onto(index) ?? { column: col, index: index + 1 }) : undefined;
  }
  if (code !== 'ArrowLeft' && code !== 'ArrowRight') return undefined;
  const at = order.indexOf(current.column);
  const column = at < 0 ? undefined : order[at + (code === 'ArrowRight' ? 1 : -1)];
  if (!column) return undefined;
  return { column, index: Math.min(current.index, othersIn(column)) };
}

/** The lists as they look with the dragged card at `target` (for announcements and the drop; a group target is not a move). */
export function placed(lists: ColumnLists, cardId: string, target: DropTarget): ColumnLists {
  const from = columnContaining(lists, cardId);
  const next = { ...lists };
  if (from) next[from] = lists[from].filter((id) => id !== cardId);
  const list = from === target.column ? [...next[target.column]] : next[target.column].filter((id) => id !== cardId);
  list.splice(Math.max(0, Math.min(target.index, list.length)), 0, cardId);
  next[target.column] = list;
  return next;
}

export interface Move {
  column: ColumnId;
  /** Position among the column's other cards. */
  index: number;
}

/** The move to write on drop, or undefined when the card ends where it started. */
export function dropMove(original: ColumnLists, final: ColumnLists, cardId: string): Move | undefined {
  const column = columnContaining(final, cardId);
  const before = columnContaining(original, cardId);
  if (!column || !before) return undefined;
  const index = final[column].indexOf(cardId);
  if (column === before && original[column].indexOf(cardId) === index) return undefined;
  return { column, index };
}
