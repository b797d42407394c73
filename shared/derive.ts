/**
 * Pure derivations over a board snapshot: the golden thread of a card, what
 * traces to a goal, orphans and dead ends. No Yjs here; tested in isolation.
 */
import { columnIndex, type Card, type Link } from './model.ts';

interface Graph {
  /** card id → ids of linked cards one column toward the goal */
  up: Map<string, string[]>;
  /** card id → ids of linked cards one column toward the initiatives */
  down: Map<string, string[]>;
}

function graphOf(links: readonly Link[]): Graph {
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const l of links) {
    (up.get(l.from) ?? up.set(l.from, []).get(l.from)!).push(l.to);
    (down.get(l.to) ?? down.set(l.to, []).get(l.to)!).push(l.from);
  }
  return { up, down };
}

/** The cards reached from any of `starts` (not the starts themselves, unless reached). */
function reach(starts: string | Iterable<string>, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = typeof starts === 'string' ? [starts] : [...starts];
  while (stack.length) {
    const id = stack.pop()!;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

export interface GoldenThread {
  cards: Set<string>;
  links: Set<string>;
}

/**
 * Every chain through a card: the cards it reaches toward the goal, the cards
 * that reach it from the initiatives, and the links between them.
 */
export function goldenThread(cardId: string, links: readonly Link[]): GoldenThread {
  const g = graphOf(links);
  const upward = reach(cardId, g.up);
  const downward = reach(cardId, g.down);
  const cards = new Set([cardId, ...upward, ...downward]);
  const threadLinks = new Set<string>();
  for (const l of links) {
    const upChain = (l.from === cardId || upward.has(l.from)) && upward.has(l.to);
    const downChain = downward.has(l.from) && (l.to === cardId || downward.has(l.to));
    if (upChain || downChain) threadLinks.add(l.id);
  }
  return { cards, links: threadLinks };
}

/**
 * Traces cards of one board up to their goals: for a card id, the ids of the
 * cards on the way from it to the goals, in chain order (goal first, then by
 * id). Branches that stop short of a goal are not on the way: an orphan's
 * trace is empty, and so is a goal's. The graph and the set of cards that
 * reach a goal are built once, so tracing every commitment of a large board
 * stays linear.
 */
export function goalTracer(cards: readonly Card[], links: readonly Link[]): (cardId: string) => string[] {
  const { up, down } = graphOf(links);
  const reaches = reach(goalIds(cards), down);
  const column = new Map(cards.map((c) => [c.id, columnIndex(c.column)]));
  const goal = columnIndex('goal');
  return (cardId) => {
    // On the way to a goal: reached from the card, and itself a goal or reaching one.
    return [...reach(cardId, up)]
      .filter((id) => column.has(id) && (column.get(id) === goal || reaches.has(id)))
      .sort((a, b) => column.get(a)! - column.get(b)! || (a < b ? -1 : 1));
  };
}

/** Cards from which a chain of links reaches a goal (all cards given; callers filter by status). */
export function cardsReachingGoal(cards: readonly Card[], links: readonly Link[]): Set<string> {
  return reach(goalIds(cards), graphOf(links).down);
}

const goalIds = (cards: readonly Card[]) => cards.filter((c) => c.column === 'goal').map((c) => c.id);

interface TraceFindings {
  /** Cards (not goals) from which no chain reaches a goal. */
  orphans: Set<string>;
  /** Goals that no chain from an initiative reaches. */
  deadEnds: Set<string>;
}

/** Orphans (reach no goal) and dead-end goals (reached by no initiative). */
export function traceFindings(cards: readonly Card[], links: readonly Link[]): TraceFindings {
  const g = graphOf(links);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const reachesGoal = new Set<string>();
  const reachedByInitiative = new Set<string>();
  for (const c of cards) {
    if (c.column === 'goal') for (const id of reach(c.id, g.down)) reachesGoal.add(id);
    if (c.column === 'initiative') for (const id of reach(c.id, g.up)) reachedByInitiative.add(id);
  }
  const orphans = new Set<string>();
  const deadEnds = new Set<string>();
  for (const c of cards) {
    if (c.status !== 'active') continue;
    if (c.column === 'goal') {
      if (!reachedByInitiative.has(c.id)) deadEnds.add(c.id);
    } else if (!reachesGoal.has(c.id) && byId.has(c.id)) {
      orphans.add(c.id);
    }
  }
  return { orphans, deadEnds };
}
