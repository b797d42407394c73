/**
 * What this person's own acts may no longer do to agreed work, said before
 * the server refuses it without a word: a participant's Undo of a step on a
 * card that is agreed content now (or that a consent round asks about).
 */
import type { BoardSnapshot } from '../../shared/model.ts';
import { agreedContentOf, askedIds, describeProtection, protectedRecords, type AskedRound } from '../../shared/protection.ts';
import { excerpt } from '../../shared/text.ts';
import { canLinkColumns } from '../../shared/columns.ts';

/** The check a participant's undo history runs on the cards of the step Undo would take back (undoHistory.ts `check`). */
export function agreedUndoCheck(board: () => BoardSnapshot, round: () => AskedRound | undefined): (cards: Set<string>) => string | undefined {
  return (cards) => {
    const now = board();
    const records = protectedRecords(now, round());
    const asked = askedIds(now.commitments, round());
    for (const id of cards) {
      const reason = agreedContentOf(records.cards.get(id), asked);
      const card = reason && now.cards.find((c) => c.id === id);
      if (reason && card) return `Undo can’t change “${excerpt(card.text, 60, { lines: 'first' })}”: it ${describeProtection(reason)} now. Only the facilitator can change it.`;
    }
    return undefined;
  };
}

/**
 * Why a participant may not draw a link between `a` and `b`: from an agreed
 * card (or one a consent round asks about) toward a goal, which would grow what
 * the agreed commitment traces to (the server refuses it too); undefined if they may.
 */
export function agreedLinkRefusal(board: BoardSnapshot, round: AskedRound | undefined, a: string, b: string): string | undefined {
  const [ca, cb] = [board.cards.find((c) => c.id === a), board.cards.find((c) => c.id === b)];
  if (!ca || !cb) return undefined;
  const from = canLinkColumns(ca.column, cb.column) ? ca : canLinkColumns(cb.column, ca.column) ? cb : undefined;
  if (!from) return undefined;
  const reason = agreedContentOf(protectedRecords(board, round).cards.get(from.id), askedIds(board.commitments, round));
  return reason ? `Can’t link “${excerpt(from.text, 50, { lines: 'first' })}” toward another goal: it ${describeProtection(reason)}, and the link would change what was agreed. Only the facilitator can.` : undefined;
}

/**
 * A new random Yjs client id (32 bits, as Yjs makes them) for the document's
 * next writes: what it writes in anonymous mode cannot be matched to the id its
 * presence (with the person's name) and its signed cards carry (session.ts `setAnonymous`).
 */
export function renewClientId(doc: { clientID: number }): void {
  const draw = () => crypto.getRandomValues(new Uint32Array(1))[0]!;
  let id = draw();
  while (id === doc.clientID) id = draw();
  doc.clientID = id;
}
