/**
 * How activity-feed entries read ("Ann moved “Grow ARR” from Segments to
 * Business goals"). Pure: the entry carries an excerpt of what it was about at
 * the time, and the caller may pass fresher labels.
 */
import { COLUMNS } from '../model.ts';
import { CHECK_IN_STATUSES, type ActivityEntry } from './model.ts';

interface FormatOptions {
  /** The current label of a card (e.g. its first line); falls back to the entry's excerpt. */
  cardLabel?: (cardId: string) => string | undefined;
  /** The current title of a commitment; falls back to the entry's excerpt. */
  commitmentLabel?: (commitmentId: string) => string | undefined;
  /** Who did it when the entry has no name (anonymous mode). */
  someone?: string;
}

const STATUS_WORDS: Record<string, string> = {
  'on-track': 'on track', 'at-risk': 'at risk', 'off-track': 'off track', done: 'done',
  proposed: 'proposed', agreed: 'agreed', 'in-progress': 'in progress', dropped: 'dropped',
};

function columnTitle(id: string | undefined): string | undefined {
  return COLUMNS.find((c) => c.id === id)?.title;
}

function quoted(label: string | undefined): string {
  return label ? `“${label}”` : 'a card';
}

/** One line of plain text describing an activity entry. */
export function formatActivity(entry: ActivityEntry, options: FormatOptions = {}): string {
  const who = entry.who ?? options.someone ?? 'Someone';
  const card = quoted((entry.card && options.cardLabel?.(entry.card)) || entry.excerpt);
  const commitmentLabel = (entry.commitment && options.commitmentLabel?.(entry.commitment)) || entry.excerpt;
  const commitment = commitmentLabel ? `“${commitmentLabel}”` : 'a commitment';
  const to = entry.to ? (STATUS_WORDS[entry.to] ?? entry.to) : undefined;
  switch (entry.kind) {
    case 'card-added': {
      const column = columnTitle(entry.to);
      return `${who} added ${card}${column ? ` to ${column}` : ''}`;
    }
    case 'card-edited':
      return `${who} edited ${card}`;
    case 'card-moved': {
      const from = columnTitle(entry.from);
      const into = columnTitle(entry.to);
      if (from && into && from !== into) return `${who} moved ${card} from ${from} to ${into}`;
      return `${who} reordered ${card}`;
    }
    case 'card-deleted':
      return `${who} deleted ${card}`;
    case 'card-restored':
      return `${who} restored ${card} (undoing its deletion)`;
    case 'comment-added':
      return `${who} commented on ${card}`;
    case 'comment-replied':
      return `${who} replied to a comment on ${card}`;
    case 'comment-resolved':
      return `${who} resolved a comment thread on ${card}`;
    case 'comment-reopened':
      return `${who} reopened a comment thread on ${card}`;
    case 'comment-deleted':
      return `${who} deleted a comment on ${card}`;
    case 'check-in':
      return `${who} checked in on ${commitment}${to && (CHECK_IN_STATUSES as readonly string[]).includes(entry.to ?? '') ? `: ${to}` : ''}`;
    case 'commitment-status':
      return `${who} set ${commitment} to ${to ?? 'a new status'}`;
    case 'board-restored':
      return `${who} restored the board to ${entry.excerpt ? `“${entry.excerpt}”` : 'an earlier version'}`;
    case 'item-restored':
      return `${who} restored ${entry.commitment ? commitment : card} from an earlier version`;
  }
}
