/**
 * The trace check, pure: what in the plan does not hold together yet, as a list
 * of findings with the ids they are about and a message a person can act on.
 * Only active cards count: a chain through a parked or rejected card is no chain.
 *
 * Closing the Commit phase with open findings needs a facilitator override
 * (a decision-log entry, see `recordOverride`); `openFindings` tells which
 * findings no override covers yet.
 */
import { cardsReachingGoal } from './derive.ts';
import type { BoardSnapshot, Card, DecisionEntry } from './model.ts';
import { excerpt, type ExcerptOptions } from './text.ts';

const TRACE_FINDING_KINDS = [
  'orphan-commitment',
  'orphan-initiative',
  'orphan-card',
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

/** The columns between goals and initiatives, whose cards the trace check follows to a goal. */
const ORPHAN_COLUMNS = new Set<Card['column']>(['segment', 'value', 'behaviour', 'indicator']);
const COLUMN_NOUN: Readonly<Partial<Record<Card['column'], string>>> = { segment: 'Segment', value: 'Customer value', behaviour: 'Behaviour', indicator: 'Indicator' };

/** How a finding names a card: its first line. */
const LABEL: ExcerptOptions = { lines: 'first', empty: '(empty card)' };

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
    if (card && !reachesGoal.has(card.id)) add('orphan-commitment', [card.id], `Commitment “${excerpt(c.title, 80, LABEL)}” traces to no business goal: link its initiative along a chain to a goal.`, c.id);
  }
  for (const card of cards) {
    if (card.column === 'initiative' && !committed.has(card.id) && !reachesGoal.has(card.id)) {
      add('orphan-initiative', [card.id], `Initiative “${excerpt(card.text, 80, LABEL)}” reaches no business goal.`);
    }
  }
  // The chain's other cards too (a live-room review saw "Orphan" on a segment and a value on the
  // board, and neither in the trace check): each reaches a goal, or is linked, parked or rejected now.
  for (const card of cards) {
    if (ORPHAN_COLUMNS.has(card.column) && !reachesGoal.has(card.id)) {
      add('orphan-card', [card.id], `${COLUMN_NOUN[card.column]} “${excerpt(card.text, 80, LABEL)}” reaches no business goal.`);
    }
  }
  const hasIndicator = new Set(links.filter((l) => byId.get(l.from)?.column === 'indicator').map((l) => l.to));
  for (const card of cards) {
    if (card.column === 'behaviour' && !hasIndicator.has(card.id)) {
      add('behaviour-without-indicator', [card.id], `Behaviour “${excerpt(card.text, 80, LABEL)}” has no value indicator to show it moving.`);
    }
  }
  const indicators = cards.filter((c) => c.column === 'indicator');
  for (const card of indicators) {
    if (card.baselineValue === undefined) add('indicator-without-baseline', [card.id], `Indicator “${excerpt(card.text, 80, LABEL)}” has no baseline.`);
  }
  for (const card of indicators) {
    const lacks = [card.targetValue === undefined ? 'target value' : '', card.targetBy === undefined ? 'target date' : ''].filter(Boolean);
    if (lacks.length) add('indicator-without-target', [card.id], `Indicator “${excerpt(card.text, 80, LABEL)}” has no ${lacks.join(' and no ')}.`);
  }
  for (const card of indicators) {
    const { baselineValue: base, targetValue: target, direction } = card;
    if (base === undefined || target === undefined || !direction) continue;
    if ((direction === 'increase' && target < base) || (direction === 'decrease' && target > base)) {
      add('target-against-direction', [card.id],
        `Indicator “${excerpt(card.text, 80, LABEL)}” should ${direction}, but its target ${target} is ${target < base ? 'below' : 'above'} the baseline ${base}.`);
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
          `Success indicator “${excerpt(indicator.text, 80, LABEL)}” of “${excerpt(c.title, 80, LABEL)}” is the lagging goal metric “${excerpt(goal.metric!, 80, LABEL)}”: choose a leading indicator of the behaviour.`, c.id);
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
