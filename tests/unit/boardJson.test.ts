/**
 * The board JSON format (`product-vcp` v1): export → import → export is stable,
 * and validation rejects bad input with the path of the first bad field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, exportBoardJson, importBoardJson, initBoard, putCommitment, validateBoardJson,
} from '../../shared/doc/index.ts';
import { addCheckIn, readCheckIns } from '../../shared/doc/review.ts';
import { groupCards, readGroups } from '../../shared/doc/ext-groups.ts';
import type { BoardJson } from '../../shared/schema.ts';
import { BUILD_ORIGIN } from '../../shared/doc/index.ts';

const LONG_TEXT = `${'Customers describe the weekly planning ritual in detail. '.repeat(170)}Ω`.slice(0, 9_990) + ' 👩‍👩‍👧🇸🇪';

/** A board using every feature of the format: all fields, Unicode, long text, links, commitments. */
function richBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Säljplan 2026 — «VCP» 🚀', direction: 'ltr', createdAt: Date.UTC(2026, 0, 12, 9, 30) });
  const at = (day: number) => Date.UTC(2026, 0, day, 10, 0, 0, 123);
  addCard(doc, { id: 'g1', column: 'goal', text: 'Grow NRR to 115% 📈', metric: 'Net revenue retention', author: 'Ana María', createdAt: at(12) });
  addCard(doc, { id: 'g2', column: 'goal', text: 'Churn < 9 %', createdAt: at(12), status: 'parked' });
  addCard(doc, { id: 's1', column: 'segment', text: 'Mittelstand (DACH) — 200–2.000 Mitarbeitende', createdAt: at(13) });
  addCard(doc, { id: 'v1', column: 'value', text: LONG_TEXT, author: '山田 太郎', createdAt: at(13) });
  addCard(doc, { id: 'v2', column: 'value', text: 'مرحبا — right-to-left value', createdAt: at(13), status: 'rejected' });
  addCard(doc, {
    id: 'b1', column: 'behaviour', text: 'Plan in the tool\nnot in spreadsheets', actor: 'Ops lead', current: 'Spreadsheets 📄', desired: 'Shared view every Monday', createdAt: at(14),
  });
  addCard(doc, {
    id: 'i1', column: 'indicator', text: 'Weekly active planners', definition: '≥3 of 4 weeks', unit: '% of accounts', direction: 'increase',
    baselineValue: 22.5, baselineAsOf: '2026-01-31', baselineSource: 'Amplitude', targetValue: 45, targetBy: '2026-09-30', createdAt: at(15),
  });
  addCard(doc, { id: 'i2', column: 'indicator', text: 'Days to first plan', direction: 'decrease', baselineValue: -0, targetValue: 7, createdAt: at(15) });
  addCard(doc, {
    id: 'n1', column: 'initiative', text: 'Spreadsheet import', initiativeType: 'delivery', function: 'product', confidence: 'medium', evidence: 'data', createdAt: at(16),
  });
  addCard(doc, { id: 'n2', column: 'initiative', text: 'Kick-off <script>alert(1)</script> & "quotes"', function: 'cs', createdAt: at(16) });
  addCard(doc, { id: 'n3', column: 'initiative', text: '', createdAt: at(16) });
  addLink(doc, 's1', 'g1', 'We believe mid-market expands 🌱', BUILD_ORIGIN, 'l1');
  addLink(doc, 'g2', 's1', '', BUILD_ORIGIN, 'l2');
  addLink(doc, 'v1', 's1', 'We believe… «quoted» ünïcödé', BUILD_ORIGIN, 'l3');
  addLink(doc, 'b1', 'v1', '', BUILD_ORIGIN, 'l4');
  addLink(doc, 'i1', 'b1', 'We believe weekly edits mean the plan lives here', BUILD_ORIGIN, 'l5');
  addLink(doc, 'i2', 'b1', '', BUILD_ORIGIN, 'l6');
  addLink(doc, 'n1', 'i1', 'We believe import removes the switching cost', BUILD_ORIGIN, 'l7');
  addLink(doc, 'n2', 'i2', '', BUILD_ORIGIN, 'l8');
  putCommitment(doc, {
    id: 'm1', card: 'n1', title: 'Ship the import 🚢', owner: 'Jonas Berg', contributors: ['Lea', 'Zoë'], due: '2026-06-30', checkpoint: '2026-04-30',
    status: 'agreed', indicators: ['i1'], definitionOfDone: 'Imported by 10 pilot accounts',
  });
  putCommitment(doc, { id: 'm2', card: 'n2', title: 'Kick-off plan', owner: 'Priya', contributors: [], due: '2027-01-15', status: 'proposed', indicators: [] });
  addCard(doc, { id: 'v3', column: 'value', text: 'Fewer status meetings', createdAt: at(13) });
  groupCards(doc, ['v1', 'v3'], 'Time back for teams ⏱');
  addCheckIn(doc, 'm1', { by: 'Jonas Berg', status: 'on-track', note: 'Pilot import live — 4 accounts 🎉', value: 27.5, indicator: 'i1', date: '2026-03-02' }, { now: at(60) });
  addCheckIn(doc, 'm1', { by: 'Zoë', status: 'at-risk', note: '', date: '2026-02-02' }, { now: at(33) });
  addCheckIn(doc, 'm2', { by: 'Priya', status: 'off-track', note: 'No kick-off date yet', date: '2026-03-02' }, { now: at(61) });
  return doc;
}

