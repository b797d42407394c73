/**
 * What this person's own acts may no longer do to agreed work, said before
 * it happens: an Undo of a step on a commitment agreed since, a participant's
 * Undo of a step on a card that is agreed content now (or that a consent round
 * asks about), which the server would refuse without a word.
 */
import type { BoardSnapshot, CardStatus } from '../../shared/model.ts';
import { agreedContentOf, askedIds, describeProtection, protectedRecords, type AskedRound } from '../../shared/protection.ts';
import { excerpt } from '../../shared/text.ts';
import { canLinkColumns } from '../../shared/columns.ts';

/**
 * The check a person's undo history runs on what the step Undo would take back
 * wrote (undoHistory.ts `check`): a step into a commitment that is no longer a
 * proposal would change what was agreed behind the consent record, for the
 * facilitator too (what was agreed changes by a reopening, a status move or a
 * take-back, each logged); a participant's step on a card that is agreed
 * content now (or that a consent round asks about) the server would refuse.
 */
export function agreedUndoCheck(
  board: () => BoardSnapshot, round: () => AskedRound | undefined, facilitator = false,
): (written: { cards: Set<string>; commitments: Set<string> }, stamped: unknown) => string | undefined {
  return (written, stamped) => {
    const now = board();
    // What the step left each commitment as (`commitmentStamp`): a step on a proposal that is agreed
    // now reaches behind the record; one on a commitment agreed already (a restore, a status move)
    // is the facilitator's act on agreed work, with its own guards.
    const then = stamped instanceof Map ? (stamped as Map<string, string>) : undefined;
    for (const id of written.commitments) {
      const c = now.commitments.find((o) => o.id === id);
      // Not noted: taken as a proposal then (the check errs on keeping what was agreed).
      if (c && c.status !== 'proposed' && (then === undefined || (then.get(id) ?? 'proposed') === 'proposed')) {
        return `Undo can’t change the commitment “${excerpt(c.title, 60, { empty: 'untitled' })}”: it is ${c.status === 'in-progress' ? 'in progress' : c.status} now. `
          + (facilitator ? 'Reopen it (with a reason) to change what was agreed.' : 'Only the facilitator can reopen it.');
      }
    }
    if (facilitator) return undefined; // the facilitator's edits of agreed cards are amendments, logged (amendmentLog.ts)
    const records = protectedRecords(now, round());
    const asked = askedIds(now.commitments, round());
    for (const c of now.commitments) {
      if (written.commitments.has(c.id) && asked.has(c.id)) return `Undo can’t change the commitment “${excerpt(c.title, 60, { empty: 'untitled' })}”: the room is answering on it now.`;
    }
    for (const id of written.cards) {
      const reason = agreedContentOf(records.cards.get(id), asked);
      const card = reason && now.cards.find((c) => c.id === id);
      if (reason && card) return `Undo can’t change “${excerpt(card.text, 60, { lines: 'first' })}”: it ${describeProtection(reason)} now. Only the facilitator can change it.`;
    }
    return undefined;
  };
}

/** What the undo history notes of a step's commitments as it is made: each one's status then (for `agreedUndoCheck`). */
export function commitmentStamp(board: () => BoardSnapshot): (written: { commitments: Set<string> }) => Map<string, string> {
  return (written) => {
    const stamp = new Map<string, string>();
    if (written.commitments.size === 0) return stamp;
    for (const c of board().commitments) if (written.commitments.has(c.id)) stamp.set(c.id, c.status);
    return stamp;
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

/**
 * Why the facilitator may not park or reject card `id`: it is agreed work, or
 * it carries a live proposal ("it is on the trace of … Reopen …"). Parking took
 * an agreed goal off every chain in one click, with no word and no log (a red
 * team's Markdown export then listed the agreed commitment as tracing to no
 * goal). Undefined if they may.
 */
export function keptFromCuration(board: BoardSnapshot, id: string): string | undefined {
  const agreed = agreedContentOf(protectedRecords(board).cards.get(id));
  if (agreed) return `it ${describeProtection(agreed)}. Reopen the commitment (with a reason) first, or remove the card with a reason.`;
  const proposal = board.commitments.find((c) => c.card === id && c.status === 'proposed');
  if (proposal) return `it carries the proposed commitment “${excerpt(proposal.title, 50, { empty: 'untitled' })}”. Drop the commitment first.`;
  return undefined;
}

/** The refusal of parking or rejecting card `id` (`keptFromCuration`), naming the card; undefined if it may be. */
export function curationRefusal(board: BoardSnapshot, id: string, status: CardStatus): string | undefined {
  const card = board.cards.find((c) => c.id === id);
  const why = status === 'active' || !card ? undefined : keptFromCuration(board, id);
  return why && `Can’t ${status === 'parked' ? 'park' : 'reject'} “${excerpt(card!.text, 50, { lines: 'first', empty: 'Empty card' })}”: ${why}`;
}
