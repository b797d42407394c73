/**
 * The portfolio rules (issue 15; layout in shared/doc/records/portfolio.ts),
 * for every writer the server did not make itself, the facilitator included:
 * - a product board's mirrored goals and segments (cards carrying `portfolio`)
 *   are the portfolio's: no change to their text, fields, status, order,
 *   column or `portfolio` key, and no deletion; they change in the portfolio;
 * - nobody sets `portfolio` on a card (a card is mirrored only by the server);
 * - the `board` map's `kind`, `portfolio` and `portfolioTitle`, and a
 *   portfolio's `portfolioBoards`, are the server's;
 * - a portfolio's document holds only goal and segment cards.
 * - the links between two mirrored cards (which segment serves which goal)
 *   are the portfolio's too: no new one, no deletion, no change of its words.
 * Links from the board's own cards to mirrored ones are not touched here:
 * linking to the portfolio's goals is the point. A refused part is reverted
 * in the same transaction as every other rule (ruleEngine.ts).
 */
import type * as Y from 'yjs';
import {
  cardEntry, contentPartOf, isPortfolioDoc, PORTFOLIO_BOARD_KEYS, PORTFOLIO_BOARDS, PORTFOLIO_COLUMNS, readLinkEntry, settingBefore, type Link,
} from '../../shared/doc/rules.ts';
import type { Change } from './structs/changes.ts';

/** What the content policy lets this policy do to its plan. */
export interface PortfolioPlan {
  refuse(path: string, message: string): void;
  /** Puts a card back as it was before the update (removes it if it is new). */
  revertCard(id: string): void;
  /** Puts a key of a settings-like root back as it was. */
  restoreKey(root: string, key: string, value: unknown): void;
  /** Puts a link back as it was. */
  restoreLink(link: Link): void;
  /** Removes a link the update adds. */
  removeLink(id: string): void;
}

const MIRRORED_LINK = 'which segment serves which goal comes from the portfolio: that link is drawn or removed there';

const MIRRORED = 'this goal or segment comes from the portfolio: it is changed there, by the portfolio\'s facilitators and participants';

/** Applies the portfolio rules to an update's `changes` (new columns by card id in `newColumns`). */
export function planPortfolioRefusals(doc: Y.Doc, changes: readonly Change[], newColumns: ReadonlyMap<string, unknown>, plan: PortfolioPlan): void {
  let portfolio: boolean | undefined;
  const isPortfolio = () => (portfolio ??= isPortfolioDoc(doc));
  const mirrored = (cardId: unknown) => typeof cardId === 'string' && cardEntry(doc, cardId)?.portfolio !== undefined;
  /** The ends of links the update creates, by link id. */
  const newEnds = new Map<string, { from?: unknown; to?: unknown }>();
  for (const c of changes) {
    const id = c.id;
    if (id === undefined) continue;
    const part = contentPartOf(c.root);
    if (part === 'card') {
      const entry = cardEntry(doc, id);
      if (entry?.portfolio !== undefined) {
        plan.refuse('card', MIRRORED);
        plan.revertCard(id);
      } else if (c.key === 'portfolio') {
        plan.refuse('portfolio', 'only the server marks a card as coming from a portfolio');
        plan.revertCard(id);
      } else if (isPortfolio() && newColumns.has(id) && !(PORTFOLIO_COLUMNS as readonly unknown[]).includes(newColumns.get(id))) {
        plan.refuse('column', 'a portfolio holds only business goals and segments: customer value, behaviours, indicators and initiatives go on its product boards');
        plan.revertCard(id);
      }
    } else if (part === 'link') {
      const before = readLinkEntry(doc, id);
      if (before) {
        if (mirrored(before.from) && mirrored(before.to)) {
          plan.refuse('link', MIRRORED_LINK);
          plan.restoreLink(before);
        }
      } else if ((c.key === 'from' || c.key === 'to') && c.kind === 'insert' && c.depth === 1) {
        newEnds.set(id, { ...newEnds.get(id), [c.key]: c.value });
      }
    } else if ((c.root === 'board' && PORTFOLIO_BOARD_KEYS.has(id)) || c.root === PORTFOLIO_BOARDS) {
      plan.refuse(c.root === PORTFOLIO_BOARDS ? PORTFOLIO_BOARDS : `board.${id}`, 'which portfolio a board belongs to is changed through the portfolio links of the HTTP API, by the server');
      const before = settingBefore(doc, c.root, id);
      if (before) plan.restoreKey(c.root, id, before.value);
    }
  }
  for (const [id, ends] of newEnds) {
    if (mirrored(ends.from) && mirrored(ends.to)) {
      plan.refuse('link', MIRRORED_LINK);
      plan.removeLink(id);
    }
  }
}
