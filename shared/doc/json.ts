/**
 * The board JSON format (`product-vcp` v1): export from a board document,
 * validation (with the path of the first bad field), and import into a fresh
 * document. Export → import → export is identical but for the new board id.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { COLUMNS, canLinkColumns, COLUMN_FIELDS, type BoardSnapshot, type Card, type ColumnId, type Commitment } from '../model.ts';
import { boardJsonInputSchema, FORMAT, FORMAT_VERSION, validate, type BoardJson, type BoardJsonInput, type Validated } from '../schema.ts';
import { randomId } from '../ids.ts';
import {
  addCard, addDecision, addLink, initBoard, putCommitment, readBoardInfo, readCards, readCommitments, readDecisions, readLinks, setNextReview,
} from './board.ts';
import { goalTracer } from '../derive.ts';
import type { CheckIn } from '../review/model.ts';
import { importCheckIns, readCheckIns } from './review/checkins.ts';
import { importGroups, readGroups, type CardGroup } from './ext-groups.ts';

/** What a board JSON holds beyond the board snapshot. */
export interface BoardJsonExtras {
  /** Commitment check-ins, by date. */
  checkIns?: readonly CheckIn[];
  /** Clusters of cards. */
  groups?: readonly CardGroup[];
}

/** A plain, validated read of a whole board document. */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  const cards = readCards(doc);
  return { board: readBoardInfo(doc), cards, links: readLinks(doc, cards), commitments: readCommitments(doc, cards), decisions: readDecisions(doc) };
}

/** Exports a board document in the `product-vcp` v1 format. Pure function of the document state. */
export function exportBoardJson(doc: Y.Doc, boardId: string): BoardJson {
  const snapshot = readBoard(doc);
  return snapshotToJson(snapshot, boardId, { checkIns: readCheckIns(doc), groups: readGroups(doc, snapshot.cards) });
}

/**
 * The board JSON of a snapshot (and what lives beside it in the document:
 * check-ins, clusters): deterministic key and array order.
 */
export function snapshotToJson(snapshot: BoardSnapshot, boardId: string, extras: BoardJsonExtras = {}): BoardJson {
  const checkIns = extras.checkIns ?? [];
  const groups = extras.groups ?? [];
  const { board, cards, links, commitments } = snapshot;
  const decisions = snapshot.decisions ?? [];
  const traceOf = goalTracer(cards, links);
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    board: { id: boardId, title: board.title, direction: board.direction, createdAt: board.createdAt, ...(board.nextReview ? { nextReview: board.nextReview } : {}) },
    columns: COLUMNS.map((c) => ({ id: c.id, title: c.title })),
    cards: cards.map(cardJson),
    links: links.map((l) => (l.assumption ? { id: l.id, from: l.from, to: l.to, assumption: l.assumption } : { id: l.id, from: l.from, to: l.to })),
    commitments: commitments.map((c) => {
      const trace = traceOf(c.card);
      return {
        id: c.id,
        card: c.card,
        title: c.title,
        owner: c.owner,
        contributors: c.contributors,
        ...(c.due ? { due: c.due } : {}),
        ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
        status: c.status,
        indicators: c.indicators,
        trace,
        ...(c.definitionOfDone ? { definitionOfDone: c.definitionOfDone } : {}),
        ...(c.consents?.length ? { consents: c.consents } : {}),
        ...(c.reopenings?.length ? { reopenings: c.reopenings } : {}),
      };
    }),
    // Optional in v1: left out when empty, so boards without a log export as before.
    ...(decisions.length ? { decisions } : {}),
    ...(checkIns.length ? { checkIns: checkIns.map(checkInJson) } : {}),
    ...(groups.length ? { groups: groups.map((g) => ({ id: g.id, label: g.label, column: g.column, cards: [...g.cards] })) } : {}),
  };
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

function cardJson(card: Card): BoardJson['cards'][number] {
  const out: Record<string, unknown> = {
    id: card.id,
    column: card.column,
    text: card.text,
    order: card.order,
    ...(card.author ? { author: card.author } : {}),
    createdAt: card.createdAt,
    status: card.status,
  };
  for (const name of COLUMN_FIELDS[card.column]) {
    if (card[name] !== undefined) out[name] = card[name];
  }
  return out as BoardJson['cards'][number];
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
      if (!['id', 'column', 'text', 'order', 'author', 'createdAt', 'status'].includes(key)
        && !(COLUMN_FIELDS[card.column] as readonly string[]).includes(key)) {
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
  return { ok: true, value: json };
}

/**
 * Builds a new board document from validated board JSON; returns it encoded as
 * one update (what the server stores). Ids of cards, links and commitments are kept.
 */
export function importBoardJson(json: BoardJson): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    initBoard(doc, { title: json.board.title, direction: json.board.direction, createdAt: Date.parse(json.board.createdAt) }, null);
    for (const card of json.cards) {
      const { id, column, text, order, author, createdAt, status, ...fields } = card;
      addCard(doc, { ...fields, id, column, text, order, status, createdAt: Date.parse(createdAt), ...(author ? { author } : {}) }, null);
    }
    for (const link of json.links) addLink(doc, link.from, link.to, link.assumption ?? '', null, link.id);
    for (const c of json.commitments) {
      const { trace: _trace, ...commitment } = c;
      putCommitment(doc, commitment as Commitment, null);
    }
    if (json.board.nextReview) setNextReview(doc, json.board.nextReview, null);
    for (const entry of json.decisions ?? []) addDecision(doc, entry, null);
    importCheckIns(doc, json.checkIns ?? [], null);
    importGroups(doc, json.groups ?? [], null);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