function importToDoc(json: BoardJson): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, importBoardJson(json));
  return doc;
}

/** Export → JSON text → validate → import → export under a new board id. */
function roundTrip(json: BoardJson, newId: string): BoardJson {
  const checked = validateBoardJson(JSON.parse(JSON.stringify(json)));
  if (!checked.ok) throw new Error(`${checked.issue.path}: ${checked.issue.message}`);
  return exportBoardJson(importToDoc(checked.value), newId);
}

function withBoardId(json: BoardJson, id: string): BoardJson {
  return { ...json, board: { ...json.board, id } };
}

describe('export → import → export', () => {
  it('gives identical JSON (but for the board id) for a rich board', () => {
    const first = exportBoardJson(richBoard(), 'board-one');
    expect(validateBoardJson(first).ok).toBe(true);
    const second = roundTrip(first, 'board-two');
    expect(JSON.stringify(second)).toBe(JSON.stringify(withBoardId(first, 'board-two')));
    expect(JSON.stringify(roundTrip(second, 'board-one'))).toBe(JSON.stringify(first));
  });

  it('keeps what the rich board holds', () => {
    const json = exportBoardJson(richBoard(), 'board-one');
    expect(json.board).toEqual({ id: 'board-one', title: 'Säljplan 2026 — «VCP» 🚀', direction: 'ltr', createdAt: '2026-01-12T09:30:00.000Z' });
    expect(json.cards.map((c) => c.id)).toEqual(['g1', 'g2', 's1', 'v1', 'v2', 'v3', 'b1', 'i1', 'i2', 'n1', 'n2', 'n3']);
    expect(json.cards.find((c) => c.id === 'v1')?.text).toBe(LONG_TEXT);
    expect(json.cards.find((c) => c.id === 'i1')).toEqual({
      id: 'i1', column: 'indicator', text: 'Weekly active planners', order: expect.any(String), createdAt: '2026-01-15T10:00:00.123Z', status: 'active',
      definition: '≥3 of 4 weeks', unit: '% of accounts', direction: 'increase', baselineValue: 22.5, baselineAsOf: '2026-01-31',
      baselineSource: 'Amplitude', targetValue: 45, targetBy: '2026-09-30',
    });
    expect(json.links.find((l) => l.id === 'l2')).toEqual({ id: 'l2', from: 's1', to: 'g2' });
    expect(json.commitments[0]).toMatchObject({ id: 'm1', trace: ['g1', 'g2', 's1', 'v1', 'b1', 'i1'] });
    expect(json.commitments[1]).toMatchObject({ id: 'm2', trace: ['g1', 'g2', 's1', 'v1', 'b1', 'i2'] });
    expect(json.commitments[1]).not.toHaveProperty('checkpoint');
    // Check-ins, by date: the history behind the review chart travels with the board.
    expect(json.checkIns?.map((c) => [c.commitment, c.date, c.status])).toEqual([
      ['m1', '2026-02-02', 'at-risk'], ['m1', '2026-03-02', 'on-track'], ['m2', '2026-03-02', 'off-track'],
    ]);
    expect(json.checkIns?.[1]).toEqual({
      id: expect.any(String), commitment: 'm1', by: 'Jonas Berg', status: 'on-track', note: 'Pilot import live — 4 accounts 🎉', value: 27.5, indicator: 'i1',
      date: '2026-03-02', at: '2026-03-01T10:00:00.123Z',
    });
  });

  it('carries clusters of cards: id, label, column and members', () => {
    const original = richBoard();
    const json = exportBoardJson(original, 'board-one');
    expect(json.groups).toEqual([{ id: expect.any(String), label: 'Time back for teams ⏱', column: 'value', cards: ['v1', 'v3'] }]);
    expect(readGroups(importToDoc(json))).toEqual(readGroups(original));
  });

  it('imports check-ins as they were: ids, values and recording times', () => {
    const original = richBoard();
    const imported = importToDoc(exportBoardJson(original, 'board-one'));
    expect(readCheckIns(imported)).toEqual(readCheckIns(original));
    expect(readCheckIns(imported, 'm1')).toHaveLength(2);
  });

  it('round-trips a column where hundreds of cards were inserted at the same spot (long order keys)', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Brainstorm', direction: 'rtl', createdAt: Date.UTC(2026, 0, 1) });
    const top = addCard(doc, { column: 'value', text: 'Top' });
    addCard(doc, { column: 'value', text: 'Bottom' });
    for (let i = 0; i < 1_000; i++) addCard(doc, { column: 'value', text: `Idea ${i}`, after: top });
    const json = exportBoardJson(doc, 'board-long');
    expect(Math.max(...json.cards.map((c) => c.order.length))).toBeGreaterThan(150);
    const again = roundTrip(json, 'board-long');
    expect(again.cards.map((c) => c.text)).toEqual(json.cards.map((c) => c.text));
    expect(again.cards[1]?.text).toBe('Idea 999');
  });

  it('a board without check-ins exports without the key', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Empty', direction: 'rtl', createdAt: Date.UTC(2026, 0, 1) });
    expect(exportBoardJson(doc, 'board-empty')).not.toHaveProperty('checkIns');
  });

  it('the example fixture validates and round-trips', () => {
    const fixture: unknown = JSON.parse(readFileSync(new URL('../fixtures/boards/example-v1.json', import.meta.url), 'utf8'));
    const checked = validateBoardJson(fixture);
    expect(checked.ok ? 'ok' : checked.issue).toBe('ok');
    if (!checked.ok) return;
    expect(checked.value.cards.length).toBeGreaterThan(20);
    expect(roundTrip(checked.value, 'imported-board')).toEqual(withBoardId(checked.value, 'imported-board'));
  });
});

