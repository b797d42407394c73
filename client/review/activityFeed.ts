/**
 * The activity feed as the review page lists it: newest first, grouped by
 * day, filtered by what it is about, each entry a sentence (formatActivity,
 * with the cards' and commitments' current names). Pure.
 */
import { formatActivity } from '../../shared/review/activity.ts';
import type { ActivityEntry, ActivityKind } from '../../shared/review/model.ts';
import type { BoardSnapshot } from '../../shared/model.ts';
import { excerpt } from '../../shared/text.ts';

export type ActivityFilter = 'all' | 'cards' | 'comments' | 'commitments';

const FILTER_KINDS: Record<Exclude<ActivityFilter, 'all'>, readonly ActivityKind[]> = {
  cards: ['card-added', 'card-edited', 'card-moved', 'card-deleted', 'card-restored', 'board-restored', 'item-restored'],
  comments: ['comment-added', 'comment-replied', 'comment-resolved', 'comment-reopened', 'comment-deleted'],
  commitments: ['check-in', 'commitment-status'],
};

export interface FeedLine {
  id: string;
  at: string;
  kind: ActivityKind;
  text: string;
  /** The card it is about, if still on the board. */
  card?: string;
  commitment?: string;
}

export interface FeedDay {
  /** ISO date (local) of the group. */
  day: string;
  lines: FeedLine[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** Sentences for entries (newest first), with today's names of cards and commitments; `someone` stands for anonymous entries. */
export function feedLines(entries: readonly ActivityEntry[], board: Pick<BoardSnapshot, 'cards' | 'commitments'>, filter: ActivityFilter = 'all', someone = 'Someone'): FeedLine[] {
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const commitments = new Map(board.commitments.map((c) => [c.id, c]));
  const options = {
    someone,
    cardLabel: (id: string) => {
      const text = cards.get(id)?.text;
      return text ? excerpt(text, 80, { lines: 'first' }) : undefined;
    },
    commitmentLabel: (id: string) => commitments.get(id)?.title,
  };
  const kinds = filter === 'all' ? null : FILTER_KINDS[filter];
  const out: FeedLine[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (kinds && !kinds.includes(e.kind)) continue;
    const line: FeedLine = { id: e.id, at: e.at, kind: e.kind, text: formatActivity(e, options) };
    if (e.card && cards.has(e.card)) line.card = e.card;
    if (e.commitment && commitments.has(e.commitment)) line.commitment = e.commitment;
    out.push(line);
  }
  return out;
}

/** Lines grouped by the reader's local day, in the lines' order. */
export function groupByDay(lines: readonly FeedLine[]): FeedDay[] {
  const days: FeedDay[] = [];
  for (const line of lines) {
    const day = localDay(Date.parse(line.at));
    const last = days[days.length - 1];
    if (last?.day === day) last.lines.push(line);
    else days.push({ day, lines: [line] });
  }
  return days;
}

/** "Today", "Yesterday" or the date, for a day heading. */
export function dayHeading(day: string, today: string, format: (day: string) => string): string {
  if (day === today) return 'Today';
  const yesterday = new Date(Date.parse(`${today}T12:00:00`) - 86_400_000);
  if (day === localDay(yesterday.getTime())) return 'Yesterday';
  return format(day);
}
