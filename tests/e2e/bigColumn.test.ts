/**
 * A long column renders only the cards near the screen (client/board/cardWindow.ts),
 * and nothing else changes for the people using it: every card counted, listed
 * in the outline and linked; panning and keyboard focus bring the others in; a
 * pointer drag lands where it is dropped among all the column's cards.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard as writeCard, addLink, sortedCards } from '../../shared/doc/index.ts';
import { WINDOW_FROM } from '../../client/board/cardWindow.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { bringIntoView, column, createWorkshop, e2eRoom } from './browser.ts';

const room = e2eRoom();
const CARDS = 150;
const label = (i: number) => `Value ${String(i).padStart(3, '0')}`;

/** A board whose Customer value column holds CARDS cards, the first and the last linked to one segment. */
async function longColumnBoard(title: string) {
  const board = await createWorkshop(room.server.url, title);
  const writer = connect(room.server.url, board.id, board.secrets.facilitator);
  await writer.synced;
  const ids: string[] = [];
  writer.doc.transact(() => {
    for (let i = 1; i <= CARDS; i++) ids.push(writeCard(writer.doc, { column: 'value', text: label(i) }));
    const segment = writeCard(writer.doc, { column: 'segment', text: 'Far segment' });
    addLink(writer.doc, ids[0]!, segment);
    addLink(writer.doc, ids[CARDS - 1]!, segment);
  });
  const reader = connect(room.server.url, board.id, board.secrets.viewer);
  await waitFor(() => sortedCards(reader.doc, 'value').length === CARDS, 'the long column stored');
  return { board, reader, order: () => sortedCards(reader.doc, 'value').map((c) => c.text) };
}

const cardItem = (page: Page, text: string) => column(page, 'Customer value').getByRole('listitem', { name: `Customer value card: ${text}` });
const rendered = (page: Page) => column(page, 'Customer value').locator('.card-list > [data-card-id]').count();

