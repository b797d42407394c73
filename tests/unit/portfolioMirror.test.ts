/**
 * The portfolio mirror as document operations (shared/doc/portfolioMirror.ts),
 * on plain documents: what a reconcile writes, keeps and removes, and what a
 * detach keeps.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, attachMirror, deleteCard, deleteLink, detachMirror, initBoard, markPortfolio, mirrorSource, readBoardInfo, readCards, readDecisions, readLinks,
  reconcileMirror, SERVER_ORIGIN, setCardStatus, setCardText, updateCardFields,
} from '../../shared/doc/index.ts';

function portfolio() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Acme' });
  markPortfolio(doc);
  const goal = addCard(doc, { column: 'goal', text: 'Grow retention' });
  const segment = addCard(doc, { column: 'segment', text: 'Mid-market' });
  return { doc, goal, segment };
}

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Billing' });
  return doc;
}

/** How many updates a function makes the document emit. */
function updatesOf(doc: Y.Doc, run: () => void): number {
  let n = 0;
  const count = () => n++;
  doc.on('update', count);
  run();
  doc.off('update', count);
  return n;
}

describe('reconcileMirror', () => {
  it('mirrors the portfolio\'s goals and segments with the same ids, marked, and the portfolio\'s title', () => {
    const p = portfolio();
    const b = board();
    attachMirror(b, mirrorSource(p.doc, 'portfolio01'), 'Dana', SERVER_ORIGIN);
    const cards = readCards(b);
    expect(cards.map((c) => [c.id, c.text, c.portfolio])).toEqual(expect.arrayContaining([[p.goal, 'Grow retention', 'portfolio01'], [p.segment, 'Mid-market', 'portfolio01']]));
    expect(readBoardInfo(b).portfolio).toEqual({ id: 'portfolio01', title: 'Acme' });
    expect(readDecisions(b)).toMatchObject([{ kind: 'portfolio', action: 'attached', by: 'Dana', cards: [{ id: p.goal }, { id: p.segment }] }]);
  });

  it('follows text, fields, status and order, and writes nothing when up to date', () => {
    const p = portfolio();
    const b = board();
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    setCardText(p.doc, p.goal, 'Grow retention to 115%');
    updateCardFields(p.doc, p.goal, { metric: 'NRR' });
    setCardStatus(p.doc, p.segment, 'parked');
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    const goal = readCards(b).find((c) => c.id === p.goal)!;
    expect([goal.text, goal.metric, readCards(b).find((c) => c.id === p.segment)?.status]).toEqual(['Grow retention to 115%', 'NRR', 'parked']);
    expect(updatesOf(b, () => reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN))).toBe(0);
  });

  it('removes a card gone from the portfolio unless the board links to it: then it stays, local, and the log says so', () => {
    const p = portfolio();
    const b = board();
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    const value = addCard(b, { column: 'value', text: 'Invoices reconcile' });
    addLink(b, value, p.segment);
    deleteCard(p.doc, p.goal);
    deleteCard(p.doc, p.segment);
    const result = reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    expect(result.removed).toEqual([p.goal]);
    expect(result.kept.map((k) => [k.card.id, k.links])).toEqual([[p.segment, 1]]);
    const segment = readCards(b).find((c) => c.id === p.segment);
    expect([segment?.text, segment?.portfolio]).toEqual(['Mid-market', undefined]);
    expect(readCards(b).some((c) => c.id === p.goal)).toBe(false);
    expect(readLinks(b)).toHaveLength(1);
    expect(readDecisions(b).find((d) => d.kind === 'portfolio' && d.action === 'card-kept')).toMatchObject({ cards: [{ id: p.segment }], links: 1 });
  });

  it('a detach keeps every mirrored card as the board\'s own, with its links; attaching again takes them back over', () => {
    const p = portfolio();
    const b = board();
    attachMirror(b, mirrorSource(p.doc, 'portfolio01'), undefined, SERVER_ORIGIN);
    const value = addCard(b, { column: 'value', text: 'Invoices reconcile' });
    addLink(b, value, p.segment);
    const kept = detachMirror(b, 'the board’s facilitator', SERVER_ORIGIN);
    expect([kept.cards.length, kept.links]).toEqual([2, 1]);
    expect(readCards(b).filter((c) => c.portfolio !== undefined)).toEqual([]);
    expect(readBoardInfo(b).portfolio).toBeUndefined();
    expect(readLinks(b)).toHaveLength(1);
    setCardText(b, p.goal, 'Our own words');
    attachMirror(b, mirrorSource(p.doc, 'portfolio01'), undefined, SERVER_ORIGIN);
    expect(readCards(b).find((c) => c.id === p.goal)).toMatchObject({ text: 'Grow retention', portfolio: 'portfolio01' });
    expect(readCards(b).filter((c) => c.column === 'goal')).toHaveLength(1);
  });

  it('mirrors which segment serves which goal (the portfolio\'s links, same ids), follows them, and drops a board\'s own link between two of them', () => {
    const p = portfolio();
    const link = addLink(p.doc, p.segment, p.goal, 'Retention comes from the mid-market');
    const other = addCard(p.doc, { column: 'goal', text: 'Open a market' });
    const b = board();
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    expect(readLinks(b)).toEqual([{ id: link, from: p.segment, to: p.goal, assumption: 'Retention comes from the mid-market' }]);
    expect(updatesOf(b, () => reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN))).toBe(0);
    // A link the board drew between two of the portfolio's cards (before the rules refused it) is not the portfolio's.
    addLink(b, p.segment, other);
    const own = addCard(b, { column: 'value', text: 'Fewer surprises' });
    const ownLink = addLink(b, own, p.segment);
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    expect(readLinks(b).map((l) => l.id).sort()).toEqual([link, ownLink].sort());
    // The portfolio moves the segment to the other goal: the board follows.
    const moved = addLink(p.doc, p.segment, other);
    deleteLink(p.doc, link);
    reconcileMirror(b, mirrorSource(p.doc, 'portfolio01'), SERVER_ORIGIN);
    expect(readLinks(b).map((l) => l.id).sort()).toEqual([moved, ownLink].sort());
  });

  it('mirrors only goals and segments', () => {
    const p = portfolio();
    addCard(p.doc, { column: 'value', text: 'Not a portfolio card' });
    expect(mirrorSource(p.doc, 'portfolio01').cards.map((c) => c.column).sort()).toEqual(['goal', 'segment']);
  });
});
