/**
 * The board JSON format (`product-vcp` v1): export from a board document,
 * validation (with the path of the first bad field), and import into a fresh
 * document. Export → import → export is identical but for the new board id.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { canLinkColumns, COLUMNS, type ColumnId } from '../columns.ts';
import { goalTracer } from '../derive.ts';
import { randomId } from '../ids.ts';
import type { BoardSnapshot } from '../model.ts';
import type { CardComment, CheckIn, CommentThread } from '../review/model.ts';
import { boardJsonInputSchema, FORMAT, FORMAT_VERSION, type BoardJson, type BoardJsonInput } from '../schema.ts';
import { validate, type Validated } from '../validate.ts';
import { importGroups, readGroups, type CardGroup } from './ext-groups.ts';
import { BUILD_ORIGIN } from './origin.ts';
import { boardInfoJson, initBoard, readBoardInfo, setNextReview } from './records/boardInfo.ts';
import { addCard, cardJson, newCardOf, readCards, type Card } from './records/card.ts';
import { fieldApplies } from './records/cardFields.ts';
import { commitmentJson, putCommitment, readCommitments, type Commitment } from './records/commitment.ts';
import { addDecision, readDecisions } from './records/decision.ts';
import { importLinks, linkJson, readLinks } from './records/link.ts';
import { importCheckIns, readCheckIns } from './review/checkins.ts';
import { importComments, readAllThreads } from './review/comments.ts';

/** What a board JSON holds beyond the board snapshot. */
interface BoardJsonExtras {
  /** Commitment check-ins, by date. */
  checkIns?: readonly CheckIn[];
  /** Clusters of cards. */
  groups?: readonly CardGroup[];
  /** Comment threads on cards, oldest first. */
  comments?: readonly CommentThread[];
}

/** A plain, validated read of a whole board document. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  const cards = readCards(doc);
  return { board: readBoardInfo(doc), cards, links: readLinks(doc, cards), commitments: readCommitments(doc, cards), decisions: readDecisions(doc) };
}

/** Exports a board document in the `product-vcp` v1 format. Pure function of the document state. */
export function exportBoardJson(doc: Y.Doc, boardId: string): BoardJson {
  const snapshot = readBoard(doc);
  return snapshotToJson(snapshot, boardId, { checkIns: readCheckIns(doc), groups: readGroups(doc, snapshot.cards), comments: readAllThreads(doc) });
}

/**
 * The board JSON of a snapshot (and what lives beside it in the document:
 * check-ins, clusters): deterministic key and array order.
 */
export function snapshotToJson(snapshot: BoardSnapshot, boardId: string, extras: BoardJsonExtras = {}): BoardJson {
  const checkIns = extras.checkIns ?? [];
  const groups = extras.groups ?? [];
  const comments = extras.comments ?? [];
  const { board, cards, links, commitments } = snapshot;
  const decisions = snapshot.decisions ?? [];
  const traceOf = goalTracer(cards, links);
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    board: boardInfoJson(board, boardId),
    columns: COLUMNS.map((c) => ({ id: c.id, title: c.title })),
    cards: cards.map(cardJson),
    links: links.map(linkJson),
    commitments: commitments.map((c) => commitmentJson(c, traceOf(c.card))),
    // Optional in v1: left out when empty, so boards without a log export as before.
    ...(decisions.length ? { decisions } : {}),
    ...(checkIns.length ? { checkIns: checkIns.map(checkInJson) } : {}),
    ...(groups.length ? { groups: groups.map((g) => ({ id: g.id, label: g.label, column: g.column, cards: [...g.cards] })) } : {}),
    ...(comments.length ? { comments: comments.map(threadJson) } : {}),
  };
}

type ThreadJson = NonNullable<BoardJson['comments']>[number];

function commentJson(c: CardComment): ThreadJson['replies'][number] {
  return { id: c.id, ...(c.author !== undefined ? { author: c.author } : {}), text: c.text, mentions: [...c.mentions], at: c.at };
}

function threadJson(t: CommentThread): ThreadJson {
  return {
    ...commentJson(t.root),
    card: t.card,
    ...(t.root.deleted ? { deleted: true as const } : {}),
    resolved: t.resolved,
    ...(t.resolvedBy !== undefined ? { resolvedBy: t.resolvedBy } : {}),
    ...(t.resolvedAt !== undefined ? { resolvedAt: t.resolvedAt } : {}),
    replies: t.replies.map(commentJson),
  };
}

