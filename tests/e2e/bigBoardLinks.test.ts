/**
 * On a big board the canvas draws only the trace links whose curve can cross
 * the screen (plus a margin: client/board/drawnLinks.ts): links between cards
 * far off screen are not in the page until the canvas pans or zooms to them,
 * a link from a card on screen to one far away is drawn, and every link stays
 * listed in its cards' details. Drawn links follow their cards: a card that
 * grows, a new link, a card moved.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard as writeCard, addLink, sortedCards } from '../../shared/doc/index.ts';
import { WINDOW_FROM } from '../../client/board/cardWindow.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { bringIntoView, column, createWorkshop, e2eRoom, keyboardSensorListening, poll } from './browser.ts';

const room = e2eRoom();
/** Cards in each of two neighbouring columns (Customer value and Segments), both long enough to be windowed. */
const CARDS = 150;
const pad = (i: number) => String(i).padStart(3, '0');
const valueText = (i: number) => `Value ${pad(i)}`;
const segmentText = (i: number) => `Segment ${pad(i)}`;
/** Value i → Segment i, its assumption "Link i". */
const LINKED = [1, 2, 3, 75, 120, 148, 149, 150];
/** Value 1 at the top → Segment 150 at the bottom: from a card on screen to one far away. */
const LONG = 'Long link';

/** A board of `cards` cards in each of Customer value and Segments, linked at `linked`, and the long link. */
async function linkedBoard(title: string, cards = CARDS, linked = LINKED) {
  const board = await createWorkshop(room.server.url, title);
  const writer = connect(room.server.url, board.id, board.secrets.facilitator);
  await writer.synced;
  const values: string[] = [];
  const segments: string[] = [];
  writer.doc.transact(() => {
    for (let i = 1; i <= cards; i++) values.push(writeCard(writer.doc, { column: 'value', text: valueText(i) }));
    for (let i = 1; i <= cards; i++) segments.push(writeCard(writer.doc, { column: 'segment', text: segmentText(i) }));
    for (const i of linked) addLink(writer.doc, values[i - 1]!, segments[i - 1]!, `Link ${i}`);
    addLink(writer.doc, values[0]!, segments[cards - 1]!, LONG);
  });
  await waitFor(() => sortedCards(writer.doc, 'segment').length === cards, 'the board stored');
  return { board, writer, values, segments };
}

const card = (page: Page, columnTitle: string, text: string) => column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });
const valueCard = (page: Page, i: number) => card(page, 'Customer value', valueText(i));
const segmentCard = (page: Page, i: number) => card(page, 'Segments', segmentText(i));

/** The assumptions of the links drawn, sorted. */
const drawn = (page: Page) => page.locator('.link-line > title').allTextContents().then((titles) => titles.sort());

/** Whether a card is rendered and on screen (its middle inside the page's viewport). */
async function onScreen(page: Page, text: string): Promise<boolean> {
  return page.evaluate((name) => {
    const el = [...document.querySelectorAll('.card-list > [data-card-id]')].find((e) => e.getAttribute('aria-label')?.endsWith(`card: ${name}`));
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const mid = r.top + r.height / 2;
    return mid > 0 && mid < innerHeight;
  }, text);
}

/** Pans the canvas down with the mouse wheel until the card with `text` is on screen. */
async function panDownTo(page: Page, text: string): Promise<void> {
  for (let i = 0; i < 200 && !(await onScreen(page, text)); i++) await page.mouse.wheel(0, 300);
  expect(await onScreen(page, text)).toBe(true);
}

/** Where a drawn link starts and ends, and the facing edges' middles of its two cards, in board coordinates. */
async function linkAndCards(page: Page, assumption: string, from: string, to: string) {
  return page.evaluate(([title, a, b]) => {
    const content = document.querySelector<HTMLElement>('.canvas-content')!;
    const zoom = Number(/scale\(([\d.]+)\)/.exec(content.style.transform)![1]);
    const origin = content.getBoundingClientRect();
    const place = (name: string) => {
      const el = [...document.querySelectorAll('.card-list > [data-card-id]')].find((e) => e.getAttribute('aria-label')?.endsWith(`card: ${name}`))!;
      const r = el.getBoundingClientRect();
      return { left: (r.left - origin.left) / zoom, right: (r.right - origin.left) / zoom, middle: (r.top + r.height / 2 - origin.top) / zoom };
    };
    const path = [...document.querySelectorAll('.link-line')].find((p) => p.querySelector('title')?.textContent === title)!;
    const n = path.getAttribute('d')!.match(/-?[\d.]+/g)!.map(Number);
    return { start: { x: n[0]!, y: n[1]! }, end: { x: n[6]!, y: n[7]! }, from: place(a), to: place(b) };
  }, [assumption, from, to] as const);
}

/** The link leaves its Customer value card's left edge and enters its segment's right edge (the board runs right to left). */
async function expectAttached(page: Page, assumption: string, from: string, to: string): Promise<void> {
  await poll(async () => {
    const { start, end, from: a, to: b } = await linkAndCards(page, assumption, from, to);
    return [start.x - a.right, start.y - a.middle, end.x - b.left, end.y - b.middle].every((d) => Math.abs(d) < 1.5)
      || [start.x - a.left, start.y - a.middle, end.x - b.right, end.y - b.middle].every((d) => Math.abs(d) < 1.5);
  }).toBe(true);
}

