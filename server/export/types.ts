/** What every export format takes: a board snapshot plus what is not in the board document. */
import type { BoardSnapshot } from '../../shared/model.ts';

export const EXPORT_FORMATS = ['json', 'md', 'csv', 'ics', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** A revealed dot-voting round: votes per card. */
export interface VoteTally {
  roundId: string;
  tally: readonly { card: string; votes: number }[];
}

import type { CheckIn, CommentThread } from '../../shared/review/model.ts';
import type { CardGroup } from '../../shared/doc/ext-groups.ts';

export interface ExportInput {
  boardId: string;
  snapshot: BoardSnapshot;
  /** ISO timestamp of the export, passed in so the output is a pure function of the input. */
  exportedAt: string;
  /** Display names of the people who took part (may be empty). */
  attendees?: readonly string[];
  facilitator?: string;
  voteResults?: readonly VoteTally[];
  /** Commitment check-ins since the workshop (status, note, indicator value), oldest first. */
  checkIns?: readonly CheckIn[];
  /** Clusters of cards (board JSON only). */
  groups?: readonly CardGroup[];
  /** Comment threads on cards from the review, oldest first. */
  comments?: readonly CommentThread[];
}

export interface ExportOptions {
  /** CSV: start with a UTF-8 byte order mark (for spreadsheets that need it). */
  bom?: boolean;
}

export interface ExportedFile {
  body: string | Uint8Array;
  contentType: string;
  fileName: string;
}
