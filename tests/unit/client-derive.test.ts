import { describe, expect, it } from 'vitest';
import { traceFindings } from '../../shared/derive.ts';
import type { Card, ColumnId, Link } from '../../shared/model.ts';
import { cardsByColumn, highlightedThread, linkCandidates, linksOf, neighbourColumns, selectionEpoch } from '../../client/derive/board.ts';
import { columnOfDropId, columnDropId, dropIndex, dropMove, keyboardTarget, listsOf, originOf, placed, slotCentre } from '../../client/board/dragPlan.ts';
import { chainRows, tableCells } from '../../client/views/vcpTable.ts';
import { chainTable } from '../../shared/vcpTable.ts';
import { cardSummary } from '../../client/derive/cardSummary.ts';
import { parseFieldInput } from '../../client/derive/fieldSpecs.ts';
import { shareStructure } from '../../client/sync/structuralSharing.ts';
import { freeColor, initials, PRESENCE_COLORS, readPeer } from '../../client/sync/presence.ts';

let order = 0;
function card(id: string, column: ColumnId, extra: Partial<Card> = {}): Card {
  order++;
  return { id, column, text: id, order: `a${order}`, createdAt: '2026-01-01T00:00:00.000Z', status: 'active', ...extra };
}
const link = (from: string, to: string): Link => ({ id: `${from}>${to}`, from, to });

// initiative i1 → indicator n1 → behaviour b1 → value v1 → segment s1 → goal g1; i2 → n2 goes nowhere.
const cards = [
  card('g1', 'goal'), card('g2', 'goal'), card('s1', 'segment'), card('v1', 'value'), card('b1', 'behaviour'),
  card('n1', 'indicator'), card('n2', 'indicator'), card('i1', 'initiative'), card('i2', 'initiative'),
];
const links = [link('s1', 'g1'), link('v1', 's1'), link('b1', 'v1'), link('n1', 'b1'), link('i1', 'n1'), link('i2', 'n2')];

describe('golden thread highlight', () => {
  it('highlights every card and link on chains through the selected card', () => {
    const thread = highlightedThread('b1', cards, links)!;
    expect([...thread.cards].sort()).toEqual(['b1', 'g1', 'i1', 'n1', 's1', 'v1']);
    expect(thread.links.has('i2>n2')).toBe(false);
    expect(thread.links.size).toBe(5);
  });

  it('highlights nothing without a selection or for a deleted card', () => {
    expect(highlightedThread(null, cards, links)).toBeNull();
    expect(highlightedThread('gone', cards, links)).toBeNull();
  });

  it('highlights nothing (dims nothing) for a selected card without links: just added, or alone in its column', () => {
    expect(highlightedThread('g2', cards, links)).toBeNull();
    expect(highlightedThread('g2', cards, [...links, link('s1', 'g2')])?.cards.has('s1')).toBe(true);
  });
});

describe('what ends a selection', () => {
  const room = { phase: 'goals' as const, spotlight: null };
  it('changes with the phase and with the spotlight, not otherwise', () => {
    expect(selectionEpoch(room)).toBe(selectionEpoch({ ...room }));
    expect(selectionEpoch({ ...room, phase: 'who' })).not.toBe(selectionEpoch(room));
    const spot = selectionEpoch({ ...room, spotlight: { kind: 'card', id: 'g1' } });
    expect(spot).not.toBe(selectionEpoch(room));
    expect(selectionEpoch({ ...room, spotlight: { kind: 'card', id: 'g2' } })).not.toBe(spot);
    expect(selectionEpoch({ ...room, spotlight: { kind: 'column', id: 'goal' } })).not.toBe(spot);
    expect(selectionEpoch(null)).toBeNull();
  });
});

describe('trace findings shown as badges', () => {
  it('flags orphans and dead-end goals, and clears them once linked', () => {
    const before = traceFindings(cards, links);
    expect([...before.orphans].sort()).toEqual(['i2', 'n2']);
    expect([...before.deadEnds]).toEqual(['g2']);
    const after = traceFindings(cards, [...links, link('n2', 'b1')]);
    expect(after.orphans.size).toBe(0);
  });
});

