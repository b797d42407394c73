/**
 * When the chain-completeness badges are shown, and how loudly, pure. Early in
 * a workshop every goal is a "dead end" and every new segment an "orphan":
 * true, but noise. A badge is hidden before the phase where it can be acted
 * on, neutral ("not yet") during that phase, and a warning after it.
 */
import { PHASES, type PhaseId } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';

export type TraceBadgeKind = 'orphan' | 'dead-end';
export type BadgeTone = 'neutral' | 'warning';

/** The phase in which a finding on a card of `column` becomes something to act on. */
function actionPhase(kind: TraceBadgeKind, column: ColumnId): PhaseId {
  // A goal is a dead end until an initiative reaches it: the initiatives phase.
  if (kind === 'dead-end') return 'initiatives';
  // An orphan should be linked toward the goal while its own column is being written.
  return PHASES.find((p) => p.column === column)?.id ?? 'trace';
}

/**
 * How a badge of `kind` on a card of `column` shows in `phase` (the
 * facilitator's `order` of phases): null (hidden) before its phase, neutral
 * during it, a warning after it. Outside a workshop (no phase) always a warning.
 */
export function badgeTone(kind: TraceBadgeKind, column: ColumnId, phase: PhaseId | null, order: readonly PhaseId[] = []): BadgeTone | null {
  if (phase === null) return 'warning';
  const position = (id: PhaseId) => {
    const at = order.indexOf(id);
    return at >= 0 ? at : PHASES.findIndex((p) => p.id === id);
  };
  const now = position(phase);
  const due = position(actionPhase(kind, column));
  if (now < due) return null;
  return now === due ? 'neutral' : 'warning';
}

export interface BadgeText {
  label: string;
  description: string;
}

const TEXT: Record<TraceBadgeKind, Record<BadgeTone, BadgeText>> = {
  orphan: {
    neutral: { label: 'No goal yet', description: 'Not linked through to a business goal yet. Link it toward the goal: drag its link handle onto a card in the next column.' },
    warning: { label: 'Orphan', description: 'No chain from this card reaches a business goal. Link it toward a goal, or park it.' },
  },
  'dead-end': {
    neutral: { label: 'No initiative yet', description: 'No initiative reaches this goal yet. Link initiatives through indicators, behaviours, value and segments to it.' },
    warning: { label: 'Dead end', description: 'No initiative reaches this goal: nothing the team plans to do moves it.' },
  },
};

/** The badge's words: a short label and what it means and what to do about it. */
export function badgeText(kind: TraceBadgeKind, tone: BadgeTone): BadgeText {
  return TEXT[kind][tone];
}
