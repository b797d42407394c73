/**
 * The six columns of a VCP, the board's fixed structure (no record: every
 * board has them, in this order). Cards sit in a column; links join cards of
 * neighbouring columns.
 */
import { z } from 'zod';
import { lazySchema } from './lazySchema.ts';

/** The six VCP columns in chain order, goal first (the order they are filled). */
export const COLUMN_IDS = ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

interface ColumnInfo {
  id: ColumnId;
  title: string;
  /** The guiding question shown in the column header. */
  question: string;
}

export const COLUMNS: readonly ColumnInfo[] = [
  { id: 'goal', title: 'Business goals', question: 'Which business results matter most, measured by which lagging metric?' },
  { id: 'segment', title: 'Segments', question: 'Which markets or customer segments do we serve next?' },
  { id: 'value', title: 'Customer value', question: 'What value do we create for that segment?' },
  { id: 'behaviour', title: 'User behaviours', question: 'What observable behaviour should start or change?' },
  { id: 'indicator', title: 'Value indicators', question: 'Which leading indicator shows the behaviour moving?' },
  { id: 'initiative', title: 'Initiatives', question: 'What work across product, marketing, sales and CS moves the indicator?' },
];

export const columnIdSchema = lazySchema(() => z.enum(COLUMN_IDS));

/** Position in chain order (goal 0 … initiative 5). */
export function columnIndex(column: ColumnId): number {
  return COLUMN_IDS.indexOf(column);
}

export function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && (COLUMN_IDS as readonly string[]).includes(value);
}

/** Links point from a card toward the goal: `from` is one column further from the goal than `to`. */
export function canLinkColumns(from: ColumnId, to: ColumnId): boolean {
  return columnIndex(from) === columnIndex(to) + 1;
}
