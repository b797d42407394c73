/**
 * Dot votes on clusters: a group of cards (the facilitator's clustering) is one
 * line of the ballot and one entry of the tally, as in an affinity-then-vote
 * session; the room votes on the theme, not on its duplicates (a live-room
 * review grouped two near-identical goals, and the wall ranked them #2 and #4
 * with their votes split). A vote on any card of a group counts for the group's
 * head: its first card (in column order) that the round counts votes on. Pure:
 * the server's voting service and every screen ask the same question.
 */
import type { Card } from './model.ts';

/** What a group needs to be read here (shared/doc/ext-groups.ts `CardGroup`). */
export interface BallotGroup {
  id: string;
  label: string;
  /** Member card ids in column order. */
  cards: readonly string[];
}

/**
 * For each card a round counts votes on (active, in one of `columns`), the card
 * its votes count for: its group's head, or itself; and for a parked member of
 * a group, that group's head.
 */
export function ballotTargets(
  cards: readonly Pick<Card, 'id' | 'column' | 'status'>[], groups: readonly Pick<BallotGroup, 'cards'>[], columns: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cards) if (c.status === 'active' && columns.includes(c.column)) out.set(c.id, c.id);
  for (const g of groups) {
    const members = g.cards.filter((id) => out.has(id));
    const head = members[0];
    if (head === undefined) continue;
    // Every member's votes go to the head, a parked one's too: a vote on the group is stored on the
    // head it had, and parking that card must not drop it (a review lost a group's votes so).
    for (const id of g.cards) out.set(id, head);
  }
  return out;
}

/**
 * A ballot's votes as counted: each on its card's target, votes on cards no
 * longer counted dropped; without `allowMultiple`, one per target (two cards
 * voted on before they were grouped are one vote on the group).
 */
export function countedVotes(ballot: readonly string[], targets: ReadonlyMap<string, string>, allowMultiple: boolean): string[] {
  const out: string[] = [];
  for (const card of ballot) {
    const target = targets.get(card);
    if (target !== undefined && (allowMultiple || !out.includes(target))) out.push(target);
  }
  return out;
}

/** The group a tally entry (its head card) stands for now; undefined for a card on its own. */
export function groupOfEntry<G extends BallotGroup>(card: string, groups: readonly G[]): G | undefined {
  return groups.find((g) => g.cards.length > 1 && g.cards.includes(card));
}

/** What a tally entry or ballot line is called: its group's label and size, or its card's text (`text`). */
export function entryName(card: string, groups: readonly BallotGroup[], text: (card: string) => string): string {
  const group = groupOfEntry(card, groups);
  return group ? `${group.label || text(card)} (group of ${group.cards.length})` : text(card);
}
