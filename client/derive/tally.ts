/** Bars of a tally, pure. */

/**
 * Each answer's share of the people who answered, for bars that read as a
 * part of the room: 1 of 3 is a third of a bar, never a full one because it
 * ties for the most. `people` is how many answered (or took part); the
 * counts' sum is used when larger, so no bar ever exceeds the whole.
 */
export function tallyShares(counts: readonly number[], people: number): number[] {
  const whole = Math.max(1, people, counts.reduce((sum, n) => sum + Math.max(0, n), 0));
  return counts.map((n) => Math.max(0, n) / whole);
}
