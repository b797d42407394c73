/**
 * Importing a board written from the core fields of the board JSON alone
 * (docs/API.md; a script, another tool): what the exporter adds is filled in,
 * and what is wrong is still refused with the path of the bad field.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportBoardJson, importBoardJson, readBoard, validateBoardJson } from '../../shared/doc/index.ts';

/** Exactly the core fields docs/API.md lists, nothing the exporter adds. */
const contractBoard = () => ({
  format: 'product-vcp',
  version: 1,
  board: { id: 'from-a-script', title: 'Scripted plan', direction: 'ltr' },
  columns: [
    { id: 'goal', title: 'Business goals' }, { id: 'segment', title: 'Segments' }, { id: 'value', title: 'Customer value' },
    { id: 'behaviour', title: 'User behaviours' }, { id: 'indicator', title: 'Value indicators' }, { id: 'initiative', title: 'Initiatives' },
  ],
  cards: [
    { id: 'g1', column: 'goal', text: 'Grow NRR to 115%' },
    { id: 'n2', column: 'initiative', text: 'Second initiative' },
    { id: 'i1', column: 'indicator', text: 'Weekly active planners' },
    { id: 'g2', column: 'goal', text: 'Cut churn below 9%' },
    { id: 'n1', column: 'initiative', text: 'First initiative' },
  ],
  links: [{ id: 'l1', from: 'n1', to: 'i1', assumption: 'We believe…' }],
  commitments: [{ id: 'm1', card: 'n1', title: 'Ship it', owner: 'Jonas', due: '2026-06-30', status: 'proposed', indicators: ['i1'], trace: [] }],
});

function imported(input: unknown) {
  const checked = validateBoardJson(input);
  if (!checked.ok) throw new Error(`${checked.issue.path}: ${checked.issue.message}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, importBoardJson(checked.value));
  return doc;
}

describe('a board JSON with only the contract’s fields', () => {
  it('imports, with cards in array order, now as their time, active, and commitments without contributors', () => {
    const before = Date.now();
    const doc = imported(contractBoard());
    const snapshot = readBoard(doc);
    expect(snapshot.board.title).toBe('Scripted plan');
    expect(snapshot.board.direction).toBe('ltr');
    const column = (id: string) => snapshot.cards.filter((c) => c.column === id).map((c) => c.text);
    expect(column('goal')).toEqual(['Grow NRR to 115%', 'Cut churn below 9%']);
    expect(column('initiative')).toEqual(['Second initiative', 'First initiative']);
    for (const card of snapshot.cards) {
      expect(card.status).toBe('active');
      expect(Date.parse(card.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(Date.parse(snapshot.board.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(snapshot.commitments).toEqual([expect.objectContaining({ id: 'm1', owner: 'Jonas', contributors: [], indicators: ['i1'], status: 'proposed' })]);
    expect(snapshot.links).toEqual([{ id: 'l1', from: 'n1', to: 'i1', assumption: 'We believe…' }]);
  });

  it('imports with less still: no board id, direction, columns, links or commitments', () => {
    const doc = imported({ format: 'product-vcp', version: 1, board: { title: 'Just cards' }, cards: [{ id: 'a', column: 'segment', text: 'Mid-market ops' }] });
    const snapshot = readBoard(doc);
    expect(snapshot.board).toMatchObject({ title: 'Just cards', direction: 'rtl' });
    expect(snapshot.cards.map((c) => c.text)).toEqual(['Mid-market ops']);
    // And what it became exports as a full board that imports to the same JSON.
    const full = exportBoardJson(doc, 'board-one');
    expect(full.cards[0]).toMatchObject({ id: 'a', order: expect.any(String), createdAt: expect.any(String), status: 'active' });
    expect(exportBoardJson(imported(JSON.parse(JSON.stringify(full))), 'board-one')).toEqual(full);
  });

  it('places a card without an order after the cards of its column listed before it', () => {
    const json = contractBoard();
    const [first, ...rest] = json.cards;
    const doc = imported({ ...json, cards: [{ ...first, order: 'a5' }, ...rest, { id: 'g3', column: 'goal', text: 'Third goal' }] });
    expect(readBoard(doc).cards.filter((c) => c.column === 'goal').map((c) => c.text)).toEqual(['Grow NRR to 115%', 'Cut churn below 9%', 'Third goal']);
  });

  it('still refuses what is wrong, with the path of the bad field', () => {
    const issue = (mutate: (json: ReturnType<typeof contractBoard>) => unknown) => {
      const checked = validateBoardJson(mutate(contractBoard()));
      return checked.ok ? 'ok' : checked.issue;
    };
    expect(issue((j) => ({ ...j, cards: [...j.cards, { id: 'x', column: 'roadmap', text: 'Nope' }] }))).toMatchObject({ path: 'cards[5].column' });
    expect(issue((j) => ({ ...j, cards: [...j.cards, { id: 'x', column: 'goal' }] }))).toMatchObject({ path: 'cards[5].text' });
    expect(issue((j) => ({ ...j, cards: [...j.cards, { column: 'goal', text: 'No id' }] }))).toMatchObject({ path: 'cards[5].id' });
    expect(issue((j) => ({ ...j, cards: [...j.cards, { id: 'x', column: 'goal', text: 'Late', status: 'maybe' }] }))).toMatchObject({ path: 'cards[5].status' });
    expect(issue((j) => ({ ...j, cards: [...j.cards, { id: 'x', column: 'goal', text: 'Ordered by hand', order: 'V' }] }))).toMatchObject({ path: 'cards[5].order' });
    expect(issue((j) => ({ ...j, cards: [...j.cards, { id: 'x', column: 'goal', text: 'Odd', colour: 'red' }] }))).toEqual({ path: 'cards[5].colour', message: 'unknown property' });
    expect(issue((j) => ({ ...j, links: [{ id: 'l1', from: 'n1', to: 'gone' }] }))).toEqual({ path: 'links[0].to', message: 'no such card' });
    expect(issue((j) => ({ ...j, commitments: [{ ...j.commitments[0], card: 'i1' }] }))).toEqual({ path: 'commitments[0].card', message: 'must be an initiative card' });
    expect(issue((j) => ({ ...j, commitments: [{ id: 'm1', card: 'n1', title: 'No owner', status: 'proposed' }] }))).toMatchObject({ path: 'commitments[0].owner' });
    expect(issue((j) => ({ ...j, board: { direction: 'rtl' } }))).toMatchObject({ path: 'board.title' });
    expect(issue((j) => ({ ...j, cards: undefined }))).toMatchObject({ path: 'cards' });
    expect(issue((j) => ({ ...j, format: undefined }))).toMatchObject({ path: 'format' });
  });
});
