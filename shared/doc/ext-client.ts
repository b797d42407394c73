/**
 * Small additive reads for the browser client: the shared types an undo manager
 * must watch, and the collaborative text of a link's assumption for editor
 * bindings. Kept here so the Yjs layout stays owned by the document layer.
 */
import * as Y from 'yjs';

/**
 * The top-level shared types of a board content document (undo scope). The
 * decision log is in it because consent rounds, reopenings and overrides write
 * their commitment change and their log entry in one transaction: undoing a
 * consent must also take back the "agreed" entry, or the log would record an
 * agreement the board no longer has. Undo only reverts this person's own
 * writes, so nobody can remove another person's entry this way.
 */
export function boardUndoScope(doc: Y.Doc): (Y.Map<unknown> | Y.Array<unknown>)[] {
  return [doc.getMap('board'), doc.getMap('cards'), doc.getMap('links'), doc.getMap('commitments'), doc.getArray('decisions')];
}

/** The collaborative assumption text of a link, for editor bindings (client/sync only). */
export function linkAssumptionText(doc: Y.Doc, id: string): Y.Text | undefined {
  const link = doc.getMap<Y.Map<unknown>>('links').get(id);
  const text = link instanceof Y.Map ? link.get('assumption') : undefined;
  return text instanceof Y.Text ? text : undefined;
}
