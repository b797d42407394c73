/**
 * The trace check as the panel shows it, pure: every finding of
 * `traceCheck`, split into open ones and ones a facilitator override covers
 * (with that override), and whether closing the Commit phase is blocked.
 */
import { openFindings, traceCheck, type TraceFinding } from '../../shared/traceCheck.ts';
import type { BoardSnapshot, DecisionEntry } from '../../shared/model.ts';

export type OverrideEntry = Extract<DecisionEntry, { kind: 'override' }>;

export interface TraceStatus {
  findings: TraceFinding[];
  open: TraceFinding[];
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
  return { findings, open, overridden, overrides: [...overrides].reverse() };
}

/**
 * The open findings that block closing the Commit phase (empty: it may close).
 * For the phase stepper: `commitBlockers(session.getBoard())`.
 */
export function commitBlockers(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments' | 'decisions'>): TraceFinding[] {
  return openFindings(traceCheck(snapshot), snapshot.decisions ?? []);
}
