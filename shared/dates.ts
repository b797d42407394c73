/**
 * Calendar days as the board keeps them (ISO `YYYY-MM-DD`), pure. The
 * project has no date library; these few operations work on calendar days
 * through `Date.UTC`, which does the month and leap-year arithmetic (day 0 of
 * a month is the last day of the one before), so no time zone or daylight
 * saving change can shift a day.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day of `date` where the user is (their local time zone): "today" on their screen. */
export function localDay(date: Date = new Date()): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parts(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a calendar day (YYYY-MM-DD): ${day}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `days` days after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return dayOf(Date.UTC(y, m, d + days));
}

/** The last day of the month `months` months after the month of `day` (0: the end of its own month). */
export function endOfMonthAfter(day: string, months: number): string {
  const [y, m] = parts(day);
  return dayOf(Date.UTC(y, m + months + 1, 0));
}
