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

function reach(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
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
 * Ids of the cards on the way from `cardId` up to the goals, in chain order
 * (goal first). Branches that stop short of a goal are not on the way: an
 * orphan's trace is empty.
 */
export function traceToGoals(cardId: string, cards: readonly Card[], links: readonly Link[]): string[] {
  const g = graphOf(links);
  const upward = reach(cardId, g.up);
  const goals = cards.filter((c) => c.column === 'goal' && upward.has(c.id));
  const towardGoal = new Set<string>(goals.map((c) => c.id));
  for (const goal of goals) for (const id of reach(goal.id, g.down)) towardGoal.add(id);
  return cards
    .filter((c) => upward.has(c.id) && towardGoal.has(c.id))
    .sort((a, b) => columnIndex(a.column) - columnIndex(b.column) || (a.id < b.id ? -1 : 1))
    .map((c) => c.id);
}

export interface TraceFindings {
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
