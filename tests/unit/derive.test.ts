/**
 * Pure derivations: golden thread, trace to the goals, orphans and dead ends.
 */
import { describe, expect, it } from 'vitest';
import { goalTracer, goldenThread, traceFindings } from '../../shared/derive.ts';
import type { Card, CardStatus, ColumnId, Link } from '../../shared/model.ts';

function card(id: string, column: ColumnId, status: CardStatus = 'active'): Card {
  return { id, column, text: id, order: 'a0', createdAt: '2026-01-01T00:00:00.000Z', status };
}

/**
 * G1   G2        G3 (nothing reaches it)
 *   \ /  \
 *   S1    S2
 *  /  \     \
 * V1   V2    V3
 * |    |
 * B1   B2
 * | \
 * I1 I2          I3 (links to nothing)
 * |\   \          |
 * N1 N2 N3   N4   N5        (N4: no link at all)
 * N1 also → I9, a dead branch (I9 links to nothing above)
 */
const CARDS: Card[] = [
  card('G1', 'goal'), card('G2', 'goal'), card('G3', 'goal'),
  card('S1', 'segment'), card('S2', 'segment'),
  card('V1', 'value'), card('V2', 'value'), card('V3', 'value'),
  card('B1', 'behaviour'), card('B2', 'behaviour'),
  card('I1', 'indicator'), card('I2', 'indicator'), card('I3', 'indicator'), card('I9', 'indicator'),
  card('N1', 'initiative'), card('N2', 'initiative'), card('N3', 'initiative'), card('N4', 'initiative'), card('N5', 'initiative'),
];

const LINKS: Link[] = [
  ['S1', 'G1'], ['S1', 'G2'], ['S2', 'G2'],
  ['V1', 'S1'], ['V2', 'S1'], ['V3', 'S2'],
  ['B1', 'V1'], ['B2', 'V2'],
  ['I1', 'B1'], ['I2', 'B1'],
  ['N1', 'I1'], ['N2', 'I1'], ['N3', 'I2'], ['N5', 'I3'], ['N1', 'I9'],
].map(([from, to]) => ({ id: `${from}-${to}`, from: from!, to: to! }));

const sorted = (set: Set<string>) => [...set].sort();

describe('goldenThread', () => {
  it('follows every chain up to the goals and down to the initiatives, branching both ways', () => {
    const thread = goldenThread('V1', LINKS);
    expect(sorted(thread.cards)).toEqual(['B1', 'G1', 'G2', 'I1', 'I2', 'N1', 'N2', 'N3', 'S1', 'V1']);
    expect(sorted(thread.links)).toEqual(['B1-V1', 'I1-B1', 'I2-B1', 'N1-I1', 'N2-I1', 'N3-I2', 'S1-G1', 'S1-G2', 'V1-S1'].sort());
  });

  it('excludes sibling branches that only share a card further along the chain', () => {
    const thread = goldenThread('V1', LINKS);
    for (const sibling of ['V2', 'B2', 'S2', 'V3', 'I9']) expect(thread.cards.has(sibling), sibling).toBe(false);
    expect(thread.links.has('V2-S1')).toBe(false);
    expect(thread.links.has('S2-G2')).toBe(false);
    expect(thread.links.has('N1-I9')).toBe(false);
  });

  it('from an initiative: its own chains, not the other initiatives on the same indicator', () => {
    const thread = goldenThread('N1', LINKS);
    expect(sorted(thread.cards)).toEqual(['B1', 'G1', 'G2', 'I1', 'I9', 'N1', 'S1', 'V1']);
    expect(thread.links.has('N2-I1')).toBe(false);
    expect(thread.links.has('I2-B1')).toBe(false);
  });

  it('from a goal: everything below it, not the other goals', () => {
    const thread = goldenThread('G2', LINKS);
    expect(thread.cards.has('G1')).toBe(false);
    expect(thread.links.has('S1-G1')).toBe(false);
    expect(sorted(thread.cards)).toEqual(['B1', 'B2', 'G2', 'I1', 'I2', 'N1', 'N2', 'N3', 'S1', 'S2', 'V1', 'V2', 'V3']);
  });

  it('a card without links is its own thread', () => {
    expect(goldenThread('N4', LINKS)).toEqual({ cards: new Set(['N4']), links: new Set() });
    expect(goldenThread('unknown', [])).toEqual({ cards: new Set(['unknown']), links: new Set() });
  });
});

describe('goalTracer', () => {
  const traceToGoals = (id: string) => goalTracer(CARDS, LINKS)(id);

  it('lists the cards up to the goals in chain order, goal first', () => {
    expect(traceToGoals('N1')).toEqual(['G1', 'G2', 'S1', 'V1', 'B1', 'I1']);
    expect(traceToGoals('B2')).toEqual(['G1', 'G2', 'S1', 'V2']);
  });

  it('leaves out branches that stop short of a goal', () => {
    expect(traceToGoals('N1')).not.toContain('I9');
    expect(traceToGoals('N5')).toEqual([]);
    expect(traceToGoals('N4')).toEqual([]);
  });

  it('is empty for a goal', () => {
    expect(traceToGoals('G1')).toEqual([]);
  });
});

describe('traceFindings', () => {
  it('flags cards that reach no goal, and goals no initiative reaches', () => {
    const { orphans, deadEnds } = traceFindings(CARDS, LINKS);
    expect(sorted(orphans)).toEqual(['I3', 'I9', 'N4', 'N5']);
    expect(sorted(deadEnds)).toEqual(['G3']);
  });

  it('a goal reached only by cards without an initiative below them is a dead end', () => {
    const cards = [card('G', 'goal'), card('S', 'segment'), card('V', 'value')];
    const links = [{ id: 'l1', from: 'S', to: 'G' }, { id: 'l2', from: 'V', to: 'S' }];
    expect(traceFindings(cards, links)).toEqual({ orphans: new Set(), deadEnds: new Set(['G']) });
  });

  it('ignores parked and rejected cards', () => {
    const cards = [
      ...CARDS,
      card('P1', 'initiative', 'parked'), card('P2', 'value', 'rejected'), card('G4', 'goal', 'parked'),
    ];
    const { orphans, deadEnds } = traceFindings(cards, LINKS);
    expect(orphans.has('P1')).toBe(false);
    expect(orphans.has('P2')).toBe(false);
    expect(deadEnds.has('G4')).toBe(false);
    expect(sorted(orphans)).toEqual(['I3', 'I9', 'N4', 'N5']);
  });

  it('an empty board has no findings', () => {
    expect(traceFindings([], [])).toEqual({ orphans: new Set(), deadEnds: new Set() });
  });
});
