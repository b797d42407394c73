/**
 * The VCP domain model as plain data, in one import: the columns, and the
 * types of the board's records (each record's type, validator, defaults,
 * storage and migration live together in shared/doc/records/). This is what
 * reads of the document layer return and what the board JSON holds.
 */
import type { BoardInfo } from './doc/records/boardInfo.ts';
import type { Card } from './doc/records/card.ts';
import type { Commitment } from './doc/records/commitment.ts';
import type { DecisionEntry } from './doc/records/decision.ts';
import type { Link } from './doc/records/link.ts';

export { COLUMN_IDS, COLUMNS, canLinkColumns, columnIndex, isColumnId, type ColumnId } from './columns.ts';
export type { Direction } from './doc/records/boardInfo.ts';
export { CARD_STATUSES, type Card, type CardStatus } from './doc/records/card.ts';
export {
  COLUMN_FIELDS, CONFIDENCE_LEVELS, EVIDENCE_LEVELS, INDICATOR_DIRECTIONS, INITIATIVE_FUNCTIONS, INITIATIVE_TYPES,
  type CardFieldName, type CardFields,
} from './doc/records/cardFields.ts';
export type { Link } from './doc/records/link.ts';
export {
  COMMITMENT_STATUSES, CONSENT_METHODS, THUMBS,
  type Commitment, type CommitmentStatus, type ConsentMethod, type ConsentOutcome, type ConsentRecord, type Thumb,
} from './doc/records/commitment.ts';
export type { AmendmentDecision, CommitmentBrief, DecisionEntry, FindingRef, PortfolioDecision, RemovalDecision, RestoralDecision, TakeBackDecision, UndoneDecision } from './doc/records/decision.ts';

/** What an owner reports at a commitment check-in (see review/model.ts). */
export const CHECK_IN_STATUSES = ['on-track', 'at-risk', 'off-track', 'done'] as const;
export type CheckInStatus = (typeof CHECK_IN_STATUSES)[number];

/** A plain, validated read of a whole board document. */
export interface BoardSnapshot {
  board: BoardInfo;
  cards: Card[];
  links: Link[];
  commitments: Commitment[];
  /** The decision log, oldest first (optional: older snapshots have none). */
  decisions?: DecisionEntry[];
}