describe('validateBoardJson rejects bad input with the path of the first bad field', () => {
  const valid = (): BoardJson => exportBoardJson(richBoard(), 'board-one');
  /** Mutable plain copy of the valid board, for breaking it. */
  const copy = (): Record<string, unknown> & BoardJson => JSON.parse(JSON.stringify(valid()));
  const cardIndex = (json: BoardJson, id: string) => json.cards.findIndex((c) => c.id === id);
  const issueOf = (input: unknown) => {
    const checked = validateBoardJson(input);
    return checked.ok ? 'ok' : checked.issue;
  };

  it('unknown property at the root, in the board, in a card, in a link, in a commitment', () => {
    expect(issueOf({ ...copy(), extra: 1 })).toEqual({ path: 'extra', message: 'unknown property' });
    const board = copy();
    (board.board as unknown as Record<string, unknown>).owner = 'x';
    expect(issueOf(board)).toMatchObject({ path: 'board.owner' });
    const json = copy();
    (json.cards[3] as unknown as Record<string, unknown>).colour = 'red';
    expect(issueOf(json)).toEqual({ path: 'cards[3].colour', message: 'unknown property' });
    const link = copy();
    (link.links[1] as unknown as Record<string, unknown>).weight = 2;
    expect(issueOf(link)).toMatchObject({ path: 'links[1].weight' });
    const commitment = copy();
    (commitment.commitments[0] as unknown as Record<string, unknown>).budget = 5;
    expect(issueOf(commitment)).toMatchObject({ path: 'commitments[0].budget' });
  });

  it('bad column, bad column list, bad board id', () => {
    const json = copy();
    (json.cards[2] as { column: string }).column = 'roadmap';
    expect(issueOf(json)).toMatchObject({ path: 'cards[2].column' });
    const columns = copy();
    columns.columns.reverse();
    expect(issueOf(columns)).toMatchObject({ path: 'columns[0].id' });
    const board = copy();
    board.board.id = 'no spaces allowed';
    expect(issueOf(board)).toMatchObject({ path: 'board.id' });
  });

  it('duplicate ids, among cards and across cards and links', () => {
    const json = copy();
    json.cards[1]!.id = json.cards[0]!.id;
    expect(issueOf(json)).toEqual({ path: 'cards[1].id', message: 'duplicate id' });
    const link = copy();
    link.links[0]!.id = 'g1';
    expect(issueOf(link)).toEqual({ path: 'links[0].id', message: 'duplicate id' });
  });

  it('links to a missing card, between non-neighbouring columns, pointing away from the goal, or duplicated', () => {
    const missing = copy();
    missing.links[2]!.to = 'nope';
    expect(issueOf(missing)).toEqual({ path: 'links[2].to', message: 'no such card' });
    const missingFrom = copy();
    missingFrom.links[0]!.from = 'gone';
    expect(issueOf(missingFrom)).toEqual({ path: 'links[0].from', message: 'no such card' });
    const skip = copy();
    const l7 = skip.links.findIndex((l) => l.id === 'l7');
    skip.links[l7]!.to = 'b1'; // initiative → behaviour skips the indicator column
    expect(issueOf(skip)).toMatchObject({ path: `links[${l7}].to` });
    const reversed = copy();
    reversed.links[0] = { id: 'l1', from: 'g1', to: 's1' };
    expect(issueOf(reversed)).toMatchObject({ path: 'links[0].to' });
    const duplicate = copy();
    duplicate.links.push({ id: 'l99', from: 's1', to: 'g1' });
    expect(issueOf(duplicate)).toEqual({ path: `links[${duplicate.links.length - 1}]`, message: 'duplicate link' });
  });

  it('a card field that does not apply to the card’s column', () => {
    const json = copy();
    const n1 = cardIndex(json, 'n1');
    (json.cards[n1] as Record<string, unknown>).metric = 'ARR';
    expect(issueOf(json)).toEqual({ path: `cards[${n1}].metric`, message: 'does not apply to initiative cards' });
    const goal = copy();
    (goal.cards[0] as Record<string, unknown>).actor = 'CEO';
    expect(issueOf(goal)).toMatchObject({ path: 'cards[0].actor' });
  });

  it('a commitment on a non-initiative card, or with a success indicator that is no indicator card', () => {
    const json = copy();
    json.commitments[0]!.card = 'i1';
    expect(issueOf(json)).toEqual({ path: 'commitments[0].card', message: 'must be an initiative card' });
    const missing = copy();
    missing.commitments[1]!.card = 'nope';
    expect(issueOf(missing)).toMatchObject({ path: 'commitments[1].card' });
    const indicator = copy();
    indicator.commitments[0]!.indicators = ['i1', 'b1'];
    expect(issueOf(indicator)).toMatchObject({ path: 'commitments[0].indicators[1]' });
  });

  it('bad dates and timestamps', () => {
    const due = copy();
    due.commitments[0]!.due = '2026-02-30';
    expect(issueOf(due)).toMatchObject({ path: 'commitments[0].due' });
    const checkpoint = copy();
    checkpoint.commitments[0]!.checkpoint = '30.04.2026';
    expect(issueOf(checkpoint)).toMatchObject({ path: 'commitments[0].checkpoint' });
    const baseline = copy();
    const i1 = cardIndex(baseline, 'i1');
    (baseline.cards[i1] as Record<string, unknown>).baselineAsOf = '2026-13-01';
    expect(issueOf(baseline)).toMatchObject({ path: `cards[${i1}].baselineAsOf` });
    const created = copy();
    created.cards[4]!.createdAt = 'yesterday';
    expect(issueOf(created)).toMatchObject({ path: 'cards[4].createdAt' });
  });

  it('a `__proto__` key is rejected and never pollutes Object.prototype', () => {
    const text = JSON.stringify(valid());
    const inCard = JSON.parse(text.replace('{"id":"g1"', '{"__proto__":{"polluted":"yes","column":"goal"},"id":"g1"'));
    expect(Object.prototype.hasOwnProperty.call(inCard.cards[0], '__proto__')).toBe(true);
    expect(issueOf(inCard)).toEqual({ path: 'cards[0].__proto__', message: 'unknown property' });
    const atRoot = JSON.parse(`{"__proto__":{"polluted":"yes"},${text.slice(1)}`);
    expect(issueOf(atRoot)).toEqual({ path: '__proto__', message: 'unknown property' });
    const asId = JSON.parse(text.replaceAll('"g1"', '"__proto__"'));
    expect(issueOf(asId)).toMatchObject({ path: 'cards[0].id' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('wrong format, wrong version, not an object', () => {
    expect(issueOf({ ...copy(), format: 'trello' })).toMatchObject({ path: 'format' });
    expect(issueOf({ ...copy(), version: 2 })).toMatchObject({ path: 'version' });
    expect(issueOf({ ...copy(), version: '1' })).toMatchObject({ path: 'version' });
    const { version: _version, ...noVersion } = copy();
    expect(issueOf(noVersion)).toMatchObject({ path: 'version' });
    expect(issueOf(null)).toMatchObject({ path: '(root)' });
    expect(issueOf([])).toMatchObject({ path: '(root)' });
  });

  it('a check-in on a missing commitment, for an indicator the commitment does not have, duplicated, or malformed', () => {
    let json = copy();
    json.checkIns![0]!.commitment = 'nope';
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[0].commitment' });
    json = copy();
    json.checkIns![1]!.indicator = 'i2';
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[1].indicator' });
    json = copy();
    json.checkIns![2]!.id = json.checkIns![0]!.id;
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[2].id', message: 'duplicate id' });
    json = copy();
    (json.checkIns![0] as Record<string, unknown>).status = 'fine';
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[0].status' });
    json = copy();
    (json.checkIns![0] as Record<string, unknown>).value = 'high';
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[0].value' });
    json = copy();
    (json.checkIns![0] as Record<string, unknown>).extra = 1;
    expect(issueOf(json)).toMatchObject({ path: 'checkIns[0].extra' });
  });

  it('a group with a missing card, a card of another column, a card in two groups, or one card', () => {
    let json = copy();
    json.groups![0]!.cards[1] = 'nope';
    expect(issueOf(json)).toMatchObject({ path: 'groups[0].cards[1]', message: 'no such card' });
    json = copy();
    json.groups![0]!.cards[1] = 'g1';
    expect(issueOf(json)).toMatchObject({ path: 'groups[0].cards[1]' });
    json = copy();
    json.groups!.push({ id: 'second', label: 'Again', column: 'value', cards: ['v3', 'v2'] });
    expect(issueOf(json)).toMatchObject({ path: 'groups[1].cards[0]', message: 'already in a group' });
    json = copy();
    json.groups![0]!.cards = ['v1'];
    expect(issueOf(json)).toMatchObject({ path: 'groups[0].cards' });
  });

  it('the unchanged board is valid', () => {
    expect(issueOf(copy())).toBe('ok');
  });
});
