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
/** What an owner reports at a commitment check-in (see review/model.ts). */
export const CHECK_IN_STATUSES = ['on-track', 'at-risk', 'off-track', 'done'] as const;
export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

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

export const CONSENT_METHODS = ['thumbs', 'fist-of-five'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const THUMBS = ['up', 'sideways', 'down'] as const;
export type Thumb = (typeof THUMBS)[number];
export const CONSENT_OUTCOMES = ['agreed', 'not-agreed'] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

/** One person's answer in a consent round; an objection carries its text. */
export interface ConsentResponse<V> {
  name: string;
  value: V;
  objection?: string;
}

interface ConsentRecordBase {
  /** ISO timestamp of the round. */
  at: string;
  /** Display names of everyone who took part (answering or not). */
  participants: string[];
  outcome: ConsentOutcome;
}

/** A consent round on a commitment: when, how, who took part, what they answered. */
export type ConsentRecord =
  | (ConsentRecordBase & { method: 'thumbs'; responses: ConsentResponse<Thumb>[] })
  /** Fist of five: 0 (block) … 5 (full support). */
  | (ConsentRecordBase & { method: 'fist-of-five'; responses: ConsentResponse<number>[] });

/** An explicit reopening of an agreed commitment (agreed → proposed). */
export interface ReopenRecord {
  /** ISO timestamp */
  at: string;
  by: string;
  reason: string;
}

export interface Commitment {
  id: string;
  /** The initiative card this commitment was promoted from. */
  card: string;
  title: string;
  /** Exactly one owner (a person's name); empty while the commitment is a draft. */
  owner: string;
  contributors: string[];
  /** ISO dates YYYY-MM-DD; the due date may be missing while the commitment is proposed. */
  due?: string;
  checkpoint?: string;
  status: CommitmentStatus;
  /** Success indicators: ids of indicator cards. */
  indicators: string[];
  definitionOfDone?: string;
  /** Consent rounds, oldest first; a commitment becomes agreed only through one. */
  consents?: ConsentRecord[];
  /** Reopenings, oldest first. */
  reopenings?: ReopenRecord[];
}

/** A trace-check finding as kept in a decision-log override. */
export interface FindingRef {
  /** Stable id of the finding (kind and the ids it is about). */
  id: string;
  kind: string;
  message: string;
}

interface DecisionBase {
  id: string;
  /** ISO timestamp */
  at: string;
}

/** A commitment as named in the decision log. */
export interface CommitmentBrief {
  id: string;
  title: string;
  status: CommitmentStatus;
}

/**
 * A protected card or link the facilitator removed, with a reason: what it was
 * (a card's text and column, or a link's two cards) and what went with it.
 */
export interface RemovalDecision extends DecisionBase {
  kind: 'removal';
  by: string;
  reason: string;
  /** The removed card, as it was (absent when a link was removed). */
  card?: { id: string; column: ColumnId; text: string };
  /** The removed link, with its cards' texts (absent when a card was removed). */
  link?: { id: string; from: string; to: string; fromText: string; toText: string };
  /** Commitments removed with the card. */
  commitments: CommitmentBrief[];
  /** Consented commitments whose trace lost the card or link. */
  traces: CommitmentBrief[];
  /** How many links were removed (with the card, or the one link). */
  links: number;
}

/**
 * The board's decision log: facilitator overrides (closing Commit with open
 * trace-check findings), reopenings, consent outcomes and removals of
 * protected cards and links. Append-only.
 */
export type DecisionEntry =
  | (DecisionBase & { kind: 'override'; by: string; reason: string; findings: FindingRef[] })
  | (DecisionBase & { kind: 'reopen'; by: string; reason: string; commitment: string; title: string })
  | (DecisionBase & { kind: 'consent'; commitment: string; title: string; method: ConsentMethod; outcome: ConsentOutcome; participants: string[] })
  | RemovalDecision;

export type DecisionKind = DecisionEntry['kind'];

export interface BoardInfo {
  title: string;
  direction: Direction;
  /** ISO timestamp */
  createdAt: string;
  /** ISO date YYYY-MM-DD of the next commitment review, if set. */
  nextReview?: string;
}

/** A plain, validated read of a whole board document. */
export interface BoardSnapshot {
  board: BoardInfo;
  cards: Card[];
  links: Link[];
  commitments: Commitment[];
  /** The decision log, oldest first (optional: older snapshots have none). */
  decisions?: DecisionEntry[];
}