describe('links of a card', () => {
  it('splits links toward the goal and toward the work', () => {
    const { towardGoal, towardWork } = linksOf('v1', cards, links);
    expect(towardGoal.map((l) => l.card.id)).toEqual(['s1']);
    expect(towardWork.map((l) => l.card.id)).toEqual(['b1']);
  });

  it('offers only unlinked cards of the neighbouring columns', () => {
    const n2 = cards.find((c) => c.id === 'n2')!;
    expect(linkCandidates(n2, cards, links).map((c) => c.id)).toEqual(['b1', 'i1']);
  });

  it('knows the neighbouring columns', () => {
    expect(neighbourColumns('goal')).toEqual({ towardWork: 'segment' });
    expect(neighbourColumns('value')).toEqual({ towardGoal: 'segment', towardWork: 'behaviour' });
  });

  it('groups cards by column', () => {
    expect(cardsByColumn(cards).indicator.map((c) => c.id)).toEqual(['n1', 'n2']);
  });
});

describe('drag plan', () => {
  const lists = listsOf(cards);

  it('moves the dragged card into another column before the card at its target', () => {
    const next = placed(lists, 'i2', { column: 'indicator', index: 0 });
    expect(next.initiative).toEqual(['i1']);
    expect(next.indicator).toEqual(['i2', 'n1', 'n2']);
    expect(dropMove(lists, next, 'i2')).toEqual({ column: 'indicator', index: 0 });
  });

  it('moves to the end of a column', () => {
    const next = placed(lists, 'i2', { column: 'goal', index: 2 });
    expect(next.goal).toEqual(['g1', 'g2', 'i2']);
    expect(dropMove(lists, next, 'i2')).toEqual({ column: 'goal', index: 2 });
    // A target past the end (the column changed meanwhile) still lands at the end.
    expect(placed(lists, 'i2', { column: 'goal', index: 9 }).goal).toEqual(['g1', 'g2', 'i2']);
  });

  it('reorders within a column', () => {
    const final = placed(lists, 'n2', { column: 'indicator', index: 0 });
    expect(final.indicator).toEqual(['n2', 'n1']);
    expect(dropMove(lists, final, 'n2')).toEqual({ column: 'indicator', index: 0 });
  });

  it('writes nothing when the card ends where it started', () => {
    const origin = originOf(lists, 'n1')!;
    expect(origin).toEqual({ column: 'indicator', index: 0 });
    expect(dropMove(lists, placed(lists, 'n1', origin), 'n1')).toBeUndefined();
    expect(dropMove(lists, placed(lists, 'n2', originOf(lists, 'n2')!), 'n2')).toBeUndefined();
  });

  it('names the column lists as drop targets', () => {
    expect(columnOfDropId(columnDropId('goal'))).toBe('goal');
    expect(columnOfDropId('n1')).toBeUndefined();
  });
});

describe('drop position within a column', () => {
  // Three cards measured on screen (the dragged one left out), 10 px apart.
  const slots = { tops: [100, 170, 260], bottoms: [160, 250, 300] };

  it('lands after every card whose middle is above the dragged card\'s centre', () => {
    expect(dropIndex(slots, 50)).toBe(0);
    expect(dropIndex(slots, 129)).toBe(0);
    expect(dropIndex(slots, 131)).toBe(1);
    expect(dropIndex(slots, 255)).toBe(2);
    expect(dropIndex(slots, 900)).toBe(3);
    expect(dropIndex({ tops: [], bottoms: [] }, 500)).toBe(0);
  });

  it('has a centre line for every position that lands there', () => {
    for (let index = 0; index <= 3; index++) expect(dropIndex(slots, slotCentre(slots, index)!)).toBe(index);
    expect(slotCentre({ tops: [], bottoms: [] }, 0)).toBeUndefined();
  });
});

