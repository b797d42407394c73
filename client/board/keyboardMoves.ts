import type { DroppableContainer, KeyboardCoordinateGetter, SensorContext } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';

/**
 * How far (in screen pixels) a drop target must lie in the arrow's direction to
 * count as "further". The drag preview's rectangle is rounded to quarter pixels
 * while cards on the zoomed canvas sit at fractional positions, so without a
 * margin the dragged card's own slot could count as "to the right of" itself.
 */
const MIN_STEP = 2;

type Candidates = SensorContext['droppableContainers'];

/**
 * The drop targets an arrow key may move a card to: never the dragged card's
 * own slot, and only targets clearly in the arrow's direction.
 *
 * `sortableKeyboardCoordinates` alone picks the closest target whose edge is
 * past the preview's edge by any amount, so a press could "move" the card onto
 * its own slot (sub-pixel apart) and do nothing; an arrow press was lost about
 * half the time, depending on which target was under the card at pick-up.
 */
export function keyboardCandidates(code: string, context: Pick<SensorContext, 'active' | 'collisionRect' | 'droppableContainers' | 'droppableRects'>): DroppableContainer[] {
  const { active, collisionRect, droppableContainers, droppableRects } = context;
  const all = droppableContainers.getEnabled();
  if (!active || !collisionRect) return all;
  const edge = code === 'ArrowLeft' || code === 'ArrowRight' ? 'left' : 'top';
  return all.filter((entry) => {
    if (entry.id === active.id) return false;
    const rect = droppableRects.get(entry.id);
    return !rect || Math.abs(rect[edge] - collisionRect[edge]) >= MIN_STEP;
  });
}

/** The board's keyboard coordinate getter: dnd-kit's sortable one over `keyboardCandidates`. */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const { context } = args;
  const kept = keyboardCandidates(event.code, context);
  const narrowed = {
    get: (id: Parameters<Candidates['get']>[0]) => context.droppableContainers.get(id),
    getEnabled: () => kept,
  } as unknown as Candidates;
  return sortableKeyboardCoordinates(event, { ...args, context: { ...context, droppableContainers: narrowed } });
};
