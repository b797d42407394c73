/**
 * The plan of a card drag, pure: how the columns look while the card moves
 * between lists, and the single move written to the board on drop.
 */
import { COLUMN_IDS, isColumnId, type Card, type ColumnId } from '../../shared/model.ts';

export type ColumnLists = Record<ColumnId, string[]>;

/** Droppable id of a column's card list (card ids are the other droppables). */
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

export function columnContaining(lists: ColumnLists, id: string): ColumnId | undefined {
  const asColumn = columnOfDropId(id);
  if (asColumn) return asColumn;
  return COLUMN_IDS.find((column) => lists[column].includes(id));
}

/**
 * The lists after the dragged card passes over `overId` (a card or a column) of
 * another column: it joins that column before the card it is over, or at the
 * end. Within its own column nothing changes until the drop (`settle`).
 */
export function dragOver(lists: ColumnLists, activeId: string, overId: string): ColumnLists {
  const from = columnContaining(lists, activeId);
  const to = columnContaining(lists, overId);
  if (!from || !to || overId === activeId || from === to) return lists;
  const target = [...lists[to]];
  const overIndex = target.indexOf(overId);
  target.splice(overIndex < 0 ? target.length : overIndex, 0, activeId);
  return { ...lists, [from]: lists[from].filter((id) => id !== activeId), [to]: target };
}

/** The lists at the drop: within one column the card takes the place of the card it is over. */
export function settle(lists: ColumnLists, activeId: string, overId: string | null): ColumnLists {
  if (!overId || overId === activeId) return lists;
  const from = columnContaining(lists, activeId);
  const to = columnContaining(lists, overId);
  if (!from || !to) return lists;
  if (from !== to) return dragOver(lists, activeId, overId);
  const overIndex = lists[from].indexOf(overId);
  if (overIndex < 0) return lists;
  const list = lists[from].filter((id) => id !== activeId);
  list.splice(overIndex, 0, activeId);
  return { ...lists, [from]: list };
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
