/**
 * A board diff (shared/review/diff.ts) as the review page shows it: a mark
 * per card of the newer board (added, edited, moved), the removed cards to
 * show as ghosts, and a one-line summary. Pure.
 */
import type { BoardDiff } from '../../shared/review/diff.ts';
import { COLUMNS, type ColumnId } from '../../shared/model.ts';

export type CardChange = 'added' | 'edited' | 'moved';

export interface CardDiffMark {
  changes: CardChange[];
  /** The column it came from, when it moved to another one. */
  movedFrom?: ColumnId;
  /** Its text before, when the text was edited. */
  textBefore?: string;
  /** Other fields that changed (card field names, `status`, `author`). */
  fields: string[];
}

/** Per card id of the newer board: what changed about it. */
export function cardDiffMarks(diff: BoardDiff): Map<string, CardDiffMark> {
  const marks = new Map<string, CardDiffMark>();
  const mark = (id: string) => marks.get(id) ?? marks.set(id, { changes: [], fields: [] }).get(id)!;
  for (const c of diff.cards.added) mark(c.id).changes.push('added');
  for (const e of diff.cards.edited) {
    const m = mark(e.id);
    m.changes.push('edited');
    if (e.text) m.textBefore = e.text.before;
    m.fields.push(...e.fields.map((f) => f.field));
  }
  for (const mv of diff.cards.moved) {
    const m = mark(mv.id);
    m.changes.push('moved');
    if (mv.from.column !== mv.to.column) m.movedFrom = mv.from.column;
  }
  return marks;
}

export function columnTitle(column: ColumnId): string {
  return COLUMNS.find((c) => c.id === column)?.title ?? column;
}

/** How a card's change reads on its tag: "Added", "Edited", "Moved from Segments", "Edited, moved". */
export function changeLabel(mark: CardDiffMark): string {
  const words = mark.changes.map((c) => {
    if (c === 'moved') return mark.movedFrom ? `moved from ${columnTitle(mark.movedFrom)}` : 'reordered';
    return c;
  });
  const text = words.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 cards added, 1 edited · 1 link added · 1 commitment status changed", or "No changes". */
export function diffSummary(diff: BoardDiff): string {
  if (diff.empty) return 'No changes';
  const parts: string[] = [];
  const cards: string[] = [];
  if (diff.cards.added.length) cards.push(`${diff.cards.added.length} added`);
  if (diff.cards.removed.length) cards.push(`${diff.cards.removed.length} removed`);
  if (diff.cards.edited.length) cards.push(`${diff.cards.edited.length} edited`);
  if (diff.cards.moved.length) cards.push(`${diff.cards.moved.length} moved`);
  if (cards.length) {
    const n = new Set([...diff.cards.added, ...diff.cards.removed, ...diff.cards.edited, ...diff.cards.moved].map((c) => c.id)).size;
    parts.push(`${plural(n, 'card')}: ${cards.join(', ')}`);
  }
  const links = diff.links.added.length + diff.links.removed.length + diff.links.changed.length;
  if (links) parts.push(`${plural(links, 'link')} changed`);
  const c = diff.commitments;
  const commitments = new Set([...c.added, ...c.removed, ...c.statusChanged, ...c.edited].map((x) => x.id)).size;
  if (commitments) parts.push(`${plural(commitments, 'commitment')} changed`);
  return parts.join(' · ');
}

/** Field names as people read them. */
const FIELD_WORDS: Record<string, string> = {
  status: 'status', author: 'author', metric: 'metric', actor: 'actor', current: 'current behaviour', desired: 'desired behaviour',
  definition: 'definition', unit: 'unit', direction: 'direction', baselineValue: 'baseline', baselineAsOf: 'baseline date',
  baselineSource: 'baseline source', targetValue: 'target', targetBy: 'target date', initiativeType: 'type', function: 'function',
  confidence: 'confidence', evidence: 'evidence', card: 'card', title: 'title', owner: 'owner', contributors: 'contributors',
  due: 'due date', checkpoint: 'checkpoint', indicators: 'success indicators', definitionOfDone: 'definition of done',
  consents: 'consent rounds', reopenings: 'reopenings',
};

export function fieldWord(field: string): string {
  return FIELD_WORDS[field] ?? field;
}
