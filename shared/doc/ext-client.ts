/**
 * What the browser client needs beyond the operations: the shared types its
 * undo manager watches. Kept here so the Yjs layout stays owned by the
 * document layer.
 */
import type * as Y from 'yjs';
import { groupRoots } from './ext-groups.ts';
import { boardRoot } from './records/boardInfo.ts';
import { cardsRoot } from './records/card.ts';
import { commitmentsRoot } from './records/commitment.ts';
import { linksRoot } from './records/link.ts';

/**
 * The top-level shared types of a board content document (undo scope). The
 * decision log is NOT in it: it is append-only (the server refuses any other
 * change, the facilitator's too). Undoing a step that logged a decision
 * (a removal, a consent round, a reopening) takes back the board change and
 * appends what undid it (`logUndoneDecisions`): "removed … restored".
 * The clusters are in it: grouping a card by dropping it onto another moves it
 * and groups it in one step, and Undo takes back both.
 */
// Yjs types its scope as AbstractType<any>: a root's event type says nothing the undo manager uses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function boardUndoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return [boardRoot(doc), cardsRoot(doc), linksRoot(doc), commitmentsRoot(doc), ...groupRoots(doc)];
}