describe('a long column', () => {
  it('renders the cards near the screen, yet counts, lists and links every card', async () => {
    expect(CARDS).toBeGreaterThan(WINDOW_FROM);
    const { board } = await longColumnBoard('Long column');
    const page = await room.person(board, board.secrets.participant, { name: 'Ana' });
    await cardItem(page, label(1)).waitFor();
    await expect.poll(() => column(page, 'Customer value').getByLabel(`${CARDS} cards`).count()).toBe(1);
    const shown = await rendered(page);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(CARDS / 2);
    expect(await cardItem(page, label(CARDS)).count()).toBe(0);
    // Both links are drawn, the one to the card not rendered too.
    await expect.poll(() => page.locator('.link-line').count()).toBe(2);

    await page.getByRole('button', { name: 'Outline' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: /^Customer value card: Value \d{3}$/ }).count()).toBe(CARDS);
    expect(room.errors).toEqual([]);
  });

  it('brings the other cards in as the canvas pans and as keyboard focus moves on', async () => {
    const { board } = await longColumnBoard('Long column, pan and Tab');
    const page = await room.person(board, board.secrets.participant, { name: 'Ben' });
    await cardItem(page, label(1)).waitFor();
    const first = await rendered(page);

    // Panning down with the wheel, as far as the end of the column.
    await bringIntoView(cardItem(page, label(1)));
    const box = (await column(page, 'Customer value').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, 400);
    for (let i = 0; i < 80 && (await cardItem(page, label(CARDS)).count()) === 0; i++) await page.mouse.wheel(0, 600);
    await cardItem(page, label(CARDS)).waitFor();
    // Far behind now, unless it holds the focus (the first card does: it stays, alone, so focus is never lost).
    expect(await cardItem(page, label(2)).count()).toBe(0);
    expect(await cardItem(page, label(1)).count()).toBe(1);
    expect(await rendered(page)).toBeLessThan(CARDS / 2);

    // Tab from the first card onward reaches cards far past the first window.
    await page.getByRole('button', { name: `Move card: ${label(1)}` }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: `Move card: ${label(1)}` }).focus();
    const focusedIndex = () => page.evaluate(() => {
      const text = document.activeElement?.closest('[data-card-id]')?.querySelector('textarea')?.value ?? '';
      return /^Value (\d{3})$/.test(text) ? Number(text.slice(6)) : 0;
    });
    for (let i = 0; i < 400 && (await focusedIndex()) <= first + 10; i++) await page.keyboard.press('Tab');
    expect(await focusedIndex()).toBeGreaterThan(first + 10);
    expect(room.errors).toEqual([]);
  });

  it('drops a dragged card where it is let go, counted among all the column’s cards', async () => {
    const { board, order } = await longColumnBoard('Long column, drag');
    const page = await room.person(board, board.secrets.participant, { name: 'Cleo' });
    await cardItem(page, label(1)).waitFor();
    // Far down the column, where the cards above are not rendered.
    const box = (await column(page, 'Customer value').boundingBox())!;
    await bringIntoView(cardItem(page, label(1)));
    await page.mouse.move(box.x + box.width / 2, 400);
    for (let i = 0; i < 80 && (await cardItem(page, label(47)).count()) === 0; i++) await page.mouse.wheel(0, 300);
    await bringIntoView(cardItem(page, label(45)));
    expect(await cardItem(page, label(2)).count()).toBe(0);

    const handle = (await page.getByRole('button', { name: `Move card: ${label(45)}` }).boundingBox())!;
    const above = (await cardItem(page, label(47)).boundingBox())!;
    const below = (await cardItem(page, label(48)).boundingBox())!;
    const [x0, y0] = [handle.x + handle.width / 2, handle.y + handle.height / 2];
    const y1 = (above.y + above.height + below.y) / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(x0 + 20 * Math.sin(i), y0 + ((y1 - y0) * i) / 12);
    await expect.poll(() => page.locator('.drop-indicator').count()).toBe(1);
    await page.mouse.up();

    await expect.poll(() => order().slice(42, 48)).toEqual([label(43), label(44), label(46), label(47), label(45), label(48)]);
    expect(order()).toHaveLength(CARDS);
    expect(room.errors).toEqual([]);
  });

  it('shows every card on the phone’s full board, which scrolls the page instead of panning a canvas', async () => {
    const { board } = await longColumnBoard('Long column, phone');
    const page = await room.person(board, board.secrets.participant, { name: 'Dee', width: 390, height: 844 });
    await page.getByRole('button', { name: 'Open the full board' }).click();
    await expect.poll(() => rendered(page), { timeout: 15_000 }).toBe(CARDS);
    expect(room.errors).toEqual([]);
  });

  it('finds any card by its words (Ctrl+K) and takes the keyboard to it, rendered or not', async () => {
    const { board } = await longColumnBoard('Long column, find');
    const page = await room.person(board, board.secrets.participant, { name: 'Cy' });
    await cardItem(page, label(1)).waitFor();
    expect(await cardItem(page, label(CARDS - 3)).count()).toBe(0);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Find a card' });
    const field = dialog.getByRole('combobox', { name: 'Words of the card' });
    await field.fill('value 14');
    // Every word counts, in any place: Value 014, 114 and 140 … 149, in board order; the arrow keys move through them.
    await expect.poll(() => dialog.getByRole('option').count()).toBe(12);
    await dialog.getByRole('status').getByText('12 cards').waitFor();
    for (let i = 0; i < 4; i++) await field.press('ArrowDown');
    expect(await dialog.getByRole('option', { selected: true }).textContent()).toContain(label(142));
    await field.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const text = cardItem(page, label(142)).getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => text.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = (await text.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    // The top bar's button opens it too; no match says so.
    await page.getByRole('button', { name: 'Find a card' }).click();
    await dialog.getByRole('combobox', { name: 'Words of the card' }).fill('nothing like this');
    await dialog.getByRole('status').getByText('No card has these words').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(room.errors).toEqual([]);
  });
});
