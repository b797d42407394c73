/**
 * The trace check, pure: what in the plan does not hold together yet, as a list
 * of findings with the ids they are about and a message a person can act on.
 * Only active cards count: a chain through a parked or rejected card is no chain.
 *
 * Closing the Commit phase with open findings needs a facilitator override
 * (a decision-log entry, see `recordOverride`); `openFindings` tells which
 * findings no override covers yet.
 */
import { COLUMN_IDS, type BoardSnapshot, type Card, type DecisionEntry, type Link } from './model.ts';

export const TRACE_FINDING_KINDS = [
  'orphan-commitment',
  'orphan-initiative',
  'behaviour-without-indicator',
  'indicator-without-baseline',
  'indicator-without-target',
  'target-against-direction',
  'lagging-metric-as-indicator',
] as const;
export type TraceFindingKind = (typeof TRACE_FINDING_KINDS)[number];

export interface TraceFinding {
  /** Stable id: the kind and the ids it is about (what an override refers to). */
  id: string;
  kind: TraceFindingKind;
  /** The cards the finding is about (first: the card to select). */
  cards: string[];
  commitment?: string;
  message: string;
}

/** Lagging business metrics that show up in goals' metrics; matched as words. */
const LAGGING_TERMS = ['arr', 'mrr', 'nrr', 'grr', 'ndr', 'churn', 'revenue', 'ltv', 'clv', 'bookings', 'ebitda', 'gmv', 'profit', 'margin'];

/** Runs every check over a snapshot; findings in a stable order (by kind, then board order). */
export function traceCheck(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>): TraceFinding[] {
  const cards = snapshot.cards.filter((c) => c.status === 'active');
  const byId = new Map(cards.map((c) => [c.id, c]));
  const links = snapshot.links.filter((l) => byId.has(l.from) && byId.has(l.to));
  const reachesGoal = cardsReachingGoal(cards, links);
  const findings: TraceFinding[] = [];
  const add = (kind: TraceFindingKind, ids: string[], message: string, commitment?: string) => {
    findings.push({ id: [kind, commitment ?? '', ...ids].join(':'), kind, cards: ids, ...(commitment ? { commitment } : {}), message });
  };
  const live = snapshot.commitments.filter((c) => c.status !== 'dropped');

  const committed = new Set(live.map((c) => c.card));
  for (const c of live) {
    const card = byId.get(c.card);
    if (card && !reachesGoal.has(card.id)) add('orphan-commitment', [card.id], `Commitment “${label({ text: c.title })}” traces to no business goal: link its initiative along a chain to a goal.`, c.id);
  }
  for (const card of cards) {
    if (card.column === 'initiative' && !committed.has(card.id) && !reachesGoal.has(card.id)) {
      add('orphan-initiative', [card.id], `Initiative “${label(card)}” reaches no business goal.`);
    }
  }
  const hasIndicator = new Set(links.filter((l) => byId.get(l.from)?.column === 'indicator').map((l) => l.to));
  for (const card of cards) {
    if (card.column === 'behaviour' && !hasIndicator.has(card.id)) {
      add('behaviour-without-indicator', [card.id], `Behaviour “${label(card)}” has no value indicator to show it moving.`);
    }
  }
  const indicators = cards.filter((c) => c.column === 'indicator');
  for (const card of indicators) {
    if (card.baselineValue === undefined) add('indicator-without-baseline', [card.id], `Indicator “${label(card)}” has no baseline.`);
  }
  for (const card of indicators) {
    const lacks = [card.targetValue === undefined ? 'target value' : '', card.targetBy === undefined ? 'target date' : ''].filter(Boolean);
    if (lacks.length) add('indicator-without-target', [card.id], `Indicator “${label(card)}” has no ${lacks.join(' and no ')}.`);
  }
  for (const card of indicators) {
    const { baselineValue: base, targetValue: target, direction } = card;
    if (base === undefined || target === undefined || !direction) continue;
    if ((direction === 'increase' && target < base) || (direction === 'decrease' && target > base)) {
      add('target-against-direction', [card.id],
        `Indicator “${label(card)}” should ${direction}, but its target ${target} is ${target < base ? 'below' : 'above'} the baseline ${base}.`);
    }
  }
  const goals = cards.filter((c) => c.column === 'goal' && c.metric);
  for (const c of live) {
    for (const indicatorId of c.indicators) {
      const indicator = byId.get(indicatorId);
      if (!indicator) continue;
      const goal = goals.find((g) => metricTerms(g.metric!).some((term) => mentions(indicatorText(indicator), term)));
      if (goal) {
        add('lagging-metric-as-indicator', [indicator.id, goal.id],
          `Success indicator “${label(indicator)}” of “${label({ text: c.title })}” is the lagging goal metric “${label({ text: goal.metric! })}”: choose a leading indicator of the behaviour.`, c.id);
      }
    }
  }
  const order = new Map(TRACE_FINDING_KINDS.map((k, i) => [k, i]));
  return findings.sort((a, b) => order.get(a.kind)! - order.get(b.kind)!);
}

