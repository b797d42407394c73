/**
 * The board info record: title, reading direction, creation time, next
 * review date, and the schema version of the document.
 *
 * Layout: the content document's `board` Y.Map, one key per setting: title,
 * direction, createdAt (ms), nextReview? (ISO date), schemaVersion. Only the
 * facilitator changes these settings (the server's rules).
 *
 * Reads validate: a bad or missing value reads as its default.
 */
import type * as Y from 'yjs';
import { regexes, z } from 'zod';
import { excerpt, CUT } from '../../text.ts';
import { boardIdSchema, isoDate, isoFromMillis, isoTimestamp } from '../../validate.ts';
import type { DocMigration } from '../migrations.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { lazySchema } from '../../lazySchema.ts';

export const DIRECTIONS = ['rtl', 'ltr'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface BoardInfo {
  title: string;
  direction: Direction;
  /** ISO timestamp */
  createdAt: string;
  /** ISO date YYYY-MM-DD of the next commitment review, if set. */
  nextReview?: string;
  /** 'portfolio' for a portfolio's document (company goals and segments, records/portfolio.ts); absent for a product board. */
  kind?: 'portfolio';
  /** The portfolio this product board belongs to (records/portfolio.ts); absent for a standalone board. */
  portfolio?: PortfolioRef;
}

/** A product board's portfolio: its id and title (the title as the server last mirrored it). */
export interface PortfolioRef {
  id: string;
  title: string;
}

/** The schema version this code writes (see migrations.ts). */
export const DOC_SCHEMA_VERSION = 1;

/** The board info in the board JSON (with the board's id). */
export const boardInfoJsonSchema = lazySchema(() => z.strictObject({
  id: boardIdSchema,
  title: z.string().min(1).max(200),
  direction: z.enum(DIRECTIONS),
  createdAt: isoTimestamp,
  /** The next commitment review (added in v1.1; optional, so older exports import). */
  nextReview: isoDate.optional(),
  /** A portfolio's own export says so (format `product-vcp-portfolio`). */
  kind: z.literal('portfolio').optional(),
  /** The portfolio a board belonged to when exported (its mirrored cards carry `portfolio` too). */
  portfolio: z.strictObject({ id: boardIdSchema, title: z.string().min(1).max(200) }).optional(),
}));

/** The `board` root. */
export function boardRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('board');
}

/** Sets title and direction of a new board document. */
export function initBoard(doc: Y.Doc, info: { title: string; direction?: Direction; createdAt?: number }, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const board = boardRoot(doc);
    board.set('schemaVersion', DOC_SCHEMA_VERSION);
    board.set('title', info.title);
    board.set('direction', info.direction ?? 'rtl');
    board.set('createdAt', info.createdAt ?? Date.now());
  }, origin);
}

export function setBoardTitle(doc: Y.Doc, title: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => boardRoot(doc).set('title', title), origin);
}

export function setDirection(doc: Y.Doc, direction: Direction, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => boardRoot(doc).set('direction', direction), origin);
}

/** Sets (an ISO date YYYY-MM-DD) or clears (null) the board's next review date. */
export function setNextReview(doc: Y.Doc, date: string | null, origin: Origin = LOCAL_ORIGIN): void {
  if (date !== null && !isoDate.safeParse(date).success) throw new Error('next review must be an ISO date (YYYY-MM-DD)');
  doc.transact(() => (date === null ? boardRoot(doc).delete('nextReview') : boardRoot(doc).set('nextReview', date)), origin);
}

export function readBoardInfo(doc: Y.Doc): BoardInfo {
  const board = boardRoot(doc);
  const title = board.get('title');
  const direction = board.get('direction');
  const nextReview = board.get('nextReview');
  const info: BoardInfo = {
    // The board JSON needs 1-200 characters: an empty title (setBoardTitle(doc, '')) must not break export.
    title: typeof title === 'string' && title.trim() ? excerpt(title, 200, CUT) : 'Untitled board',
    direction: (DIRECTIONS as readonly unknown[]).includes(direction) ? (direction as Direction) : 'rtl',
    createdAt: isoFromMillis(board.get('createdAt')) ?? new Date(0).toISOString(),
  };
  // A plain test (what `isoDate` accepts), not a validator run on every read of the board.
  if (typeof nextReview === 'string' && regexes.date.test(nextReview)) info.nextReview = nextReview;
  if (board.get('kind') === 'portfolio') info.kind = 'portfolio';
  const portfolio = board.get('portfolio');
  if (typeof portfolio === 'string' && boardIdSchema.safeParse(portfolio).success) {
    const title = board.get('portfolioTitle');
    info.portfolio = { id: portfolio, title: typeof title === 'string' && title.trim() ? excerpt(title, 200, CUT) : 'Portfolio' };
  }
  return info;
}

/** The schema version the document says it has (0: none, written before versioning). */
export function readSchemaVersion(doc: Y.Doc): number {
  const v = boardRoot(doc).get('schemaVersion');
  return typeof v === 'number' ? v : 0;
}

/** Stamps the schema version (the migration runner, after each step). */
export function stampSchemaVersion(doc: Y.Doc, version: number): void {
  boardRoot(doc).set('schemaVersion', version);
}

/**
 * The migrations of the board info, in the document's migration sequence
 * (migrations.ts). Version 0 is a document without `schemaVersion` (created
 * before versioning, or by a bare Yjs client): it gets the version stamp and
 * the board defaults every reader relies on.
 */
export const BOARD_INFO_MIGRATIONS: readonly DocMigration[] = [
  {
    from: 0,
    description: 'stamp schema version 1 and default board settings',
    up(doc) {
      const board = boardRoot(doc);
      if (typeof board.get('title') !== 'string') board.set('title', 'Untitled board');
      if (board.get('direction') !== 'ltr' && board.get('direction') !== 'rtl') board.set('direction', 'rtl');
      if (typeof board.get('createdAt') !== 'number') board.set('createdAt', 0);
    },
  },
];

/** The board info section of the board JSON. */
export function boardInfoJson(info: BoardInfo, boardId: string): z.infer<typeof boardInfoJsonSchema> {
  return {
    id: boardId, title: info.title, direction: info.direction, createdAt: info.createdAt,
    ...(info.nextReview ? { nextReview: info.nextReview } : {}),
    ...(info.kind ? { kind: info.kind } : {}),
    ...(info.portfolio ? { portfolio: info.portfolio } : {}),
  };
}
