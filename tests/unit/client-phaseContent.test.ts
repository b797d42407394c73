/** What a participant's phone shows in the phases that fill no column. */
import { describe, expect, it } from 'vitest';
import type { Commitment } from '../../shared/model.ts';
import { outcomeOf, phaseContent } from '../../client/derive/phaseContent.ts';

const commitment = (id: string, status: Commitment['status'], due?: string): Commitment => ({
  id, card: `card-${id}`, title: `Commitment ${id}`, owner: 'Priya', contributors: [], status, indicators: [], ...(due ? { due } : {}),
});

describe('the phone’s content for a phase', () => {
  it('is the trace findings, the commitments and the outcome after the initiatives, and the composer before', () => {
    expect(phaseContent('trace')).toBe('trace');
    expect(phaseContent('commit')).toBe('commitments');
    expect(phaseContent('close')).toBe('outcome');
    for (const phase of ['frame', 'goals', 'who', 'value', 'behaviours', 'indicators', 'initiatives'] as const) expect(phaseContent(phase)).toBeNull();
  });
});

describe('the workshop’s outcome', () => {
  it('lists what was agreed soonest due first (undated last), what is only proposed, and leaves dropped ones out', () => {
    const outcome = outcomeOf([
      commitment('late', 'agreed', '2027-03-31'),
      commitment('undated', 'agreed'),
      commitment('soon', 'in-progress', '2027-01-15'),
      commitment('done', 'done', '2027-02-01'),
      commitment('open', 'proposed', '2027-01-01'),
      commitment('gone', 'dropped', '2026-12-31'),
    ]);
    expect(outcome.agreed.map((c) => c.id)).toEqual(['soon', 'done', 'late', 'undated']);
    expect(outcome.open.map((c) => c.id)).toEqual(['open']);
  });
});