/** The threads of a board JSON as the document layer reads them. */
function threadsOf(json: BoardJson): CommentThread[] {
  return (json.comments ?? []).map((t) => {
    const { replies, resolved, resolvedBy, resolvedAt, card, deleted, ...root } = t;
    const comment = (c: typeof root, thread: string): CardComment => ({ ...c, card, thread, mentions: [...c.mentions] });
    const all = replies.map((r) => comment(r, t.id));
    return {
      id: t.id, card, root: { ...comment(root, t.id), ...(deleted ? { deleted } : {}) }, replies: all, resolved,
      ...(resolvedBy !== undefined ? { resolvedBy } : {}), ...(resolvedAt !== undefined ? { resolvedAt } : {}),
      lastAt: (all.at(-1) ?? root).at,
    };
  });
}

function checkInJson(c: CheckIn): NonNullable<BoardJson['checkIns']>[number] {
  return {
    id: c.id,
    commitment: c.commitment,
    by: c.by,
    status: c.status,
    note: c.note,
    ...(c.value !== undefined ? { value: c.value } : {}),
    ...(c.indicator !== undefined ? { indicator: c.indicator } : {}),
    date: c.date,
    at: c.at,
  };
}

function isOrderKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fills what a minimal board JSON leaves out (see `boardJsonInputSchema`). A
 * card without an `order` goes after the cards of its column listed before it,
 * so array order is column order; every timestamp left out is `now`.
 */
export function completeBoardJson(input: BoardJsonInput, now = new Date().toISOString()): BoardJson {
  const last = new Map<ColumnId, string>();
  const cards = input.cards.map((card) => {
    const previous = last.get(card.column) ?? null;
    const order = card.order ?? generateKeyBetween(previous, null);
    if (previous === null || order > previous) last.set(card.column, order);
    return { ...card, order, createdAt: card.createdAt ?? now, status: card.status ?? 'active' };
  });
  return {
    ...input,
    board: { ...input.board, id: input.board.id ?? randomId(16), direction: input.board.direction ?? 'rtl', createdAt: input.board.createdAt ?? now },
    columns: input.columns ?? COLUMNS.map((c) => ({ id: c.id, title: c.title })),
    cards,
    links: input.links ?? [],
    commitments: (input.commitments ?? []).map((c) => ({ ...c, contributors: c.contributors ?? [], indicators: c.indicators ?? [], trace: c.trace ?? [] })),
  };
}

/**
 * Validates an imported board: the shape (unknown keys rejected; what a
 * minimal board leaves out gets its default) and then the references (unique
 * ids, links between existing cards in neighbouring columns, commitments on
 * initiatives with indicator cards as success indicators).
 */
