/** Chain badges by phase: hidden before the phase that can fix them, neutral during it, a warning after it. */
import { describe, expect, it } from 'vitest';
import { PHASES, type PhaseId } from '../../shared/doc/control.ts';
import { badgeText, badgeTone } from '../../client/derive/traceBadges.ts';

const ORDER = PHASES.map((p) => p.id);

describe('trace badges by phase', () => {
  it('hides dead ends on goals until the initiatives are written, then warns from the trace check', () => {
    for (const phase of ['frame', 'goals', 'who', 'value', 'behaviours', 'indicators'] as PhaseId[]) expect(badgeTone('dead-end', 'goal', phase, ORDER), phase).toBeNull();
    expect(badgeTone('dead-end', 'goal', 'initiatives', ORDER)).toBe('neutral');
    expect(badgeTone('dead-end', 'goal', 'trace', ORDER)).toBe('warning');
    expect(badgeTone('dead-end', 'goal', 'commit', ORDER)).toBe('warning');
  });

  it('shows an orphan neutral while its own column is written, and as a warning once that phase is over', () => {
    expect(badgeTone('orphan', 'segment', 'goals', ORDER)).toBeNull();
    expect(badgeTone('orphan', 'segment', 'who', ORDER)).toBe('neutral');
    expect(badgeTone('orphan', 'segment', 'value', ORDER)).toBe('warning');
    expect(badgeTone('orphan', 'initiative', 'behaviours', ORDER)).toBeNull();
    expect(badgeTone('orphan', 'initiative', 'initiatives', ORDER)).toBe('neutral');
    expect(badgeTone('orphan', 'initiative', 'trace', ORDER)).toBe('warning');
  });

  it("follows the facilitator's order of phases", () => {
    const reordered: PhaseId[] = ['frame', 'goals', 'initiatives', 'who', 'value', 'behaviours', 'indicators', 'trace', 'commit', 'close'];
    expect(badgeTone('dead-end', 'goal', 'who', reordered)).toBe('warning');
    expect(badgeTone('orphan', 'segment', 'initiatives', reordered)).toBeNull();
  });

  it('warns outside a workshop, where there is no phase', () => {
    expect(badgeTone('orphan', 'value', null)).toBe('warning');
    expect(badgeTone('dead-end', 'goal', null)).toBe('warning');
  });

  it('says what each badge means and what to do', () => {
    expect(badgeText('orphan', 'warning').label).toBe('Orphan');
    expect(badgeText('orphan', 'neutral').label).toBe('No goal yet');
    expect(badgeText('dead-end', 'warning').description).toMatch(/No initiative reaches this goal/);
    expect(badgeText('dead-end', 'neutral').label).toBe('No initiative yet');
  });
});
