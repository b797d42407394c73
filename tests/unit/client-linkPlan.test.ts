/** Linking from the board: targets, refusals, and keyboard walking between targets. */
import { describe, expect, it } from 'vitest';
import type { Card, ColumnId, Link } from '../../shared/model.ts';
import { describeTarget, firstLinkTarget, linkLanes, linkRefusal, nextLinkTarget } from '../../client/board/linkPlan.ts';

const card = (id: string, column: ColumnId, text = id): Card => ({ id, column, text, order: id, status: 'active' }) as Card;
const cards = [
  card('g1', 'goal', 'Grow ARR'), card('g2', 'goal', 'Cut churn'),
  card('s1', 'segment', 'Agencies'), card('s2', 'segment', 'PMOs'),
  card('v1', 'value', 'Bill every hour'), card('v2', 'value', 'One plan'), card('v3', 'value', 'Fewer meetings'),
  card('b1', 'behaviour', 'Track time'),
];
const links: Link[] = [{ id: 'l1', from: 's1', to: 'g1' }];
const rtl: ColumnId[] = ['initiative', 'indicator', 'behaviour', 'value', 'segment', 'goal'];

describe('link targets', () => {
  it('are the cards of the neighbouring columns not linked yet, lanes in screen order', () => {
    expect(linkLanes(cards[2]!, cards, links, rtl)).toEqual([
      { column: 'value', ids: ['v1', 'v2', 'v3'] },
      { column: 'goal', ids: ['g2'] },
    ]);
    expect(linkLanes(cards[0]!, cards, links, rtl)).toEqual([{ column: 'segment', ids: ['s2'] }]);
  });

  it('refuses the card itself, a card two columns away and a card linked already, saying why', () => {
    expect(linkRefusal(cards[2]!, cards[2]!, links)).toMatch(/itself/);
    expect(linkRefusal(cards[0]!, cards[4]!, links)).toBe('Links join neighbouring columns: Business goals cards link to Segments.');
    expect(linkRefusal(cards[2]!, cards[3]!, links)).toMatch(/neighbouring columns: Segments cards link to Business goals or Customer value/);
    expect(linkRefusal(cards[0]!, cards[2]!, links)).toBe('“Grow ARR” and “Agencies” are linked already.');
    expect(linkRefusal(cards[3]!, cards[0]!, links)).toBeNull();
    expect(linkRefusal(cards[0]!, cards[3]!, links)).toBeNull();
  });
});

describe('linking by keyboard', () => {
  const lanes = linkLanes(cards[3]!, cards, links, rtl); // PMOs: value on the left, goals on the right

  it('starts in the lane toward the goal, at the position of the card linked from', () => {
    expect(firstLinkTarget(lanes, cards[3]!, 1)).toBe('g2');
    expect(firstLinkTarget(lanes, cards[3]!, 0)).toBe('g1');
    expect(firstLinkTarget(linkLanes(cards[7]!, cards, links, rtl), cards[7]!, 5)).toBe('v3');
    expect(firstLinkTarget([], cards[3]!, 0)).toBeUndefined();
  });

  it('walks up and down a lane and across to the other lane, and stops at the edges', () => {
    expect(nextLinkTarget('ArrowUp', lanes, 'g2')).toBe('g1');
    expect(nextLinkTarget('ArrowUp', lanes, 'g1')).toBeUndefined();
    expect(nextLinkTarget('ArrowDown', lanes, 'g2')).toBeUndefined();
    expect(nextLinkTarget('ArrowLeft', lanes, 'g2')).toBe('v2');
    expect(nextLinkTarget('ArrowRight', lanes, 'v3')).toBe('g2');
    expect(nextLinkTarget('ArrowRight', lanes, 'g1')).toBeUndefined();
    expect(nextLinkTarget('Enter', lanes, 'g1')).toBeUndefined();
  });

  it('announces a target by column and position', () => {
    expect(describeTarget(lanes, 'v2', 'One plan')).toBe('Customer value card One plan, 2 of 3');
  });
});
