/** Pure helpers of the workshop's phases (order, stepping, reordering); tested in isolation. */
import { PHASES, type PhaseId } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';

export interface PhaseInfo {
  id: PhaseId;
  title: string;
  /** The VCP column this phase fills, if any. */
  column: ColumnId | null;
  defaultMinutes: number;
}

export function phaseInfo(id: PhaseId): PhaseInfo {
  const phase = PHASES.find((p) => p.id === id) ?? PHASES[0];
  return { id: phase.id, title: phase.title, column: phase.column, defaultMinutes: phase.minutes };
}

/** The phase `delta` steps from `current` in the facilitator's order, or null past either end. */
export function stepPhase(order: readonly PhaseId[], current: PhaseId, delta: number): PhaseId | null {
  const index = order.indexOf(current);
  const next = order[(index < 0 ? 0 : index) + delta];
  return next ?? null;
}

/** The order with `id` moved `delta` places (clamped to the ends). */
export function movePhase(order: readonly PhaseId[], id: PhaseId, delta: number): PhaseId[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const to = Math.max(0, Math.min(order.length - 1, from + delta));
  const next = order.filter((p) => p !== id);
  next.splice(to, 0, id);
  return next;
}

/**
 * Moves `id` `delta` places among the phases a board shows (`shown`, a
 * subsequence of `order`, e.g. a portfolio's) and returns the whole order to
 * store: the shown phases take the places the shown phases had, in their new
 * order; the others stay where they were.
 */
export function moveShownPhase(order: readonly PhaseId[], shown: readonly PhaseId[], id: PhaseId, delta: number): PhaseId[] {
  const moved = movePhase(shown, id, delta);
  let next = 0;
  return order.map((p) => (shown.includes(p) ? moved[next++]! : p));
}

/** "Phase 3 of 10". */
export function phasePosition(order: readonly PhaseId[], current: PhaseId): { index: number; count: number } {
  return { index: Math.max(0, order.indexOf(current)) + 1, count: order.length };
}
