/**
 * What this person wrote while the board was not connected, and whether the
 * board kept it. Edits made offline merge when the page is back, but the
 * server holds them to the rules of the moment: a column locked meanwhile, a
 * card that became agreed content, private writing started. It reverts such
 * edits (it cannot ask), and the words vanished without a word (red team).
 *
 * How: the cards as the server last had them are noted when the connection
 * drops; when the page connects again, before anything from the server has
 * arrived, what differs from that note is this person's (nothing else can
 * change a document that is offline); a moment after the sync, a card gone
 * (refused as new, or deleted by someone meanwhile) or whose words went back
 * to what they were (refused) has not kept them.
 */
import type * as Y from 'yjs';
import { readCards } from '../../shared/doc/index.ts';
import type { ColumnId } from '../../shared/model.ts';
import type { BoardConnection } from './connection.ts';

/** How long after the sync the server's reverts have surely arrived. */
const SETTLE_MS = 2500;

export interface LostEdit {
  column: ColumnId;
  text: string;
}

type Texts = Map<string, { text: string; column: ColumnId }>;

const textsOf = (doc: Y.Doc): Texts => new Map(readCards(doc).map((c) => [c.id, { text: c.text, column: c.column }]));

export function watchOfflineEdits(doc: Y.Doc, connection: BoardConnection, report: (lost: LostEdit[]) => void): () => void {
  let synced = connection.getState().synced;
  let asServerHad: Texts | null = null;
  let mine: { id: string; text: string; before: string | undefined; column: ColumnId }[] | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = () => {
    const edits = mine;
    mine = null;
    if (!edits) return;
    const now = textsOf(doc);
    const lost = edits.filter((e) => {
      const current = now.get(e.id);
      // Gone (refused as new, or deleted by someone meanwhile), or back to what it was (refused).
      return current === undefined || (e.before !== undefined && current.text === e.before);
    });
    if (lost.length) report(lost.map(({ column, text }) => ({ column, text })));
  };

  const unsubscribe = connection.changed.subscribe(() => {
    const state = connection.getState();
    if (synced && !state.synced) {
      // Dropped: the cards as the server had them.
      asServerHad = textsOf(doc);
      clearTimeout(timer);
    } else if (!synced && state.status === 'online' && asServerHad && !mine) {
      // Connected again, nothing from the server applied yet: what differs is this person's.
      const before = asServerHad;
      mine = [...textsOf(doc)]
        .filter(([id, card]) => card.text.trim() && before.get(id)?.text !== card.text)
        .map(([id, card]) => ({ id, text: card.text, before: before.get(id)?.text, column: card.column }));
      asServerHad = null;
    }
    if (!synced && state.synced && mine) {
      clearTimeout(timer);
      timer = setTimeout(check, SETTLE_MS);
    }
    synced = state.synced;
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
