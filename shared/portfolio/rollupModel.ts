/**
 * The portfolio roll-up as plain data: what the derivation (rollup.ts) takes
 * and what it gives, the JSON of `GET /api/portfolios/<id>/rollup` and the
 * input of its exports and of the client's roll-up page. No Yjs here.
 */
import type { BoardSnapshot, CheckInStatus, CommitmentStatus, INITIATIVE_FUNCTIONS } from '../model.ts';
import type { CheckIn, ReviewCadence } from '../review/model.ts';

export type InitiativeFunction = (typeof INITIATIVE_FUNCTIONS)[number];

/** One member board as the derivation reads it. */
export interface RollupBoardInput {
  id: string;
  title: string;
  /** ISO date of the board's next review, if set. */
  nextReview?: string;
  cadence?: ReviewCadence;
  snapshot: BoardSnapshot;
  checkIns: readonly CheckIn[];
}

export interface RollupInput {
  portfolio: { id: string; snapshot: BoardSnapshot };
  boards: readonly RollupBoardInput[];
  /** ISO date YYYY-MM-DD: what "overdue" is measured against. */
  today: string;
}

/** A card of the roll-up, by id and text. */
export interface RollupCard {
  id: string;
  text: string;
}

/** A success indicator of a commitment, with what the chart needs. */
export interface RollupIndicator extends RollupCard {
  unit?: string;
  baselineValue?: number;
  targetValue?: number;
  targetBy?: string;
}

/** The latest check-in of a commitment. */
export interface LatestCheckIn {
  date: string;
  status: CheckInStatus;
  by: string;
  note: string;
  value?: number;
  /** Which success indicator `value` measures. */
  indicator?: string;
}

/** An agreed commitment (agreed, in progress or done) of a member board. */
export interface RollupCommitment {
  id: string;
  board: string;
  title: string;
  owner: string;
  due?: string;
  status: CommitmentStatus;
  initiative: RollupCard;
  function?: InitiativeFunction;
  indicators: RollupIndicator[];
  latestCheckIn?: LatestCheckIn;
  /** Due date passed and not done. */
  overdue: boolean;
  /** Reporting (agreed or in progress) and no check-in since the board's last review. */
  checkInMissing: boolean;
  /** Ids of the portfolio goals and segments its initiative's trace reaches. */
  goals: string[];
  segments: string[];
}

/** One active initiative of a member board and the portfolio goals and segments it reaches. */
export interface InitiativeReach {
  board: string;
  initiative: RollupCard;
  function?: InitiativeFunction;
  goals: string[];
  segments: string[];
  /** Its agreed commitments (ids in `Rollup.commitments`). */
  commitments: string[];
}

/** A board serving a goal or segment: its initiatives that reach it, their functions and agreed commitments. */
export interface BoardReach {
  board: string;
  title: string;
  functions: InitiativeFunction[];
  /** Initiatives without a function say so here, not in `functions`. */
  unassignedFunction: boolean;
  initiatives: RollupCard[];
  commitments: string[];
}

/** A portfolio goal or segment and who serves it. */
export interface RollupTarget extends RollupCard {
  column: 'goal' | 'segment';
  metric?: string;
  boards: BoardReach[];
  functions: InitiativeFunction[];
  commitments: string[];
  /** No board's initiative reaches it. */
  gap: boolean;
  /** Served by initiatives, none of them an agreed commitment yet. */
  uncommitted: boolean;
}

/** Why a board's work reaches no portfolio goal. */
export type BoardGapReason = 'no-initiatives' | 'local-goals-only' | 'not-linked';

export type RollupGap =
  | { kind: 'goal' | 'segment'; id: string; text: string }
  | { kind: 'board'; board: string; title: string; reason: BoardGapReason };

/** One side of an overlap: a board's behaviour or indicator card. */
export interface OverlapSide {
  board: string;
  boardTitle: string;
  card: RollupCard;
}

/** Two boards' behaviours (or indicators) toward the same portfolio segment that say nearly the same thing. */
export interface RollupOverlap {
  segment: RollupCard;
  column: 'behaviour' | 'indicator';
  sides: [OverlapSide, OverlapSide];
  /** 0–1, how alike the two texts are (Dice coefficient of their significant words; 1 for the same text). */
  similarity: number;
  /** The significant words both share. */
  shared: string[];
}

/** A board's line of the review cadence. */
export interface CadenceRow {
  board: string;
  title: string;
  nextReview?: string;
  cadence?: ReviewCadence;
  /** The next review date has passed. */
  reviewOverdue: boolean;
  /** The last review date (from next review and cadence), the check-ins are counted since. */
  lastReview?: string;
  /** Reporting commitments (agreed or in progress). */
  reporting: number;
  /** Reporting commitments with no check-in since the last review. */
  missingCheckIns: number;
  /** Agreed commitments past their due date, not done. */
  overdue: number;
  /** Latest check-in status counts over the board's agreed commitments. */
  statuses: Record<CheckInStatus, number>;
  /** Agreed commitments without any check-in yet. */
  neverCheckedIn: number;
}

/** A member board in the roll-up. */
export interface RollupBoard {
  id: string;
  title: string;
  functions: InitiativeFunction[];
  initiatives: number;
  commitments: number;
  /** Some initiative reaches a portfolio goal. */
  reachesGoal: boolean;
}

export interface Rollup {
  format: 'product-vcp-rollup';
  portfolio: { id: string; title: string };
  today: string;
  goals: RollupTarget[];
  segments: RollupTarget[];
  boards: RollupBoard[];
  reaches: InitiativeReach[];
  commitments: RollupCommitment[];
  gaps: RollupGap[];
  overlaps: RollupOverlap[];
  cadence: CadenceRow[];
}
