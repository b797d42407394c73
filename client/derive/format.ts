/** Words and dates of the review page: statuses, snapshot reasons, times. Pure. */
import { PHASES } from '../../shared/doc/control.ts';
import type { CheckInStatus, ReviewCadence } from '../../shared/review/model.ts';
import type { SnapshotInfo } from '../api/history.ts';

export const CHECK_IN_LABELS: Readonly<Record<CheckInStatus, string>> = {
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  done: 'Done',
};

export const CADENCE_LABELS: Readonly<Record<ReviewCadence, string>> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
};

/** Today in the reader's time zone, as an ISO date (YYYY-MM-DD). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "2026-04-14" as "Tue 14 Apr 2026" (a calendar day: no time-zone shift). */
export function dayLabel(isoDate: string): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(ms)) return isoDate;
  return new Date(ms).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "2026-04-14" as "14 Apr 2026" (compact, for tables). */
export function shortDayLabel(isoDate: string): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!Number.isFinite(ms)) return isoDate;
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A moment as "14 Apr 2026, 09:05" in the reader's time zone. */
export function timeLabel(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "today", "tomorrow", "in 5 days", "3 days ago". */
export function relativeDay(date: string, today: string): string {
  const d = daysBetween(today, date);
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  if (d === -1) return 'yesterday';
  return d > 0 ? `in ${d} days` : `${-d} days ago`;
}

/** "just now", "5 min ago", "3 h ago", or the date and time. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const diff = now - Date.parse(iso);
  if (!Number.isFinite(diff)) return iso;
  if (diff < 60_000) return 'just now';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} h ago`;
  return timeLabel(iso);
}

function phaseTitle(phase: string | undefined): string | undefined {
  return PHASES.find((p) => p.id === phase)?.title;
}

/** What a snapshot is, on its own (a notice, a heading): "Saved: Before restore", "Phase: Goals", "Automatic save during Goals". */
export function snapshotTitle(s: Pick<SnapshotInfo, 'reason' | 'label' | 'phase'>): string {
  if (s.reason === 'manual') return s.label ? `Saved: ${s.label}` : 'Saved version';
  if (s.reason === 'phase') return `Phase: ${phaseTitle(s.phase) ?? s.phase ?? 'changed'}`;
  if (s.reason === 'created') return 'Board created';
  if (s.reason === 'removal') return s.label ?? 'Before cards were removed';
  const during = phaseTitle(s.phase);
  return during ? `Automatic save during ${during}` : 'Automatic save';
}

/**
 * A snapshot as a row of the version list: its kind above, then what sets it
 * apart, never the same word twice ("Automatic / During Goals", not
 * "Automatic / Automatic").
 */
export function snapshotRow(s: Pick<SnapshotInfo, 'reason' | 'label' | 'phase' | 'savedBy'>): { kind: string; title: string } {
  const phase = phaseTitle(s.phase) ?? s.phase;
  switch (s.reason) {
    case 'phase':
      return { kind: 'Phase change', title: phase ? `Start of ${phase}` : 'The workshop moved on' };
    case 'manual':
      return { kind: s.savedBy === 'participant' ? 'Saved by a participant' : 'Saved', title: s.label ?? 'Without a name' };
    case 'created':
      return { kind: 'Created', title: 'The new board' };
    case 'removal':
      return { kind: 'Removal', title: s.label ?? 'Before cards were removed' };
    case 'periodic':
      return { kind: 'Automatic', title: phase ? `During ${phase}` : 'While the board changed' };
  }
}

/** A snapshot in a sentence: "Phase: Goals, 14 Apr 2026, 09:05". */
export function snapshotName(s: Pick<SnapshotInfo, 'reason' | 'label' | 'phase' | 'at'>): string {
  return `${snapshotTitle(s)}, ${timeLabel(s.at)}`;
}
