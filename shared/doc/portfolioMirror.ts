/**
 * The portfolio mirror as document operations (records/portfolio.ts has the
 * layout): what a product board shows of its portfolio, brought up to date
 * from the portfolio's document, and what a board keeps when it leaves.
 * The server (server/portfolio) is the only caller: it runs these in its own
 * transactions, so they are stored and sent like any other change.
 *
 * A mirrored card has the portfolio card's id, so links from the board's own
 * cards survive every update of the mirror, a detach and a later re-attach.
 * A portfolio card removed from the portfolio leaves the board too, unless the
 * board links to it or made a commitment of it: then it stays as a local card
 * (the decision log says so), so the board's links never vanish silently.
 */
import type * as Y from 'yjs';
import { boardRoot, readBoardInfo } from './records/boardInfo.ts';
import { cardsRoot, deleteCard, readCards, restoreCard, type Card } from './records/card.ts';
import { readCommitments } from './records/commitment.ts';
import { addDecision } from './records/decision.ts';
import { deleteLink, readLinks, restoreLink, type Link } from './records/link.ts';
import { PORTFOLIO_COLUMNS, portfolioBoardsRoot, setBoardPortfolio } from './records/portfolio.ts';
import { LOAD_ORIGIN, type Origin } from './origin.ts';

/** What a portfolio gives its boards: its id, its title, its goal and segment cards and the links between them. */
export interface MirrorSource {
  id: string;
  title: string;
  cards: Card[];
  /** Which segments serve which goals, as the portfolio says (same ids on every board). */
  links: Link[];
}

/** A card a board kept as its own (it left the portfolio), with how many links reach it. */
export interface KeptCard {
  card: Card;
  links: number;
}

/** What a reconcile did to a board. */
export interface MirrorResult {
  /** Mirrored cards no longer in the portfolio that the board kept as local cards (it links to them). */
  kept: KeptCard[];
  /** Mirrored cards no longer in the portfolio that were removed (nothing of the board used them). */
  removed: string[];
}

const isPortfolioColumn = (column: string) => (PORTFOLIO_COLUMNS as readonly string[]).includes(column);

/** What a portfolio's document gives its boards (its goal and segment cards only). */
export function mirrorSource(portfolioDoc: Y.Doc, portfolioId: string): MirrorSource {
  const cards = readCards(portfolioDoc).filter((c) => isPortfolioColumn(c.column));
  return { id: portfolioId, title: readBoardInfo(portfolioDoc).title, cards, links: readLinks(portfolioDoc, cards) };
}

/**
 * Whether a link of a product board is the portfolio's: it joins two of the
 * board's mirrored cards (a segment and the goal it serves). Only the
 * portfolio draws or removes those; the board's own links reach them freely.
 */
export function isMirroredLink(link: Pick<Link, 'from' | 'to'>, mirrored: (cardId: string) => boolean): boolean {
  return mirrored(link.from) && mirrored(link.to);
}

/** The id of the portfolio a board's document names, if any (read as stored: reads validate it). */
export function boardPortfolioId(doc: Y.Doc): string | undefined {
  return readBoardInfo(doc).portfolio?.id;
}

/** The mirrored cards of a board (any portfolio). */
export function mirroredCards(doc: Y.Doc): Card[] {
  return readCards(doc).filter((c) => c.portfolio !== undefined);
}

/** How many links (and commitments) of the board use each card. */
function usesOf(doc: Y.Doc): Map<string, number> {
  const uses = new Map<string, number>();
  const add = (id: string) => uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const link of readLinks(doc)) {
    add(link.from);
    add(link.to);
  }
  for (const c of readCommitments(doc)) add(c.card);
  return uses;
}

/** How many links of the board reach a card. */
function linksOf(doc: Y.Doc, ids: ReadonlySet<string>): number {
  return readLinks(doc).filter((l) => ids.has(l.from) || ids.has(l.to)).length;
}

/** Makes a mirrored card the board's own (inside the caller's transaction). */
function makeLocal(doc: Y.Doc, id: string): void {
  cardsRoot(doc).get(id)?.delete('portfolio');
}

/**
 * Brings a board's mirror up to date with its portfolio, in one transaction:
 * the board names the portfolio and its title; every goal and segment of the
 * portfolio is here with the same id, text, fields, status and order (a card
 * of the board with that id, e.g. a copy kept from an earlier detach, is taken
 * over); mirrored cards the portfolio no longer has are removed, or kept as
 * local cards when the board uses them (see the file comment). Writes only
 * what differs, so a reconcile of an up-to-date board writes nothing.
 */
