/**
 * Keeps unchanged cards and links the same objects from one board read to the
 * next, so memoised card components re-render only when their card changed.
 * Pure; no Yjs.
 */
import type { BoardSnapshot, Card, Link } from '../../shared/model.ts';

function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => ra[k] === rb[k]);
}

function reuse<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  // Usually the item at the same place is the same record (a keystroke changes one card of thousands):
  // look it up by id only when the order moved.
  let byId: Map<string, T> | null = null;
  let same = previous.length === next.length;
  const out = next.map((item, i) => {
    const atPlace = previous[i];
    const old = atPlace?.id === item.id ? atPlace : (byId ??= new Map(previous.map((p) => [p.id, p]))).get(item.id);
    const kept = old && shallowEqual(old, item) ? old : item;
    if (kept !== previous[i]) same = false;
    return kept;
  });
  return same ? (previous as T[]) : out;
}

/** `next` with every card, link and list (commitments, the decision log) that did not change taken from `previous`. */
export function shareStructure(previous: BoardSnapshot | undefined, next: BoardSnapshot): BoardSnapshot {
  if (!previous) return next;
  const cards: Card[] = reuse(previous.cards, next.cards);
  const links: Link[] = reuse(previous.links, next.links);
  const board = shallowEqual(previous.board, next.board) ? previous.board : next.board;
  const commitments = JSON.stringify(previous.commitments) === JSON.stringify(next.commitments) ? previous.commitments : next.commitments;
  const decisions = JSON.stringify(previous.decisions) === JSON.stringify(next.decisions) ? previous.decisions : next.decisions;
  if (cards === previous.cards && links === previous.links && board === previous.board && commitments === previous.commitments && decisions === previous.decisions) {
    return previous;
  }
  return decisions ? { board, cards, links, commitments, decisions } : { board, cards, links, commitments };
}
