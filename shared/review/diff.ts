/**
 * What changed between two versions of a board (two history snapshots, or a
 * snapshot and the current board): cards added, removed, edited and moved;
 * links added, removed and with a new assumption; commitments added, removed,
 * with a new status or other edits. Pure; the UI shows it on the board.
 */
import { COLUMN_FIELDS, type BoardSnapshot, type Card, type ColumnId, type Commitment, type Link } from '../model.ts';
import { canonicalJson } from './model.ts';

/** What a diff needs of a board: board JSON (`BoardJson`) and `BoardSnapshot` both fit. */
type DiffableBoard = Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>;

export interface CardRef {
  id: string;
  column: ColumnId;
  text: string;
}

interface FieldChange {
  /** `status`, `author` or a card field (`metric`, `targetValue`, …). */
  field: string;
  before?: unknown;
  after?: unknown;
}

interface CardEdit {
  id: string;
  column: ColumnId;
  /** Present when the text changed. */
  text?: { before: string; after: string };
  fields: FieldChange[];
}

interface CardPosition {
  column: ColumnId;
  /** Position among the column's cards (0 = first). */
  index: number;
}

interface CardMove {
  id: string;
  text: string;
  from: CardPosition;
  to: CardPosition;
}

interface CommitmentRef {
  id: string;
  title: string;
  status: Commitment['status'];
}

export interface BoardDiff {
  cards: { added: CardRef[]; removed: CardRef[]; edited: CardEdit[]; moved: CardMove[] };
  links: {
    added: Link[];
    removed: Link[];
    /** Same two cards, another assumption. */
    changed: { from: string; to: string; before: string; after: string }[];
  };
  commitments: {
    added: CommitmentRef[];
    removed: CommitmentRef[];
    statusChanged: { id: string; title: string; from: Commitment['status']; to: Commitment['status'] }[];
    /** Other fields that changed (title, owner, due, …; consents and reopenings count as fields). */
    edited: { id: string; title: string; fields: string[] }[];
  };
  /** True when nothing changed. */
  empty: boolean;
}

const cardRef = (c: Card): CardRef => ({ id: c.id, column: c.column, text: c.text });
const commitmentRef = (c: Commitment): CommitmentRef => ({ id: c.id, title: c.title, status: c.status });
const sameValue = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Each card's position in its column (by order key, ties by id: the board's display order). */
function positions(cards: readonly Card[]): Map<string, number> {
  const byColumn = new Map<ColumnId, Card[]>();
  for (const c of cards) (byColumn.get(c.column) ?? byColumn.set(c.column, []).get(c.column)!).push(c);
  const out = new Map<string, number>();
  for (const list of byColumn.values()) {
    list.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1)).forEach((c, i) => out.set(c.id, i));
  }
  return out;
}

function cardEdit(before: Card, after: Card): CardEdit | undefined {
  const fields: FieldChange[] = [];
  // Fields of the card's (new) column: a move drops the old column's fields, which is part of the move.
  for (const field of ['status', 'author', ...COLUMN_FIELDS[after.column]] as const) {
    const a = (before as unknown as Record<string, unknown>)[field];
    const b = (after as unknown as Record<string, unknown>)[field];
    if (!sameValue(a, b)) fields.push({ field, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
  }
  const textChanged = before.text !== after.text;
  if (!textChanged && fields.length === 0) return undefined;
  return { id: after.id, column: after.column, ...(textChanged ? { text: { before: before.text, after: after.text } } : {}), fields };
}

const COMMITMENT_FIELDS = ['card', 'title', 'owner', 'contributors', 'due', 'checkpoint', 'indicators', 'definitionOfDone', 'consents', 'reopenings'] as const;

/** The changes that turn board `a` into board `b`. */
export function diffBoards(a: DiffableBoard, b: DiffableBoard): BoardDiff {
  const beforeCards = new Map(a.cards.map((c) => [c.id, c]));
  const afterCards = new Map(b.cards.map((c) => [c.id, c]));
  const beforePos = positions(a.cards);
  const afterPos = positions(b.cards);
  const diff: BoardDiff = {
    cards: { added: [], removed: [], edited: [], moved: [] },
    links: { added: [], removed: [], changed: [] },
    commitments: { added: [], removed: [], statusChanged: [], edited: [] },
    empty: true,
  };
  for (const card of b.cards) {
    const old = beforeCards.get(card.id);
    if (!old) {
      diff.cards.added.push(cardRef(card));
      continue;
    }
    const edit = cardEdit(old, card);
    if (edit) diff.cards.edited.push(edit);
    // Order keys change only when the card itself moves, so other cards' moves never flag this one.
    if (old.column !== card.column || old.order !== card.order) {
      diff.cards.moved.push({
        id: card.id, text: card.text,
        from: { column: old.column, index: beforePos.get(card.id) ?? 0 },
        to: { column: card.column, index: afterPos.get(card.id) ?? 0 },
      });
    }
  }
  for (const card of a.cards) if (!afterCards.has(card.id)) diff.cards.removed.push(cardRef(card));

  // Links are compared by the two cards they join: a link re-created between the same cards is the same link.
  const pair = (l: Link) => `${l.from}>${l.to}`;
  const beforeLinks = new Map(a.links.map((l) => [pair(l), l]));
  const afterLinks = new Map(b.links.map((l) => [pair(l), l]));
  for (const [key, link] of afterLinks) {
    const old = beforeLinks.get(key);
    if (!old) diff.links.added.push(link);
    else if ((old.assumption ?? '') !== (link.assumption ?? '')) {
      diff.links.changed.push({ from: link.from, to: link.to, before: old.assumption ?? '', after: link.assumption ?? '' });
    }
  }
  for (const [key, link] of beforeLinks) if (!afterLinks.has(key)) diff.links.removed.push(link);

  const beforeCommitments = new Map(a.commitments.map((c) => [c.id, c]));
  const afterIds = new Set(b.commitments.map((c) => c.id));
  for (const c of b.commitments) {
    const old = beforeCommitments.get(c.id);
    if (!old) {
      diff.commitments.added.push(commitmentRef(c));
      continue;
    }
    if (old.status !== c.status) diff.commitments.statusChanged.push({ id: c.id, title: c.title, from: old.status, to: c.status });
    const fields = COMMITMENT_FIELDS.filter((f) => !sameValue(old[f] ?? null, c[f] ?? null));
    if (fields.length) diff.commitments.edited.push({ id: c.id, title: c.title, fields });
  }
  for (const c of a.commitments) if (!afterIds.has(c.id)) diff.commitments.removed.push(commitmentRef(c));

  diff.empty = [diff.cards, diff.links, diff.commitments].every((group) => Object.values(group).every((list) => list.length === 0));
  return diff;
}