/**
 * Findings no override covers: an override covers the findings it lists (by
 * id), so a finding that appears after the override is open again.
 */
export function openFindings(findings: readonly TraceFinding[], decisions: readonly DecisionEntry[] = []): TraceFinding[] {
  const overridden = new Set<string>();
  for (const d of decisions) if (d.kind === 'override') for (const f of d.findings) overridden.add(f.id);
  return findings.filter((f) => !overridden.has(f.id));
}

/**
 * `traceToGoals` (shared/derive.ts) for many cards of one board: the graph and
 * the set of cards that reach a goal are built once, so tracing every
 * commitment of a large board stays linear. Same result as `traceToGoals`.
 */
export function goalTracer(cards: readonly Card[], links: readonly Link[]): (cardId: string) => string[] {
  const up = new Map<string, string[]>();
  for (const l of links) (up.get(l.from) ?? up.set(l.from, []).get(l.from)!).push(l.to);
  const reaches = cardsReachingGoal(cards, links);
  const column = new Map(cards.map((c) => [c.id, COLUMN_ORDER.get(c.column)!]));
  return (cardId) => {
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
    // On the way to a goal: reached from the card and itself a goal or reaching one.
    return [...seen]
      .filter((id) => column.has(id) && (column.get(id) === 0 || reaches.has(id)))
      .sort((a, b) => column.get(a)! - column.get(b)! || (a < b ? -1 : 1));
  };
}

const COLUMN_ORDER = new Map(COLUMN_IDS.map((c, i) => [c, i]));

/** Cards from which a chain of links reaches a goal (all cards given; callers filter by status). */
function cardsReachingGoal(cards: readonly Card[], links: readonly Link[]): Set<string> {
  const down = new Map<string, string[]>();
  for (const l of links) (down.get(l.to) ?? down.set(l.to, []).get(l.to)!).push(l.from);
  const seen = new Set<string>();
  const stack = cards.filter((c) => c.column === 'goal').map((c) => c.id);
  while (stack.length) {
    const id = stack.pop()!;
    for (const next of down.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * The words of a goal's metric that name a lagging metric: acronyms written in
 * capitals (ARR, NRR), known lagging terms (churn, revenue…), or, when neither
 * is there, the whole metric as a phrase.
 */
export function metricTerms(metric: string): string[] {
  const terms = new Set<string>();
  for (const m of metric.matchAll(/(?<![\p{L}\p{N}])(\p{Lu}{2,6})(?![\p{L}\p{N}])/gu)) terms.add(m[1]!.toLowerCase());
  for (const term of LAGGING_TERMS) if (mentions(metric, term)) terms.add(term);
  const phrase = metric.trim().toLowerCase();
  if (terms.size === 0 && phrase) terms.add(phrase);
  return [...terms];
}

/** Case-insensitive whole-word match ("churn" matches "Churn rate" and "churned", not "unchurnable"). */
function mentions(text: string, term: string): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const suffix = term.length >= 5 ? '\\p{L}*' : 's?';
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}${suffix}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

function indicatorText(card: Card): string {
  return [card.text, card.definition ?? '', card.unit ?? ''].join('\n');
}

/** A card's first line, shortened for messages. */
export function label(card: Pick<Card, 'text'>, max = 80): string {
  const line = card.text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  if (!line) return '(empty card)';
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : line;
}