describe('keyboard moves of a dragged card', () => {
  // On screen, left to right (goal on the right).
  const order = ['initiative', 'indicator', 'behaviour', 'value', 'segment', 'goal'] as const;
  const others = (counts: Partial<Record<ColumnId, number>>) => (column: ColumnId) => counts[column] ?? 0;

  it('moves exactly one column per left or right press, also from a column just moved into', () => {
    let at = { column: 'initiative' as ColumnId, index: 0 };
    const counts = others({ initiative: 0 });
    for (const expected of ['indicator', 'behaviour', 'value', 'segment', 'goal'] as const) {
      at = keyboardTarget('ArrowRight', at, order, counts)!;
      expect(at).toEqual({ column: expected, index: 0 });
    }
    expect(keyboardTarget('ArrowRight', at, order, counts)).toBeUndefined();
    expect(keyboardTarget('ArrowLeft', at, order, counts)).toEqual({ column: 'segment', index: 0 });
    expect(keyboardTarget('ArrowLeft', { column: 'initiative', index: 0 }, order, counts)).toBeUndefined();
  });

  it('keeps the position across columns where the column is long enough', () => {
    const counts = others({ initiative: 5, indicator: 2, behaviour: 9 });
    expect(keyboardTarget('ArrowRight', { column: 'initiative', index: 4 }, order, counts)).toEqual({ column: 'indicator', index: 2 });
    expect(keyboardTarget('ArrowRight', { column: 'indicator', index: 1 }, order, counts)).toEqual({ column: 'behaviour', index: 1 });
  });

  it('moves exactly one position per up or down press and never onto the card\'s own slot', () => {
    const counts = others({ indicator: 2 });
    // The card stands at position 1 of 3 in its column (two others).
    const own = { column: 'indicator' as ColumnId, index: 0 };
    const down = keyboardTarget('ArrowDown', own, order, counts)!;
    expect(down).toEqual({ column: 'indicator', index: 1 });
    expect(keyboardTarget('ArrowDown', down, order, counts)).toEqual({ column: 'indicator', index: 2 });
    expect(keyboardTarget('ArrowDown', { column: 'indicator', index: 2 }, order, counts)).toBeUndefined();
    expect(keyboardTarget('ArrowUp', down, order, counts)).toEqual(own);
    expect(keyboardTarget('ArrowUp', own, order, counts)).toBeUndefined();
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp']) {
      const next = keyboardTarget(key, { column: 'behaviour', index: 0 }, order, others({ behaviour: 1 }));
      if (next) expect(next).not.toEqual({ column: 'behaviour', index: 0 });
    }
    expect(keyboardTarget('KeyA', own, order, counts)).toBeUndefined();
  });
});

