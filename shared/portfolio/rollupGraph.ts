/**
 * How a member board's cards reach the portfolio's goals and segments: the
 * board's own links plus the portfolio's (a mirror may or may not copy the
 * portfolio's segment → goal links; the portfolio's own say how its segments
 * serve its goals either way), over active cards only. Pure.
 */
import type { BoardSnapshot, Card } from '../model.ts';

/** The portfolio's goals and segments as the graph needs them. */
export interface PortfolioTargets {
  /** Active portfolio goal and segment cards, in board order. */
  goals: Card[];
  segments: Card[];
  /** Every card id of the portfolio (any status): a board's copy of one is the portfolio's, not the board's own. */
  all: ReadonlySet<string>;
  links: BoardSnapshot['links'];
}

/** The portfolio's targets from its snapshot. */
export function portfolioTargets(portfolio: BoardSnapshot): PortfolioTargets {
  const active = portfolio.cards.filter((c) => c.status === 'active');
  const byOrder = (a: Card, b: Card) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1);
  return {
    goals: active.filter((c) => c.column === 'goal').sort(byOrder),
    segments: active.filter((c) => c.column === 'segment').sort(byOrder),
    all: new Set(portfolio.cards.map((c) => c.id)),
    links: portfolio.links,
  };
}

/** A member board's cards and what each reaches toward the goals. */
export interface BoardGraph {
  /** The board's own active cards (mirrored portfolio cards left out). */
  own: Card[];
  /** Ids of the board's own goals (local goals, not from the portfolio). */
  localGoals: ReadonlySet<string>;
  /** The card ids reached from `cardId` toward the goal (not itself). */
  reachOf(cardId: string): ReadonlySet<string>;
}

/** The reach graph of one member board under a portfolio. */
export function boardGraph(snapshot: BoardSnapshot, targets: PortfolioTargets): BoardGraph {
  const own = snapshot.cards.filter((c) => c.status === 'active' && !targets.all.has(c.id));
  const nodes = new Set<string>([...own.map((c) => c.id), ...targets.goals.map((c) => c.id), ...targets.segments.map((c) => c.id)]);
  const up = new Map<string, string[]>();
  const seenLink = new Set<string>();
  for (const l of [...snapshot.links, ...targets.links]) {
    const key = `${l.from}>${l.to}`;
    if (seenLink.has(key) || !nodes.has(l.from) || !nodes.has(l.to)) continue;
    seenLink.add(key);
    (up.get(l.from) ?? up.set(l.from, []).get(l.from)!).push(l.to);
  }
  const cache = new Map<string, Set<string>>();
  const reachOf = (cardId: string): Set<string> => {
    const known = cache.get(cardId);
    if (known) return known;
    const seen = new Set<string>();
    const stack = [cardId];
    while (stack.length) {
      for (const next of up.get(stack.pop()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    cache.set(cardId, seen);
    return seen;
  };
  return { own, localGoals: new Set(own.filter((c) => c.column === 'goal').map((c) => c.id)), reachOf };
}
