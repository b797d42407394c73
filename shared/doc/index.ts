/**
 * The board document layer: the only way into a board's Yjs documents. Each
 * record of the content document (records/*.ts) keeps its type, validator,
 * defaults, storage, reads, writes, board JSON form and migrations together;
 * this is their public entry, with the board JSON (json.ts), the control
 * document (control.ts) and the migrations.
 */
import type * as Y from 'yjs';

export * from './origin.ts';
export {
  addPortfolioMember, isPortfolioDoc, markPortfolio, PORTFOLIO_COLUMNS, readPortfolioMembers, removePortfolioMember, setBoardPortfolio, type PortfolioMember,
} from './records/portfolio.ts';
export type { PortfolioRef } from './records/boardInfo.ts';
export {
  attachMirror, boardPortfolioId, detachMirror, inPortfolio, mirroredCards, mirrorSource, onDocChange, onPortfolioChange, reconcileMirror, type KeptCard, type MirrorResult, type MirrorSource,
} from './portfolioMirror.ts';
export { DOC_SCHEMA_VERSION, initBoard, readBoardInfo, readSchemaVersion, setBoardTitle, setDirection, setNextReview } from './records/boardInfo.ts';
export {
  addCard, cardText, deleteCard, newCardOf, readCard, readCards, setCardStatus, setCardText, updateCardFields, type Card, type NewCard,
} from './records/card.ts';
export { cardsAddedBy } from './records/cardEntry.ts';
export { appendOrders, moveCard, sortedCards } from './records/cardOrder.ts';
export { addLink, deleteLink, linkAssumptionText, readLinks, setLinkAssumption } from './records/link.ts';
export { putCommitment, readCommitments } from './records/commitment.ts';
export { promoteToCommitment, recordConsent, reopenCommitment, setCommitmentStatus, takeBackDone, updateCommitment } from './records/commitmentLifecycle.ts';
export { addDecision, readDecisions, recordOverride } from './records/decision.ts';
export * from './json.ts';
export { BoardReader } from './boardReader.ts';
export * from './control.ts';
export * from './migrations.ts';
export {
  buildDocUpdate, docVersion, encodeDoc, newCardsUpdate, newCardUpdate, openStoredDoc, sameVersion, versionOfState, type DocVersion, type StoredState,
} from './updates.ts';

/**
 * A board document (content, control, a person's drafts, or the server's
 * private one), held by whoever loads it and handed to the operations of
 * this layer: outside it, nobody looks inside.
 */
export type Doc = Y.Doc;
