/** Moving from the review page back to the board. */
import { navigate, type ReviewSection } from '../state/router.ts';
import { ui } from '../state/ui.ts';

/** Goes back to the board with a card's panel open (its comments, when asked). */
export function openCardOnBoard(boardId: string, cardId: string, comments = false): void {
  navigate(`/b/${boardId}`);
  if (comments) ui.openComments(cardId);
  else ui.openPanel(cardId);
}

/** The address of a board's review page (a section of it). */
export function reviewPath(boardId: string, section: ReviewSection = 'summary'): string {
  return `/b/${boardId}/review${section === 'summary' ? '' : `/${section}`}`;
}
