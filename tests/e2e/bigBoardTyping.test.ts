/**
 * Typing on a big board stays local: a key press into a card re-renders that
 * card and the column it stands in, not the other cards, the other columns or
 * the page around the board (counted in the built client through React's
 * DevTools hook, tests/e2e/renderCounter.ts), and does so once typing pauses,
 * not at every key. What others see still follows, and so do the card's names.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCards } from '../../shared/doc/index.ts';
import { WINDOW_FROM } from '../../client/board/cardWindow.ts';
import { buildBoard } from '../bench/boardBuilder.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { boardLink, createWorkshop, e2eRoom, waitOnline } from './browser.ts';
import { countRenders, renders, resetRenders } from './renderCounter.ts';

const room = e2eRoom();
/** Every column longer than a window: the long-column path is the one measured. */
const CARDS = 6 * (WINDOW_FROM + 10);

describe('typing on a big board', () => {
  it('re-renders the card typed into and its column, nothing else', async () => {
    const board = await createWorkshop(room.server.url, 'Big board typing');
    const writer = connect(room.server.url, board.id, board.secrets.facilitator);
    await writer.synced;
    const built = buildBoard(CARDS);
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(built.doc));
    await waitFor(() => readCards(writer.doc).length >= CARDS, 'the big board stored');

    const context = await room.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Typist'));
      await countRenders(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(boardLink(room.server.url, board.id, board.secrets.participant));
      await waitOnline(page);
      const card = page.locator('section.column[data-column="goal"] .card-list > [data-card-id]').first();
      const field = card.getByRole('textbox', { name: /card text/i });
      await field.focus();
      await page.keyboard.press('Control+End');
      const id = await card.getAttribute('data-card-id');
      const before = await field.inputValue();
      await page.waitForTimeout(300);
      await resetRenders(page);

      await page.keyboard.type('xyz', { delay: 50 });
      await expect.poll(() => field.inputValue()).toBe(`${before}xyz`);
      // The typed text reached the server: another client reads it.
      await waitFor(() => readCards(writer.doc).find((c) => c.id === id)?.text === `${before}xyz`, 'the text synced');
      // The card and its column render again once typing pauses (session.ts).
      await expect.poll(async () => (await renders(page)).cards[id!] ?? 0).toBeGreaterThan(0);
      await page.waitForTimeout(300);

      const seen = await renders(page);
      expect(Object.keys(seen.cards)).toEqual([id]);
      expect(Object.keys(seen.columns)).toEqual(Object.keys(seen.columns).length ? ['goal'] : []);
      // The page around the board: neither the shell, nor the board view (its canvas), nor the link or presence layer rendered again.
      expect(Object.keys(seen.others).filter((name) => /board-shell|canvas|link-layer|presence-layer|column|card/.test(name))).toEqual([]);
      // Once for the three keys, not once per key: one key typed alone re-renders the card as much.
      await resetRenders(page);
      await page.keyboard.type('q');
      await expect.poll(async () => (await renders(page)).cards[id!] ?? 0).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      const oneKey = (await renders(page)).cards[id!]!;
      expect(seen.cards[id!]).toBeLessThan(3 * oneKey);
      // What else names the card follows the field once typing pauses, or at once when the field is left (the edit is
      // logged then, in an activity entry: a change of its own, not a typed one).
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Fresh words', { delay: 50 });
      await page.keyboard.press('Tab');
      expect(await card.getByRole('button', { name: /^Move card:/ }).getAttribute('aria-label')).toBe('Move card: Fresh words');
      expect(await card.getAttribute('aria-label')).toMatch(/card: Fresh words$/);
      await field.focus();
      await page.keyboard.press('End');
      await page.keyboard.type(' again', { delay: 50 });
      await expect.poll(() => card.getByRole('button', { name: /^Move card:/ }).getAttribute('aria-label')).toBe('Move card: Fresh words again');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      writer.destroy();
      built.doc.destroy();
    }
  });
});
