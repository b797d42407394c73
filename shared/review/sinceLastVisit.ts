/**
 * "Since your last visit": which cards, comments and commitment statuses are
 * news to this browser, given when it last viewed the board. Pure; the client
 * keeps the last-visit time (e.g. in localStorage) and marks these until seen.
 */
import type { Card, Commitment } from '../model.ts';
import type { ActivityEntry, CardComment, CheckIn } from './model.ts';
import { mentionsOf } from './mentions.ts';

export interface VisitInput {
  board: { cards: readonly Card[]; commitments: readonly Commitment[] };
  comments: readonly CardComment[];
  checkIns: readonly CheckIn[];
  activity: readonly ActivityEntry[];
  /** When this browser last viewed the board (ISO timestamp or ms); undefined on a first visit (nothing is marked). */
  lastVisit: string | number | undefined;
  /** The viewer's display name: their own changes are no news to them. */
  me?: string;
}

interface SinceLastVisit {
  /** Cards created since (still on the board). */
  newCards: string[];
  /** Cards edited or moved since (per the activity feed), not counting new ones. */
  changedCards: string[];
  /** Comments written since. */
  newComments: string[];
  /** Of those, the ones that @mention `me`. */
  mentions: string[];
  /** Check-ins recorded since. */
  newCheckIns: string[];
  /** Commitments whose status changed or that got a check-in since. */
  statusChanges: string[];
  /** How many things are marked (for a badge): cards, comments and commitments (a check-in marks its commitment). */
  count: number;
}

function millis(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** What changed on the board after `lastVisit`, by others than `me`. Ids keep board / feed order. */
export function sinceLastVisit(input: VisitInput): SinceLastVisit {
  const empty: SinceLastVisit = { newCards: [], changedCards: [], newComments: [], mentions: [], newCheckIns: [], statusChanges: [], count: 0 };
  const since = millis(input.lastVisit);
  if (since === undefined) return empty;
  const isNew = (at: string) => Date.parse(at) > since;
  const byOthers = (who: string | undefined) => input.me === undefined || who !== input.me;

  const recent = input.activity.filter((e) => isNew(e.at));
  const ownCards = new Set(recent.filter((e) => e.kind === 'card-added' && !byOthers(e.who)).map((e) => e.card));
  const newCards = input.board.cards.filter((c) => isNew(c.createdAt) && byOthers(c.author) && !ownCards.has(c.id)).map((c) => c.id);

  const onBoard = new Set(input.board.cards.map((c) => c.id));
  const fresh = new Set(newCards);
  const changed = new Set<string>();
  for (const e of recent) {
    if ((e.kind === 'card-edited' || e.kind === 'card-moved') && e.card && onBoard.has(e.card) && !fresh.has(e.card) && byOthers(e.who)) changed.add(e.card);
  }

  const recentComments = input.comments.filter((c) => isNew(c.at) && byOthers(c.author));
  const newComments = recentComments.map((c) => c.id);
  const mentions = recentComments.filter((c) => mentionsOf(c.mentions, input.me)).map((c) => c.id);
  const checkIns = input.checkIns.filter((c) => isNew(c.at) && byOthers(c.by));

  const commitmentIds = new Set(input.board.commitments.map((c) => c.id));
  const statusChanged = new Set<string>();
  for (const e of recent) {
    if (e.kind === 'commitment-status' && e.commitment && byOthers(e.who)) statusChanged.add(e.commitment);
  }
  for (const c of checkIns) statusChanged.add(c.commitment);
  const statusChanges = [...statusChanged].filter((id) => commitmentIds.has(id));

  const result: SinceLastVisit = {
    newCards, changedCards: [...changed], newComments, mentions, newCheckIns: checkIns.map((c) => c.id), statusChanges, count: 0,
  };
  result.count = result.newCards.length + result.changedCards.length + result.newComments.length + result.statusChanges.length;
  return result;
}
