/**
 * The trace check as the panel shows it, pure: every finding of
 * `traceCheck`, split into open ones and ones a facilitator override covers
 * (with that override), and whether closing the Commit phase is blocked.
 *
 * Only a commitment that traces to no goal (an orphan) blocks closing Commit,
 * as the method says; the other findings (an initiative nobody proposed that
 * reaches no goal, an indicator without a baseline…) are for the room to look
 * at, never a demand for an override: a brainstorm of 20 ideas nobody made a
 * commitment asked the facilitator for a written reason in the last minutes.
 */
import { openFindings, traceCheck, type TraceFinding } from '../../shared/traceCheck.ts';
import type { BoardSnapshot, DecisionEntry } from '../../shared/model.ts';

export type OverrideEntry = Extract<DecisionEntry, { kind: 'override' }>;

export interface TraceStatus {
  findings: TraceFinding[];
  open: TraceFinding[];
  /** The open findings that block closing the Commit phase: orphan commitments. */
  blocking: TraceFinding[];
  overridden: { finding: TraceFinding; override: OverrideEntry }[];
  /** Every override recorded, newest first. */
  overrides: OverrideEntry[];
}

export function traceStatus(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments' | 'decisions'>): TraceStatus {
  const findings = traceCheck(snapshot);
  const decisions = snapshot.decisions ?? [];
  const open = openFindings(findings, decisions);
  const overrides = decisions.filter((d): d is OverrideEntry => d.kind === 'override');
  // The latest override that lists a finding is the one that covers it.
  const coveredBy = new Map<string, OverrideEntry>();
  for (const o of overrides) for (const f of o.findings) coveredBy.set(f.id, o);
  const openIds = new Set(open.map((f) => f.id));
  const overridden = findings.filter((f) => !openIds.has(f.id)).map((finding) => ({ finding, override: coveredBy.get(finding.id)! }));
  return { findings, open, blocking: open.filter(blocksCommit), overridden, overrides: [...overrides].reverse() };
}

/**
 * The open findings that block closing the Commit phase (empty: it may close).
 * For the phase stepper: `commitBlockers(session.getBoard())`.
 */
export function commitBlockers(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments' | 'decisions'>): TraceFinding[] {
  return openFindings(traceCheck(snapshot), snapshot.decisions ?? []).filter(blocksCommit);
}

const blocksCommit = (f: TraceFinding) => f.kind === 'orphan-commitment';

/** Findings of one kind, as a wall shows them: how many, and the first few cards they name. */
export interface FindingGroup {
  kind: TraceFinding['kind'];
  count: number;
  names: string[];
  /** How many more the group has than it names. */
  more: number;
}

/**
 * The open findings by kind (in the trace check's order: orphan commitments
 * first), each naming at most so many cards that all the groups together name
 * about `lines` (at least 2 each): a wall cannot list 20 findings in full, and
 * cut off half way it hid what mattered.
 */
export function findingGroups(open: readonly TraceFinding[], cardText: (id: string) => string | undefined, lines = 10): FindingGroup[] {
  const kinds = [...new Set(open.map((f) => f.kind))];
  const perGroup = Math.max(2, Math.floor(lines / Math.max(1, kinds.length)));
  return kinds.map((kind) => {
    const of = open.filter((f) => f.kind === kind);
    const names = of.slice(0, perGroup).map((f) => cardText(f.cards[0] ?? '') ?? f.message);
    return { kind, count: of.length, names, more: of.length - names.length };
  });
}
