/**
 * What a participant's phone shows for the phases that fill no column, pure:
 * the trace check's findings, the commitments to consent to, and at Close the
 * outcome — who does what by when, and what is still open.
 */
import type { PhaseId } from '../../shared/doc/control.ts';
import type { Commitment } from '../../shared/model.ts';
import { CONSENTED } from '../../shared/commitments.ts';

export type PhaseContent = 'trace' | 'commitments' | 'outcome';

/** The content the phone shows first in `phase`, or null for a phase that fills a column (its composer is the content). */
export function phaseContent(phase: PhaseId): PhaseContent | null {
  if (phase === 'trace') return 'trace';
  if (phase === 'commit') return 'commitments';
  if (phase === 'close') return 'outcome';
  return null;
}

export interface Outcome {
  /** Consented commitments (agreed, in progress, done), soonest due first: the next steps. */
  agreed: Commitment[];
  /** Proposed commitments the room has not agreed (yet). */
  open: Commitment[];
}

/** The workshop's outcome: what was agreed, soonest due first (undated last), and what is still only proposed; dropped ones are left out. */
export function outcomeOf(commitments: readonly Commitment[]): Outcome {
  const byDue = (a: Commitment, b: Commitment) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.title.localeCompare(b.title);
  return {
    agreed: commitments.filter((c) => CONSENTED.includes(c.status)).sort(byDue),
    open: commitments.filter((c) => c.status === 'proposed').sort(byDue),
  };
}
