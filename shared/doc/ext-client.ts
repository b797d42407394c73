/**
 * What the browser client needs beyond the operations: the shared types its
 * undo manager watches. Kept here so the Yjs layout stays owned by the
 * document layer.
 */
import type * as Y from 'yjs';
import { boardRoot } from './records/boardInfo.ts';
import { cardsRoot } from './records/card.ts';
import { commitmentsRoot } from './records/commitment.ts';
import { decisionsRoot } from './records/decision.ts';
import { linksRoot } from './records/link.ts';

/**
 * The top-level shared types of a board content document (undo scope). The
 * decision log is in it because consent rounds, reopenings and overrides write
 * their commitment change and their log entry in one transaction: undoing a
 * consent must also take back the "agreed" entry, or the log would record an
 * agreement the board no longer has. Undo only reverts this person's own
 * writes, so nobody can remove another person's entry this way.
 */
// Yjs types its scope as AbstractType<any>: a root's event type says nothing the undo manager uses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function boardUndoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return [boardRoot(doc), cardsRoot(doc), linksRoot(doc), commitmentsRoot(doc), decisionsRoot(doc)];
}
