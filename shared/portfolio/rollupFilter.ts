/**
 * Filters of the roll-up (by segment, function, commitment owner, commitment
 * status), pure: the roll-up page and any export narrow the same way. A
 * filtered roll-up keeps only the initiatives and agreed commitments that
 * pass, and recomputes who serves each goal and segment from them, so a goal
 * shows as a gap "under these filters" when nothing that passes reaches it
 * (e.g. no marketing work reaches it). Board gaps and the review cadence
 * are about whole boards and stay as they are; overlaps narrow by segment only.
 */
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../model.ts';
import { isOwnerName } from '../review/mentions.ts';
import { aggregateTarget, sortFunctions } from './rollup.ts';
import type { InitiativeFunction, Rollup, RollupCard, RollupGap } from './rollupModel.ts';

export interface RollupFilter {
  /** A portfolio segment's id. */
  segment?: string;
  function?: InitiativeFunction;
  /** A commitment owner's name (case and a role in brackets ignored). */
  owner?: string;
  status?: CommitmentStatus;
}

/** Whether any filter is set. */
export function isFiltered(filter: RollupFilter): boolean {
  return Boolean(filter.segment || filter.function || filter.owner || filter.status);
}

/** The roll-up narrowed to what passes `filter` (the roll-up itself when no filter is set). */
export function filterRollup(rollup: Rollup, filter: RollupFilter): Rollup {
  if (!isFiltered(filter)) return rollup;
  const { segment, function: fn, owner, status } = filter;
  const commitments = rollup.commitments.filter((c) => (!segment || c.segments.includes(segment))
    && (!fn || c.function === fn)
    && (!owner || isOwnerName(c.owner, owner))
    && (!status || c.status === status));
  const kept = new Set(commitments.map((c) => c.id));
  const byCommitment = Boolean(owner || status);
  const reaches = rollup.reaches
    .filter((r) => (!segment || r.segments.includes(segment)) && (!fn || r.function === fn))
    .map((r) => ({ ...r, commitments: r.commitments.filter((id) => kept.has(id)) }))
    .filter((r) => !byCommitment || r.commitments.length > 0);
  const titles = new Map(rollup.boards.map((b) => [b.id, b.title]));
  const goals = rollup.goals.map((g) => aggregateTarget(g, 'goal', reaches, titles));
  const segments = rollup.segments.filter((s) => !segment || s.id === segment).map((s) => aggregateTarget(s, 'segment', reaches, titles));
  const targetGaps: RollupGap[] = [...goals, ...segments].filter((t) => t.gap).map((t) => ({ kind: t.column, id: t.id, text: t.text }));
  return {
    ...rollup,
    goals,
    segments,
    reaches,
    commitments,
    gaps: [...targetGaps, ...rollup.gaps.filter((g) => g.kind === 'board')],
    overlaps: rollup.overlaps.filter((o) => !segment || o.segment.id === segment),
  };
}

/** What the filters offer: the portfolio's segments, and the functions, owners and statuses the roll-up has. */
export function filterOptions(rollup: Rollup): { segments: RollupCard[]; functions: InitiativeFunction[]; owners: string[]; statuses: CommitmentStatus[] } {
  const owners = new Map<string, string>();
  for (const c of rollup.commitments) {
    const key = c.owner.trim().toLowerCase();
    if (key && !owners.has(key)) owners.set(key, c.owner.trim());
  }
  const statuses = new Set(rollup.commitments.map((c) => c.status));
  return {
    segments: rollup.segments.map((s) => ({ id: s.id, text: s.text })),
    functions: sortFunctions(rollup.reaches.flatMap((r) => (r.function ? [r.function] : []))),
    owners: [...owners.values()].sort((a, b) => a.localeCompare(b)),
    statuses: COMMITMENT_STATUSES.filter((s) => statuses.has(s)),
  };
}
