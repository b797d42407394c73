/** Protected records: what a single participant click may not remove. */
import { describe, expect, it } from 'vitest';
import type { BoardSnapshot, Card, Commitment, Link } from '../../shared/model.ts';
import { describeProtection, protectedRecords } from '../../shared/protection.ts';

const card = (id: string, column: Card['column']): Card => ({ id, column, text: id, order: 'a0', createdAt: '2026-01-01T00:00:00.000Z', status: 'active' });
const link = (from: string, to: string): Link => ({ id: `${from}-${to}`, from, to });
const commitment = (id: string, on: string, status: Commitment['status'], indicators: string[] = []): Commitment => ({
  id, card: on, title: `Commit ${id}`, owner: 'Ana', contributors: [], status, indicators,
});

function board(commitments: Commitment[]): Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'> {
  const cards = [card('g', 'goal'), card('s', 'segment'), card('v', 'value'), card('b', 'behaviour'), card('i', 'indicator'), card('n', 'initiative'),
    card('other', 'initiative'), card('i2', 'indicator')];
  const links = [link('s', 'g'), link('v', 's'), link('b', 'v'), link('i', 'b'), link('n', 'i'), link('other', 'i'), link('n', 'i2')];
  return { cards, links, commitments };
}

describe('protectedRecords', () => {
  it('protects nothing on a board without commitments', () => {
    const p = protectedRecords(board([]));
    expect(p.cards.size).toBe(0);
    expect(p.links.size).toBe(0);
  });

  it('a proposed commitment protects only the card it was promoted from', () => {
    const p = protectedRecords(board([commitment('m', 'n', 'proposed')]));
    expect([...p.cards.keys()]).toEqual(['n']);
    expect(p.links.size).toBe(0);
    expect(describeProtection(p.cards.get('n')!)).toBe('carries the proposed commitment “Commit m”');
  });

  it('a consented commitment protects its whole trace to the goal, its indicators, and the links between them', () => {
    for (const status of ['agreed', 'in-progress', 'done'] as const) {
      const p = protectedRecords(board([commitment('m', 'n', status, ['i2'])]));
      expect([...p.cards.keys()].sort()).toEqual(['b', 'g', 'i', 'i2', 'n', 's', 'v']);
      expect([...p.links.keys()].sort()).toEqual(['b-v', 'i-b', 'n-i', 'n-i2', 's-g', 'v-s']);
      // A neighbour's link into the trace is not on this commitment's trace.
      expect(p.links.has('other-i')).toBe(false);
      expect(p.cards.has('other')).toBe(false);
      expect(describeProtection(p.cards.get('g')!)).toBe(`is on the trace of the ${status} commitment “Commit m”`);
    }
  });

  it('a dropped commitment still protects its card, not its trace', () => {
    const p = protectedRecords(board([commitment('m', 'n', 'dropped')]));
    expect([...p.cards.keys()]).toEqual(['n']);
    expect(p.links.size).toBe(0);
  });
});
