/**
 * The VCP domain model: columns, cards, links, commitments, as plain data.
 * This is what reads of the document layer return and what the board JSON holds.
 */

/** The six VCP columns in chain order, goal first (the order they are filled). */
export const COLUMN_IDS = ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface ColumnInfo {
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

export const DIRECTIONS = ['rtl', 'ltr'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const INDICATOR_DIRECTIONS = ['increase', 'decrease'] as const;
export const INITIATIVE_TYPES = ['discovery', 'experiment', 'delivery'] as const;
export const INITIATIVE_FUNCTIONS = ['product', 'engineering', 'design', 'marketing', 'sales', 'cs', 'operations', 'other'] as const;
export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export const EVIDENCE_LEVELS = ['opinion', 'anecdote', 'data', 'tested'] as const;
export const CARD_STATUSES = ['active', 'parked', 'rejected'] as const;
export const COMMITMENT_STATUSES = ['proposed', 'agreed', 'in-progress', 'done', 'dropped'] as const;

export type CardStatus = (typeof CARD_STATUSES)[number];
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Optional structured fields of a card; which ones apply depends on the column. */
export interface CardFields {
  /** goal: the lagging metric (ARR, churn, …). */
  metric?: string;
  /** behaviour: who behaves, how they behave now, how they should. */
  actor?: string;
  current?: string;
  desired?: string;
  /** indicator */
  definition?: string;
  unit?: string;
  direction?: (typeof INDICATOR_DIRECTIONS)[number];
  baselineValue?: number;
  /** ISO date YYYY-MM-DD */
  baselineAsOf?: string;
  baselineSource?: string;
  targetValue?: number;
  /** ISO date YYYY-MM-DD */
  targetBy?: string;
  /** initiative */
  initiativeType?: (typeof INITIATIVE_TYPES)[number];
  function?: (typeof INITIATIVE_FUNCTIONS)[number];
  confidence?: (typeof CONFIDENCE_LEVELS)[number];
  evidence?: (typeof EVIDENCE_LEVELS)[number];
}

export type CardFieldName = keyof CardFields;

/** Which fields each column's cards carry (PRODUCT.md). */
export const COLUMN_FIELDS: Record<ColumnId, readonly CardFieldName[]> = {
  goal: ['metric'],
  segment: [],
  value: [],
  behaviour: ['actor', 'current', 'desired'],
  indicator: ['definition', 'unit', 'direction', 'baselineValue', 'baselineAsOf', 'baselineSource', 'targetValue', 'targetBy'],
  initiative: ['initiativeType', 'function', 'confidence', 'evidence'],
};

export interface Card extends CardFields {
  id: string;
  column: ColumnId;
  text: string;
  /** Fractional index: cards in a column sort by it. */
  order: string;
  /** Display name of the author; absent when created in anonymous mode. */
  author?: string;
  /** ISO timestamp */
  createdAt: string;
  status: CardStatus;
}

export interface Link {
  id: string;
  /** The card further from the goal (e.g. an initiative). */
  from: string;
  /** The card one column closer to the goal (e.g. an indicator). */
  to: string;
  assumption?: string;
}

export interface Commitment {
  id: string;
  /** The initiative card this commitment was promoted from. */
  card: string;
  title: string;
  owner: string;
  contributors: string[];
  /** ISO dates YYYY-MM-DD */
  due: string;
  checkpoint?: string;
  status: CommitmentStatus;
  /** Success indicators: ids of indicator cards. */
  indicators: string[];
  definitionOfDone?: string;
}

export interface BoardInfo {
  title: string;
  direction: Direction;
  /** ISO timestamp */
  createdAt: string;
}

/** A plain, validated read of a whole board document. */
export interface BoardSnapshot {
  board: BoardInfo;
  cards: Card[];
  links: Link[];
  commitments: Commitment[];
}
