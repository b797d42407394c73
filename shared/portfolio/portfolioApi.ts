/** The shapes of the portfolio HTTP API (docs/API.md "Portfolios"), as the server answers and the browser reads them. */

/** A portfolio named by its id and one of its secrets (from its link). */
export interface PortfolioKey {
  id: string;
  secret: string;
}

/** A board of a portfolio, as its page lists them. */
export interface PortfolioBoard {
  id: string;
  title: string;
  nextReview?: string;
  attachedAt: string;
}
