/** A pasted list into a new card (client/derive/pasteLines.ts). */
import { describe, expect, it } from 'vitest';
import { pastedLines } from '../../client/derive/pasteLines.ts';

describe('pasted lines', () => {
  it('are the non-empty lines, without list bullets or numbers', () => {
    expect(pastedLines('- Grow ARR\r\n\n• Cut churn\n  3) Win DACH  \n* Nordics\n')).toEqual(['Grow ARR', 'Cut churn', 'Win DACH', 'Nordics']);
  });

  it('keep what only looks like a bullet', () => {
    expect(pastedLines('-5% churn\n2026 plan\n1.5x NRR')).toEqual(['-5% churn', '2026 plan', '1.5x NRR']);
  });
});