describe('VCP table', () => {
  it('has one row per chain and a row for each unlinked card', () => {
    const rows = chainRows(cards, links);
    expect(rows.map((r) => r.initiative?.id ?? r.goal?.id ?? r.indicator?.id)).toEqual(['i1', 'g2', 'i2']);
    expect(rows[0]!.goal?.id).toBe('g1');
  });

  it('spans cells over rows that share the chain toward the goal', () => {
    const extra = [...cards, card('i3', 'initiative')];
    const rows = chainRows(extra, [...links, link('i3', 'n1')]);
    const cells = tableCells(rows, ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative']);
    expect(cells[0]![0]).toMatchObject({ rowSpan: 2 });
    expect(cells[1]![0]).toMatchObject({ rowSpan: 0 });
    expect(cells[0]![5]!.card?.id).toBe('i1');
    expect(cells[1]![5]).toMatchObject({ rowSpan: 1 });
    expect(cells[1]![5]!.card?.id).toBe('i3');
  });

  it('spells a chain out once when asked: a segment moving two goals stands alone under the second, marked as continued', () => {
    const twice = [...links, link('s1', 'g2')];
    expect(chainRows(cards, twice).filter((r) => r.initiative?.id === 'i1')).toHaveLength(2);
    const { rows, continued } = chainTable(cards, twice, undefined, { once: true });
    expect(rows.filter((r) => r.initiative?.id === 'i1')).toHaveLength(1);
    const second = rows.find((r) => r.goal?.id === 'g2')!;
    expect(second).toEqual({ goal: cards[1], segment: cards[2] });
    expect(continued.get(second)).toBe('segment');
    expect(continued.size).toBe(1);
  });
});

describe('card summaries and field input', () => {
  it('summarises an indicator baseline and target', () => {
    const n = card('n', 'indicator', { unit: '%', direction: 'increase', baselineValue: 9, baselineAsOf: '2026-01-15', targetValue: 25, targetBy: '2027-03-31' });
    expect(cardSummary(n)).toBe('↑ 9 % (2026-01-15) → 25 % by 2027-03-31');
  });

  it('summarises a behaviour change', () => {
    expect(cardSummary(card('b', 'behaviour', { actor: 'Ops lead', current: 'spreadsheets', desired: 'shared plan' }))).toBe('Ops lead: spreadsheets → shared plan');
  });

  it('parses numbers and dates, clears on empty, rejects garbage', () => {
    expect(parseFieldInput('number', '12,5')).toBe(12.5);
    expect(parseFieldInput('number', 'abc')).toBe('invalid');
    expect(parseFieldInput('number', '')).toBeUndefined();
    expect(parseFieldInput('date', '2026-02-30x')).toBe('invalid');
    expect(parseFieldInput('date', '2026-02-03')).toBe('2026-02-03');
  });
});

describe('structural sharing of board reads', () => {
  it('keeps unchanged cards and lists identical and replaces changed ones', () => {
    const board = { title: 'T', direction: 'rtl' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    const first = { board, cards: cards.map((c) => ({ ...c })), links, commitments: [] };
    const same = shareStructure(first, { board: { ...board }, cards: cards.map((c) => ({ ...c })), links: links.map((l) => ({ ...l })), commitments: [] });
    expect(same).toBe(first);
    const edited = cards.map((c) => (c.id === 'v1' ? { ...c, text: 'changed' } : { ...c }));
    const next = shareStructure(first, { board, cards: edited, links, commitments: [] });
    expect(next.cards).not.toBe(first.cards);
    expect(next.cards[0]).toBe(first.cards[0]);
    expect(next.cards.find((c) => c.id === 'v1')!.text).toBe('changed');
  });
});

describe('presence', () => {
  it('picks a colour nobody uses, keeping its own when free', () => {
    const [first, second, third] = PRESENCE_COLORS;
    expect(freeColor(second!, [first!])).toBe(second);
    expect(freeColor(first!, [first!, second!])).toBe(third);
    expect(freeColor(first!, [...PRESENCE_COLORS])).toBe(first);
  });

  it('validates what peers put into awareness', () => {
    expect(readPeer(1, { user: { name: 'Ana', color: '#123456', role: 'facilitator' }, cursor: { x: 1, y: 2 }, editing: 'c1', drag: null })).toEqual({
      clientId: 1,
      user: { name: 'Ana', color: '#123456', role: 'facilitator' },
      cursor: { x: 1, y: 2 },
      editing: 'c1',
      drag: null,
    });
    const hostile = readPeer(2, { user: { name: 'x'.repeat(500), color: 'url(javascript:1)', role: 'admin' }, cursor: { x: 'a', y: Infinity }, drag: { cardId: 5 } });
    expect(hostile?.user.name.length).toBe(40);
    expect(hostile?.user.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(hostile?.user.role).toBe('participant');
    expect(hostile?.cursor).toBeNull();
    expect(hostile?.drag).toBeNull();
    expect(readPeer(3, null)).toBeUndefined();
    expect(readPeer(3, { user: {} })).toBeUndefined();
  });

  it('makes initials', () => {
    expect(initials('Ana María López')).toBe('AL');
    expect(initials('ben')).toBe('BE');
    expect(initials('  ')).toBe('?');
  });

  it('takes letters only for initials: no brackets, punctuation or emoji', () => {
    expect(initials('Fran (host)')).toBe('FR');
    expect(initials('Pat (phone)')).toBe('PA');
    expect(initials('(projector) Room 2')).toBe('RO');
    expect(initials('Jean-Luc Picard')).toBe('JP');
    expect(initials('"Ana" Lima')).toBe('AL');
    expect(initials('🙂 Zoë')).toBe('ZO');
    expect(initials('élodie dupont')).toBe('ÉD');
    expect(initials('(host)')).toBe('HO');
    expect(initials('42')).toBe('42');
    expect(initials('🙂')).toBe('?');
  });
});
