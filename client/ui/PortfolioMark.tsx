import type { Card } from '../../shared/model.ts';

/**
 * Where a goal or segment of a product board comes from (issue 15): "From
 * portfolio" on a card mirrored from the board's portfolio (read only here),
 * "Local" on the board's own goal or segment while the board is in a
 * portfolio; nothing otherwise.
 */
export type CardOrigin = 'portfolio' | 'local' | null;

/** A card's origin on a board (`portfolio`: the board's portfolio title, if it is in one). */
export function cardOrigin(card: Pick<Card, 'column' | 'portfolio'>, portfolio: string | undefined): CardOrigin {
  if (card.portfolio) return 'portfolio';
  return portfolio !== undefined && (card.column === 'goal' || card.column === 'segment') ? 'local' : null;
}

/** The mark itself, with a tooltip saying what it means. */
export function PortfolioMark({ origin, portfolio }: { origin: CardOrigin; portfolio?: string | undefined }) {
  if (origin === null) return null;
  if (origin === 'portfolio') {
    return (
      <span className="pill" data-tone="violet" data-origin="portfolio" title={`From the portfolio${portfolio ? ` “${portfolio}”` : ''}: read only here, changed in the portfolio`}>
        From portfolio
      </span>
    );
  }
  return (
    <span className="pill" data-origin="local" title="This board's own card, not in the portfolio">
      Local
    </span>
  );
}

/** Why a mirrored card is read only, for a note or a refused action. */
export function portfolioNote(portfolio: string | undefined): string {
  return `From the portfolio${portfolio ? ` “${portfolio}”` : ''}: read only on this board. Its facilitators and participants change it in the portfolio; link your cards to it here.`;
}