export function reconcileMirror(doc: Y.Doc, source: MirrorSource, origin: Origin): MirrorResult {
  const result: MirrorResult = { kept: [], removed: [] };
  doc.transact(() => {
    setBoardPortfolio(doc, { id: source.id, title: source.title }, origin);
    const wanted = new Map(source.cards.map((c) => [c.id, c]));
    const gone = mirroredCards(doc).filter((c) => !wanted.has(c.id) || c.portfolio !== source.id);
    if (gone.length > 0) {
      const uses = usesOf(doc);
      for (const card of gone) {
        if (wanted.has(card.id)) continue;
        if ((uses.get(card.id) ?? 0) > 0) {
          makeLocal(doc, card.id);
          const { portfolio: _portfolio, ...own } = card;
          const links = linksOf(doc, new Set([card.id]));
          result.kept.push({ card: own, links });
          addDecision(doc, {
            kind: 'portfolio', action: 'card-kept', portfolio: { id: card.portfolio ?? source.id, title: readBoardInfo(doc).portfolio?.title ?? source.title },
            cards: [brief(card)], links,
          }, origin);
        } else {
          deleteCard(doc, card.id, origin);
          result.removed.push(card.id);
        }
      }
    }
    for (const card of source.cards) restoreCard(doc, { ...card, portfolio: source.id }, origin);
    // The links between mirrored cards are the portfolio's: the same ones, with the same ids.
    const wantedLinks = new Set((source.links ?? []).map((l) => l.id));
    const mirrored = new Set(source.cards.map((c) => c.id));
    for (const link of readLinks(doc)) {
      if (isMirroredLink(link, (id) => mirrored.has(id)) && !wantedLinks.has(link.id)) deleteLink(doc, link.id, origin);
    }
    for (const link of source.links ?? []) restoreLink(doc, link, origin);
  }, origin);
  return result;
}

/**
 * A board leaves its portfolio: every mirrored card becomes the board's own
 * (links and commitments kept), and the board no longer names the portfolio.
 * Returns the cards kept and how many links reach them.
 */
export function detachMirror(doc: Y.Doc, by: string | undefined, origin: Origin): { cards: Card[]; links: number } {
  const cards = mirroredCards(doc);
  const links = linksOf(doc, new Set(cards.map((c) => c.id)));
  const portfolio = readBoardInfo(doc).portfolio;
  doc.transact(() => {
    for (const card of cards) makeLocal(doc, card.id);
    setBoardPortfolio(doc, null, origin);
    if (portfolio) addDecision(doc, { kind: 'portfolio', action: 'detached', portfolio, ...(by ? { by } : {}), cards: cards.map(brief), links }, origin);
  }, origin);
  return { cards: cards.map(({ portfolio: _p, ...own }) => own), links };
}

/**
 * A board joins a portfolio: the mirror is brought up to date (reconcileMirror)
 * and the decision log says so, in one transaction.
 */
export function attachMirror(doc: Y.Doc, source: MirrorSource, by: string | undefined, origin: Origin): MirrorResult {
  let result: MirrorResult = { kept: [], removed: [] };
  doc.transact(() => {
    result = reconcileMirror(doc, source, origin);
    const links = linksOf(doc, new Set(source.cards.map((c) => c.id)));
    addDecision(doc, {
      kind: 'portfolio', action: 'attached', portfolio: { id: source.id, title: source.title }, ...(by ? { by } : {}), cards: source.cards.map(brief), links,
    }, origin);
  }, origin);
  return result;
}

/** A card as the decision log names it. */
function brief(card: Card): { id: string; column: Card['column']; text: string } {
  return { id: card.id, column: card.column, text: card.text };
}

/**
 * Calls `changed` after every transaction of a portfolio's document that may
 * change what its boards show (its cards, title or list of boards), except
 * loading it. Returns the function that stops listening.
 */
export function onPortfolioChange(doc: Y.Doc, changed: () => void): () => void {
  const roots: unknown[] = [cardsRoot(doc), boardRoot(doc), portfolioBoardsRoot(doc)];
  const listener = (transaction: Y.Transaction) => {
    if (transaction.origin === LOAD_ORIGIN) return;
    const types = transaction.changedParentTypes as Map<unknown, unknown>;
    if (roots.some((r) => types.has(r))) changed();
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
}

/**
 * Calls `changed` after each transaction that changed the document (loading it
 * from storage aside). Returns the function that stops listening.
 */
export function onDocChange(doc: Y.Doc, changed: () => void): () => void {
  const listener = (transaction: Y.Transaction) => {
    if (transaction.origin !== LOAD_ORIGIN && transaction.changed.size > 0) changed();
  };
  doc.on('afterTransaction', listener);
  return () => doc.off('afterTransaction', listener);
}

/** Whether a board's document belongs to a portfolio (its `board` map names one). */
export function inPortfolio(doc: Y.Doc): boolean {
  return typeof boardRoot(doc).get('portfolio') === 'string';
}
