/**
 * The room's words and bars, pure: the links a facilitator hands out have
 * names that cannot be confused, each saying what it grants; the consent
 * bars on the wall are a share of who answered.
 */
import { describe, expect, it } from 'vitest';
import { LINK_NAMES, linkLabel, type LinkKind } from '../../client/derive/linkNames.ts';
import { tallyShares } from '../../client/derive/tally.ts';

describe('link names', () => {
  const kinds = Object.keys(LINK_NAMES) as LinkKind[];

  it('give each link one name and what it grants', () => {
    expect(linkLabel('participant')).toBe('Participant link — edit');
    expect(linkLabel('projector')).toBe('Projector link — the wall, shows the join code');
    expect(linkLabel('viewer')).toBe('Viewer link — read only');
    expect(linkLabel('reviewer')).toBe('Reviewer link — comment and check in');
    expect(new Set(kinds.map(linkLabel)).size).toBe(kinds.length);
  });

  it('never name two different grants with near-twin words (Review beside Reviewer)', () => {
    const lead = (kind: LinkKind) => LINK_NAMES[kind].name.split(' ')[0]!.toLowerCase();
    for (const a of kinds) {
      for (const b of kinds) {
        if (a === b || LINK_NAMES[a].grants === LINK_NAMES[b].grants) continue;
        // Different access: the first words differ, and neither is the start of the other.
        expect(lead(a).startsWith(lead(b)), `${linkLabel(a)} / ${linkLabel(b)}`).toBe(false);
      }
    }
  });
});

describe('consent bars', () => {
  it('are each answer’s share of who answered, not of the largest count', () => {
    expect(tallyShares([1, 1, 1], 3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(tallyShares([3, 0, 0], 3)).toEqual([1, 0, 0]);
    expect(tallyShares([2, 1, 0, 0, 0, 0], 4)).toEqual([0.5, 0.25, 0, 0, 0, 0]);
  });

  it('never exceed the whole, with nobody or with counts past the people given', () => {
    expect(tallyShares([0, 0, 0], 0)).toEqual([0, 0, 0]);
    expect(tallyShares([2, 2], 3)).toEqual([0.5, 0.5]);
  });
});
