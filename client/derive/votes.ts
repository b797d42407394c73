/** Pure derivations of dot voting for display: ranks, my dots, what a card shows. */
import type { Facilitation, VoteResult } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';

export interface Ranked {
  card: string;
  votes: number;
  /** Competition ranking: ties share a rank (1, 1, 3). */
  rank: number;
}

/** The tally in ranking order with ranks; cards without votes are not ranked. */
export function rankTally(result: Pick<VoteResult, 'tally'>): Ranked[] {
  const sorted = result.tally.filter((t) => t.votes > 0).sort((a, b) => b.votes - a.votes || (a.card < b.card ? -1 : 1));
  let rank = 0;
  return sorted.map((t, i) => {
    if (i === 0 || sorted[i - 1]!.votes !== t.votes) rank = i + 1;
    return { card: t.card, votes: t.votes, rank };
  });
}

/**
 * The revealed result screens show now: the one put on screen (at its reveal,
 * or by the facilitator) in the current phase, unless a new round is open.
 * Results belong to their phase: they never follow the room into the next.
 */
export function shownResult(f: Pick<Facilitation, 'voting' | 'voteResults' | 'shownResult' | 'phase'>): VoteResult | null {
  const shown = f.shownResult;
  if (f.voting || !shown || shown.phase !== f.phase) return null;
  return f.voteResults.find((r) => r.roundId === shown.roundId) ?? null;
}

/**
 * The result the facilitator's console offers to put on screen: the latest one
 * revealed in the current phase, shown or not. None while a round is open or
 * closed but not yet revealed (last round's tally is not this round's result),
 * and none from another phase (or from before results recorded their phase).
 */
export function latestResult(f: Pick<Facilitation, 'voteResults' | 'voting' | 'phase'>): VoteResult | null {
  if (f.voting) return null;
  return [...f.voteResults].filter((r) => r.phase === f.phase).sort((a, b) => a.revealedAt - b.revealedAt).at(-1) ?? null;
}

/** How many of my votes are on `card`. */
export function myDotsOn(mine: readonly string[], card: string): number {
  return mine.filter((c) => c === card).length;
}

export interface CardVoting {
  /** The card takes votes in the open round. */
  open: boolean;
  canAdd: boolean;
  mine: number;
}

/** What the open round lets me do on a card. */
export function cardVoting(
  round: { columns: readonly ColumnId[]; state: 'open' | 'closed'; allowMultiple: boolean } | null,
  column: ColumnId,
  mine: readonly string[],
  remaining: number,
  card: string,
): CardVoting {
  const dots = myDotsOn(mine, card);
  const open = !!round && round.state === 'open' && round.columns.includes(column);
  return { open, mine: dots, canAdd: open && remaining > 0 && (round!.allowMultiple || dots === 0) };
}