export function validateBoardJson(input: unknown): Validated<BoardJson> {
  const shaped = validate(boardJsonInputSchema, input);
  if (!shaped.ok) return shaped;
  const fail = (path: string, message: string): Validated<BoardJson> => ({ ok: false, issue: { path, message } });
  // A key the ordering library cannot extend would break the next move in that column.
  for (const [i, card] of shaped.value.cards.entries()) {
    if (card.order !== undefined && !isOrderKey(card.order)) return fail(`cards[${i}].order`, 'must be a fractional index key (as exported), or left out');
  }
  const json = completeBoardJson(shaped.value);

  for (const [i, column] of json.columns.entries()) {
    if (column.id !== COLUMNS[i]?.id) return fail(`columns[${i}].id`, `expected "${COLUMNS[i]?.id}"`);
  }
  const ids = new Set<string>();
  const columnOf = new Map<string, ColumnId>();
  for (const [i, card] of json.cards.entries()) {
    if (ids.has(card.id)) return fail(`cards[${i}].id`, 'duplicate id');
    ids.add(card.id);
    columnOf.set(card.id, card.column);
    for (const key of Object.keys(card)) {
      if (!['id', 'column', 'text', 'order', 'author', 'createdAt', 'status', 'portfolio'].includes(key)
        && !fieldApplies(card.column, key)) {
        return fail(`cards[${i}].${key}`, `does not apply to ${card.column} cards`);
      }
    }
  }
  const pairs = new Set<string>();
  for (const [i, link] of json.links.entries()) {
    if (ids.has(link.id)) return fail(`links[${i}].id`, 'duplicate id');
    ids.add(link.id);
    const from = columnOf.get(link.from);
    const to = columnOf.get(link.to);
    if (!from) return fail(`links[${i}].from`, 'no such card');
    if (!to) return fail(`links[${i}].to`, 'no such card');
    if (!canLinkColumns(from, to)) return fail(`links[${i}].to`, 'must be a card in the next column toward the goal');
    const pair = `${link.from}>${link.to}`;
    if (pairs.has(pair)) return fail(`links[${i}]`, 'duplicate link');
    pairs.add(pair);
  }
  for (const [i, c] of json.commitments.entries()) {
    if (ids.has(c.id)) return fail(`commitments[${i}].id`, 'duplicate id');
    ids.add(c.id);
    if (columnOf.get(c.card) !== 'initiative') return fail(`commitments[${i}].card`, 'must be an initiative card');
    for (const [j, ind] of c.indicators.entries()) {
      if (columnOf.get(ind) !== 'indicator') return fail(`commitments[${i}].indicators[${j}]`, 'must be an indicator card');
    }
  }
  const decisionIds = new Set<string>();
  for (const [i, d] of (json.decisions ?? []).entries()) {
    if (decisionIds.has(d.id)) return fail(`decisions[${i}].id`, 'duplicate id');
    decisionIds.add(d.id);
  }
  const commitmentIndicators = new Map(json.commitments.map((c) => [c.id, c.indicators]));
  const checkInIds = new Set<string>();
  for (const [i, c] of (json.checkIns ?? []).entries()) {
    if (checkInIds.has(c.id)) return fail(`checkIns[${i}].id`, 'duplicate id');
    checkInIds.add(c.id);
    const indicators = commitmentIndicators.get(c.commitment);
    if (!indicators) return fail(`checkIns[${i}].commitment`, 'no such commitment');
    if (c.indicator !== undefined && !indicators.includes(c.indicator)) return fail(`checkIns[${i}].indicator`, 'must be a success indicator of the commitment');
  }
  const groupIds = new Set<string>();
  const grouped = new Set<string>();
  for (const [i, g] of (json.groups ?? []).entries()) {
    if (groupIds.has(g.id)) return fail(`groups[${i}].id`, 'duplicate id');
    groupIds.add(g.id);
    for (const [j, cardId] of g.cards.entries()) {
      const column = columnOf.get(cardId);
      if (!column) return fail(`groups[${i}].cards[${j}]`, 'no such card');
      if (column !== g.column) return fail(`groups[${i}].cards[${j}]`, `must be a card of the group's column (${g.column})`);
      if (grouped.has(cardId)) return fail(`groups[${i}].cards[${j}]`, 'already in a group');
      grouped.add(cardId);
    }
  }
  const commentIds = new Set<string>();
  for (const [i, t] of (json.comments ?? []).entries()) {
    if (!columnOf.has(t.card)) return fail(`comments[${i}].card`, 'no such card');
    for (const [path, c] of [[`comments[${i}]`, t] as const, ...t.replies.map((r, j) => [`comments[${i}].replies[${j}]`, r] as const)]) {
      if (commentIds.has(c.id)) return fail(`${path}.id`, 'duplicate id');
      commentIds.add(c.id);
      if (!(path === `comments[${i}]` && t.deleted) && !/\S/.test(c.text)) return fail(`${path}.text`, 'must not be blank');
    }
  }
  return { ok: true, value: json };
}

/**
 * Builds a new board document from validated board JSON; returns it encoded as
 * one update (what the server stores). Ids of cards, links and commitments are kept.
 */
export function importBoardJson(json: BoardJson): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    initBoard(doc, { title: json.board.title, direction: json.board.direction, createdAt: Date.parse(json.board.createdAt) }, BUILD_ORIGIN);
    // A board exported from a portfolio imports standalone: the goals and segments it showed become its own cards.
    for (const card of json.cards) {
      const { portfolio: _portfolio, ...own } = card as Card;
      addCard(doc, newCardOf(own), BUILD_ORIGIN);
    }
    importLinks(doc, json.links.map((l) => ({ id: l.id, from: l.from, to: l.to, assumption: l.assumption ?? '' })), BUILD_ORIGIN);
    for (const c of json.commitments) {
      const { trace: _trace, ...commitment } = c;
      putCommitment(doc, commitment as Commitment, BUILD_ORIGIN);
    }
    if (json.board.nextReview) setNextReview(doc, json.board.nextReview, BUILD_ORIGIN);
    for (const entry of json.decisions ?? []) addDecision(doc, entry, BUILD_ORIGIN);
    importCheckIns(doc, json.checkIns ?? [], BUILD_ORIGIN);
    importGroups(doc, json.groups ?? [], BUILD_ORIGIN);
    importComments(doc, threadsOf(json), BUILD_ORIGIN);
  }, BUILD_ORIGIN);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
