/**
 * Pure derivations over commitment check-ins: when the last review was,
 * which commitments have no check-in since then, and the indicator chart
 * (value against baseline and target).
 */
import type { Card, Commitment, CommitmentStatus } from '../model.ts';
import type { CheckIn, CheckInStatus, ReviewCadence } from './model.ts';

/** Orders check-ins by date, then by when they were recorded, then id. */
function compareCheckIns(a: CheckIn, b: CheckIn): number {
  return (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// ---------------------------------------------------------------- review dates

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ms of a UTC calendar day; month and day may overflow (Date.UTC would map years 0–99 to 19xx). */
function utc(y: number, monthIndex: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, monthIndex, d);
  return date.getTime();
}

function parseDate(date: string): { y: number; m: number; d: number } | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Rejects 2026-02-30 and friends (they would roll over).
  return m >= 1 && m <= 12 && new Date(utc(y, m - 1, d)).getUTCDate() === d ? { y, m, d } : undefined;
}

function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError('date out of range');
  return iso.slice(0, 10);
}

/**
 * `date` moved by `steps` review periods (negative: back). Months are calendar
 * months counted from `date` itself (no drift): Jan 31 + 1 month = Feb 28/29.
 */
export function shiftDate(date: string, cadence: ReviewCadence, steps: number): string {
  const p = parseDate(date);
  if (!p) throw new Error(`not an ISO date: ${date}`);
  if (cadence === 'weekly') return formatDate(utc(p.y, p.m - 1, p.d) + steps * 7 * DAY_MS);
  const months = steps * (cadence === 'monthly' ? 1 : 3);
  const first = new Date(utc(p.y, p.m - 1 + months, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth();
  const lastDay = new Date(utc(year, month + 1, 0)).getUTCDate();
  return formatDate(utc(year, month, Math.min(p.d, lastDay)));
}

const APPROX_DAYS: Record<ReviewCadence, number> = { weekly: 7, monthly: 30.44, quarterly: 91.31 };

/**
 * The date of the last review before `today` (ISO dates): the latest date
 * before today in the series `nextReview` ± whole review periods. On the
 * review day itself that is the previous review (today's check-ins are
 * preparing today's review). Without a cadence it is `nextReview` if that is
 * past, else unknown. Undefined for invalid dates.
 */
export function lastReviewDate(nextReview: string | undefined, cadence: ReviewCadence | undefined, today: string): string | undefined {
  if (!nextReview || !parseDate(nextReview) || !parseDate(today)) return undefined;
  if (!cadence) return nextReview < today ? nextReview : undefined;
  const at = (k: number): string | undefined => {
    try {
      return shiftDate(nextReview, cadence, k);
    } catch {
      return undefined; // beyond year 9999
    }
  };
  const gapDays = (Date.parse(today) - Date.parse(nextReview)) / DAY_MS;
  let k = Math.floor(gapDays / APPROX_DAYS[cadence]);
  // The estimate is off by at most a step or two: walk to the exact one.
  for (let next = at(k + 1); next !== undefined && next < today; next = at(k + 1)) k++;
  for (;;) {
    const current = at(k);
    if (current === undefined || current < today) return current;
    k--;
  }
}

/** Statuses of commitments that are expected to report at reviews. */
export const REPORTING_STATUSES: readonly CommitmentStatus[] = ['agreed', 'in-progress'];

/**
 * Ids of commitments (agreed or in progress, by default) with no check-in
 * dated on or after `since` (an ISO date, usually `lastReviewDate(...)`);
 * with `since` undefined, those with no check-in at all.
 */
export function commitmentsWithoutCheckIn(
  commitments: readonly Commitment[],
  checkIns: readonly CheckIn[],
  since: string | undefined,
  statuses: readonly CommitmentStatus[] = REPORTING_STATUSES,
): string[] {
  const reported = new Set(checkIns.filter((c) => since === undefined || c.date >= since).map((c) => c.commitment));
  return commitments.filter((c) => statuses.includes(c.status) && !reported.has(c.id)).map((c) => c.id);
}

// ---------------------------------------------------------------- indicator chart

export interface SeriesPoint {
  /** ISO date */
  date: string;
  value: number;
  status: CheckInStatus;
  checkIn: string;
}

/** A success indicator's check-in values against its baseline and target: what the chart draws. */
export interface IndicatorSeries {
  indicator: string;
  unit?: string;
  direction?: 'increase' | 'decrease';
  /** One point per date (the last recorded that day), oldest first. */
  points: SeriesPoint[];
  baseline?: { value: number; date?: string };
  target?: { value: number; date?: string };
  /** Where the latest point is on the way from baseline (0) to target (1); may be below 0 or above 1. */
  progress?: number;
}

/**
 * The chart series of one success indicator of a commitment: the values its
 * check-ins reported for that indicator (a check-in without `indicator`
 * counts for the commitment's first success indicator).
 */
export function indicatorSeries(commitment: Commitment, indicator: Card, checkIns: readonly CheckIn[]): IndicatorSeries {
  const primary = commitment.indicators[0];
  const byDate = new Map<string, CheckIn>();
  for (const c of [...checkIns].sort(compareCheckIns)) {
    if (c.commitment !== commitment.id || c.value === undefined || !Number.isFinite(c.value)) continue;
    if ((c.indicator ?? primary) !== indicator.id) continue;
    byDate.set(c.date, c);
  }
  const points = [...byDate.values()].map((c) => ({ date: c.date, value: c.value!, status: c.status, checkIn: c.id }));
  const series: IndicatorSeries = { indicator: indicator.id, points };
  if (indicator.unit) series.unit = indicator.unit;
  if (indicator.direction) series.direction = indicator.direction;
  if (indicator.baselineValue !== undefined) {
    series.baseline = { value: indicator.baselineValue, ...(indicator.baselineAsOf ? { date: indicator.baselineAsOf } : {}) };
  }
  if (indicator.targetValue !== undefined) {
    series.target = { value: indicator.targetValue, ...(indicator.targetBy ? { date: indicator.targetBy } : {}) };
  }
  const last = points[points.length - 1];
  if (last && series.baseline && series.target && series.target.value !== series.baseline.value) {
    series.progress = (last.value - series.baseline.value) / (series.target.value - series.baseline.value);
  }
  return series;
}
