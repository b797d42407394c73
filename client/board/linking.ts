/**
 * Linking from the board (the DOM and document side of linkPlan.ts): start,
 * walk and finish a link from a card's link handle, by pointer or keyboard.
 * A link is one write (`session.addLink`), announced to screen readers and
 * offered for Undo.
 */
import { COLUMN_IDS, type ColumnId } from '../../shared/model.ts';
import type { BoardSession } from '../sync/session.ts';
import { ui, uiStore } from '../state/ui.ts';
import { displayColumns } from '../state/geometry.ts';
import { describeTarget, firstLinkTarget, linkLanes, linkRefusal, nextLinkTarget, type LinkLane } from './linkPlan.ts';
import { panIntoView } from './surface.ts';
import { excerpt } from '../../shared/text.ts';

/** The columns in their order on screen: left to right on the canvas, chain order when stacked. */
function screenOrder(session: BoardSession): readonly ColumnId[] {
  const stacked = !document.querySelector('.board-main .canvas');
  return stacked ? COLUMN_IDS : displayColumns(session.getBoard().board.direction);
}

/** The cards `fromId` can link to now, lane by lane. */
export function lanesFor(session: BoardSession, fromId: string): LinkLane[] {
  const { cards, links } = session.getBoard();
  const from = cards.find((c) => c.id === fromId);
  return from ? linkLanes(from, cards, links, screenOrder(session)) : [];
}

const labelOf = (session: BoardSession, id: string) => excerpt(session.getBoard().cards.find((c) => c.id === id)?.text ?? '', 60, { empty: 'Empty card' });

/** The card element shown for `id` on the board. */
function cardElement(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.card-list > [data-card-id="${CSS.escape(id)}"]`);
}

/** Keyboard (or click) linking from `fromId`: the first target is chosen and announced. */
export function startPick(session: BoardSession, fromId: string): void {
  const lanes = lanesFor(session, fromId);
  const { cards } = session.getBoard();
  const from = cards.find((c) => c.id === fromId);
  if (!from) return;
  const target = firstLinkTarget(lanes, from, cards.filter((c) => c.column === from.column).findIndex((c) => c.id === fromId));
  if (!target) {
    const text = `Nothing to link “${excerpt(from.text, 40, { empty: 'Empty card' })}” to: its neighbouring columns have no card it is not linked to already.`;
    ui.announce(text);
    ui.notify(text);
    return;
  }
  ui.setLinking({ from: fromId, target, mode: 'pick' });
  showTarget(target);
  ui.announce(
    `Linking from card ${excerpt(from.text, 60, { empty: 'Empty card' })}. Target: ${describeTarget(lanes, target, labelOf(session, target))}. ` +
      'Use the arrow keys to choose another card, Enter to link, Escape to cancel.',
  );
}

/** An arrow key while linking by keyboard: the next target, announced. */
export function moveTarget(session: BoardSession, key: string): void {
  const linking = uiStore.getState().linking;
  if (!linking?.target) return;
  const lanes = lanesFor(session, linking.from);
  const next = nextLinkTarget(key, lanes, linking.target);
  if (!next) return;
  ui.setLinking({ ...linking, target: next });
  showTarget(next);
  ui.announce(`Target: ${describeTarget(lanes, next, labelOf(session, next))}.`);
}

function showTarget(id: string): void {
  requestAnimationFrame(() => {
    const element = cardElement(id);
    if (!element) return;
    if (document.querySelector('.board-main .canvas')) panIntoView(element);
    // Stacked (phone): centred, clear of the sticky top bar.
    else element.scrollIntoView({ block: 'center' });
  });
}

/** Links `fromId` to `toId` (one write), or says why not. Ends the linking either way. */
export function commitLink(session: BoardSession, fromId: string, toId: string | null): void {
  ui.setLinking(null);
  const { cards, links } = session.getBoard();
  const from = cards.find((c) => c.id === fromId);
  const to = toId ? cards.find((c) => c.id === toId) : undefined;
  if (!from || !to) return;
  const refusal = linkRefusal(from, to, links) ?? session.edits.linkRefusal(from.id, to.id);
  if (refusal) {
    ui.announce(refusal);
    ui.notify(refusal);
    return;
  }
  session.edits.addLink(from.id, to.id);
  const text = `Linked “${excerpt(from.text, 40, { empty: 'Empty card' })}” and “${excerpt(to.text, 40, { empty: 'Empty card' })}”.`;
  ui.announce(text);
  ui.notify(text, true);
}

export function cancelLinking(): void {
  if (!uiStore.getState().linking) return;
  ui.setLinking(null);
  ui.announce('Linking cancelled.');
}

/** The card under a screen point (not the dragged line, which lets the pointer through). */
export function cardIdAt(x: number, y: number): string | null {
  for (const element of document.elementsFromPoint(x, y)) {
    const card = element.closest<HTMLElement>('.card-list > [data-card-id]');
    if (card) return card.dataset.cardId ?? null;
  }
  return null;
}
