/**
 * Restoring ONE removed item from a history snapshot, leaving every later
 * change in place (the whole-board restore, restoreBoard.ts, rolls everything
 * back). Pure: decides what to write from the snapshot and the board now; the
 * document layer (doc/review/restoreItem.ts) writes it as one undoable change.
 *
 * - A card comes back with its fields, its position, and its links (with their
 *   assumptions) to cards that are on the board now. Its comments, cluster
 *   membership and votes were never deleted (they are keyed by the card id),
 *   so they are there again with it.
 * - A commitment comes back with all its fields and its consent and
 *   reopening history; its initiative card too if that is gone. Success
 *   indicators that are no longer on the board are left out.
 * - A link comes back if both its cards are on the board.
 */
import type { BoardSnapshot, Card, Commitment, Link } from '../model.ts';

export type RestorableItem = { kind: 'card'; id: string } | { kind: 'commitment'; id: string } | { kind: 'link'; id: string };

/** A board as the planner reads it: board JSON (a snapshot) and `BoardSnapshot` both fit. */
type RestoreSource = Pick<BoardSnapshot, 'cards' | 'links'> & { commitments: readonly (Omit<Commitment, 'trace'> & { trace?: unknown })[] };

export interface ItemRestorePlan {
  /** Cards to put back, as they were in the snapshot. */
  cards: Card[];
  /** Links to put back (both ends on the board now or among `cards`). */
  links: Link[];
  commitment?: Commitment;
  /** What could not come back with it, for the person restoring ("2 links to cards no longer on the board"). */
  left: string[];
}

type ItemRestoreResult = { ok: true; plan: ItemRestorePlan } | { ok: false; reason: string };

const pairOf = (l: Pick<Link, 'from' | 'to'>) => `${l.from}>${l.to}`;

function countWords(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What restoring `item` from `snapshot` onto the board `now` writes, or why it cannot. */
export function planItemRestore(snapshot: RestoreSource, now: RestoreSource, item: RestorableItem): ItemRestoreResult {
  const liveCards = new Map(now.cards.map((c) => [c.id, c]));
  const liveLinkIds = new Set(now.links.map((l) => l.id));
  const livePairs = new Set(now.links.map(pairOf));
  const old = (id: string) => snapshot.cards.find((c) => c.id === id);

  /** A card and its links to cards that are on the board (or coming back with it). */
  const withLinks = (card: Card, plan: ItemRestorePlan) => {
    plan.cards.push(card);
    const present = (id: string) => liveCards.has(id) || plan.cards.some((c) => c.id === id);
    let lost = 0;
    for (const link of snapshot.links) {
      if (link.from !== card.id && link.to !== card.id) continue;
      if (!present(link.from) || !present(link.to)) lost++;
      else if (!liveLinkIds.has(link.id) && !livePairs.has(pairOf(link))) plan.links.push({ ...link });
    }
    if (lost > 0) plan.left.push(`${countWords(lost, 'link', 'links')} to cards no longer on the board`);
  };

  if (item.kind === 'card') {
    const card = old(item.id);
    if (!card) return { ok: false, reason: 'that card is not in this version' };
    if (liveCards.has(card.id)) return { ok: false, reason: 'that card is on the board' };
    const plan: ItemRestorePlan = { cards: [], links: [], left: [] };
    withLinks({ ...card }, plan);
    return { ok: true, plan };
  }

  if (item.kind === 'link') {
    const link = snapshot.links.find((l) => l.id === item.id);
    if (!link) return { ok: false, reason: 'that link is not in this version' };
    if (liveLinkIds.has(link.id) || livePairs.has(pairOf(link))) return { ok: false, reason: 'those cards are linked on the board' };
    if (!liveCards.has(link.from) || !liveCards.has(link.to)) return { ok: false, reason: 'one of its cards is no longer on the board: restore that card first' };
    return { ok: true, plan: { cards: [], links: [{ ...link }], left: [] } };
  }

  const found = snapshot.commitments.find((c) => c.id === item.id);
  if (!found) return { ok: false, reason: 'that commitment is not in this version' };
  if (now.commitments.some((c) => c.id === found.id)) return { ok: false, reason: 'that commitment is on the board' };
  const { trace: _trace, ...stored } = found;
  const commitment: Commitment = structuredClone(stored) as Commitment;
  const plan: ItemRestorePlan = { cards: [], links: [], left: [] };
  const live = liveCards.get(commitment.card);
  if (live) {
    if (live.column !== 'initiative') return { ok: false, reason: 'its card is no longer an initiative' };
    const rival = now.commitments.find((c) => c.card === commitment.card && c.status !== 'dropped');
    if (rival && commitment.status !== 'dropped') return { ok: false, reason: `its initiative has another commitment now (“${rival.title}”)` };
  } else {
    const card = old(commitment.card);
    if (card?.column !== 'initiative') return { ok: false, reason: 'its initiative card is not in this version' };
    withLinks({ ...card }, plan);
  }
  const indicators = commitment.indicators.filter((id) => liveCards.get(id)?.column === 'indicator');
  const missing = commitment.indicators.length - indicators.length;
  if (missing > 0) plan.left.push(`${countWords(missing, 'success indicator', 'success indicators')} no longer on the board`);
  plan.commitment = { ...commitment, indicators };
  return { ok: true, plan };
}

/** Which removed items of a comparison can be restored onto the board now (the ones not on it). */
export function restorableItems(snapshot: RestoreSource, now: RestoreSource): { cards: Set<string>; commitments: Set<string>; links: Set<string> } {
  const liveCards = new Set(now.cards.map((c) => c.id));
  const liveCommitments = new Set(now.commitments.map((c) => c.id));
  const livePairs = new Set(now.links.map(pairOf));
  const liveLinks = new Set(now.links.map((l) => l.id));
  return {
    cards: new Set(snapshot.cards.filter((c) => !liveCards.has(c.id)).map((c) => c.id)),
    commitments: new Set(snapshot.commitments.filter((c) => !liveCommitments.has(c.id)).map((c) => c.id)),
    links: new Set(snapshot.links.filter((l) => !liveLinks.has(l.id) && !livePairs.has(pairOf(l)) && liveCards.has(l.from) && liveCards.has(l.to)).map((l) => l.id)),
  };
}
