/** Pure helpers of the shared timer's display; tested in isolation. */

/**
 * The countdown as people read it: whole seconds rounded up (4:59.2 shows
 * 5:00 until a full second has gone), `m:ss`, or `h:mm:ss` past an hour.
 */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Spoken form for screen readers: "4 minutes 5 seconds left". */
export function describeCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  if (seconds || !minutes) parts.push(`${seconds} ${seconds === 1 ? 'second' : 'seconds'}`);
  return parts.join(' ');
}

/**
 * Milliseconds until the shown second changes: the moment `remainingMs`
 * crosses the next whole second (plus a hair, so the rounding has flipped).
 */
export function nextTickIn(remainingMs: number): number {
  const intoSecond = remainingMs % 1000;
  return (intoSecond === 0 ? 1000 : intoSecond) + 5;
}