describe('trace links on a big board', () => {
  it('draws the links near the screen, and the others as the canvas pans and zooms to them', async () => {
    expect(CARDS).toBeGreaterThan(WINDOW_FROM);
    const { board } = await linkedBoard('Big board links');
    const page = await room.person(board, board.secrets.participant, { name: 'Ana' });
    await valueCard(page, 1).waitFor();
    await bringIntoView(valueCard(page, 1));
    expect(await onScreen(page, valueText(1))).toBe(true);

    // At the top: the links there, and the long one (its curve leaves the screen downward); not the far ones.
    await poll(() => drawn(page)).toEqual(['Link 1', 'Link 2', 'Link 3', LONG]);
    expect(await page.locator('.link-line').count()).toBe(4);
    expect(await page.locator('svg.link-layer').getAttribute('aria-hidden')).toBe('true');

    // Halfway down: both ends of the long link are off screen, its curve crosses the screen.
    await page.mouse.move(640, 500);
    await panDownTo(page, valueText(75));
    await poll(() => drawn(page)).toEqual(['Link 75', LONG]);
    expect(await onScreen(page, valueText(1))).toBe(false);
    expect(await onScreen(page, segmentText(CARDS))).toBe(false);

    // At the bottom: the far links, the long one ending at its (now rendered) card.
    await panDownTo(page, valueText(CARDS));
    await poll(() => drawn(page)).toEqual(['Link 148', 'Link 149', 'Link 150', LONG]);
    await expectAttached(page, LONG, valueText(1), segmentText(CARDS));
    await expectAttached(page, 'Link 150', valueText(CARDS), segmentText(CARDS));

    // Zoomed out to a quarter, the canvas shows a good part of the columns: the links there too, not those far above.
    for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: /^Zoom 25%/ }).waitFor();
    await poll(() => drawn(page)).toEqual(['Link 120', 'Link 148', 'Link 149', 'Link 150', LONG]);

    // Every link is listed in its card's details, drawn or not.
    await bringIntoView(segmentCard(page, CARDS));
    await page.getByRole('button', { name: `Details of card: ${segmentText(CARDS)}` }).click();
    const details = page.getByRole('complementary', { name: 'Card details' });
    await details.getByRole('button', { name: `Open linked card: ${valueText(1)}` }).waitFor();
    await details.getByRole('button', { name: `Open linked card: ${valueText(CARDS)}` }).waitFor();
    expect(room.errors).toEqual([]);
  });

  it('does the same where every card is rendered (columns too short to be windowed)', async () => {
    const short = WINDOW_FROM - 5;
    const { board } = await linkedBoard('Board of short columns, links', short, [1, 2, short]);
    const page = await room.person(board, board.secrets.participant, { name: 'Cy' });
    await valueCard(page, 1).waitFor();
    await bringIntoView(valueCard(page, 1));
    expect(await column(page, 'Customer value').locator('.card-list > [data-card-id]').count()).toBe(short);
    await poll(() => drawn(page)).toEqual(['Link 1', 'Link 2', LONG]);
    await page.mouse.move(640, 500);
    await panDownTo(page, valueText(short));
    await poll(() => drawn(page)).toEqual([`Link ${short}`, LONG]);
    await expectAttached(page, `Link ${short}`, valueText(short), segmentText(short));
    expect(room.errors).toEqual([]);
  });

  it('keeps the drawn links on their cards: a card that grows, a new link, a card moved', async () => {
    const { board, writer, values, segments } = await linkedBoard('Big board links follow');
    const page = await room.person(board, board.secrets.participant, { name: 'Ben' });
    await valueCard(page, 1).waitFor();
    await bringIntoView(valueCard(page, 1));
    await poll(() => drawn(page)).toContain('Link 2');
    await expectAttached(page, 'Link 2', valueText(2), segmentText(2));

    // Value 1 grows: Value 2 below it moves down, and its link with it.
    const before = await linkAndCards(page, 'Link 2', valueText(2), segmentText(2));
    const text = valueCard(page, 1).getByRole('textbox', { name: 'Card text' });
    await text.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' and a good many more words, enough to wrap onto several more lines of the card');
    await poll(async () => (await linkAndCards(page, 'Link 2', valueText(2), segmentText(2))).from.middle).toBeGreaterThan(before.from.middle + 10);
    await expectAttached(page, 'Link 2', valueText(2), segmentText(2));
    await page.keyboard.press('Escape');

    // Someone links two cards on screen: drawn.
    addLink(writer.doc, values[3]!, segments[4]!, 'New link');
    await poll(() => drawn(page)).toContain('New link');
    await expectAttached(page, 'New link', valueText(4), segmentText(5));

    // Value 2 moved down two places with the keyboard: its link follows it.
    await page.getByRole('button', { name: `Move card: ${valueText(2)}` }).focus();
    await page.keyboard.press('Space');
    await keyboardSensorListening(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await waitFor(() => sortedCards(writer.doc, 'value')[3]?.text === valueText(2), 'the move stored');
    await expectAttached(page, 'Link 2', valueText(2), segmentText(2));
    expect(await drawn(page)).toContain('Link 2');
    expect(room.errors).toEqual([]);
  });
});
