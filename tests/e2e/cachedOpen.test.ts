/**
 * Opening a board this browser holds already: the websocket opens while the
 * browser's copy loads (client/sync/socketGate.ts), yet the sync starts from
 * the loaded copy, so the server sends only what the browser lacks (a card
 * written meanwhile), not the whole board again; and what this browser wrote
 * while its copy loaded still reaches everyone. A board this browser knows
 * opens before the server has confirmed the link, and a link the server then
 * refuses ends on the refusal.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { buildBoard } from '../bench/boardBuilder.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { boardLink, column, createWorkshop, e2eRoom, waitOnline } from './browser.ts';

const room = e2eRoom();
const CARDS = 400;

/** Sizes of the frames the page receives on the board's websocket (not the control document's). */
function boardFrames(page: Page): number[] {
  const sizes: number[] = [];
  page.on('websocket', (socket) => {
    if (/\/control|\/draft/.test(socket.url())) return;
    socket.on('framereceived', (frame) => sizes.push(typeof frame.payload === 'string' ? frame.payload.length : frame.payload.byteLength));
  });
  return sizes;
}

describe('opening a board held in this browser', () => {
  it('connects while the copy loads and receives only what it lacks', async () => {
    const board = await createWorkshop(room.server.url, 'Cached board');
    const writer = connect(room.server.url, board.id, board.secrets.facilitator);
    await writer.synced;
    const built = buildBoard(CARDS);
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(built.doc));
    await waitFor(() => readCards(writer.doc).length >= CARDS, 'the board stored');

    const context = await room.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Returning'));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const firstOpen = boardFrames(page);
      await page.goto(boardLink(room.server.url, board.id, board.secrets.participant));
      await waitOnline(page);
      await page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached' });
      const count = () => page.locator('.column-count').evaluateAll((els) => els.reduce((sum, e) => sum + Number(e.textContent), 0));
      await expect.poll(count).toBe(CARDS);
      const wholeBoard = Math.max(...firstOpen);

      // While the page is away, someone adds a card.
      addCard(writer.doc, { column: 'goal', text: 'Written while the page was closed' });
      const reopened = boardFrames(page);
      await page.reload();
      await waitOnline(page);
      await expect.poll(count).toBe(CARDS + 1);
      // Only the new card came down: far less than the board the first open received.
      expect(reopened.length).toBeGreaterThan(0);
      expect(Math.max(...reopened)).toBeLessThan(wholeBoard / 20);

      // Written right after the reload, while the copy may still be loading: it reaches the server.
      await page.reload();
      const add = page.getByRole('button', { name: 'Add card to Business goals' });
      await add.focus();
      await add.click();
      await page.keyboard.type('Typed on arrival');
      await page.keyboard.press('Escape');
      await waitFor(() => readCards(writer.doc).some((c) => c.text === 'Typed on arrival'), 'the card typed on arrival synced');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      writer.destroy();
      built.doc.destroy();
    }
  });

  it('shows a board it knows while the server confirms the link, and a refused link ends on the refusal', async () => {
    const board = await createWorkshop(room.server.url, 'Known board', true);
    // Holding a request back needs it routed: Playwright does not route what a service worker
    // handles, and whether the app's worker controls the page yet is a race. This test is
    // about the browser's copy in IndexedDB and the access answer, not the offline shell.
    const context = await room.browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    // A step that hangs fails on its own, named, before the test's time is up.
    context.setDefaultTimeout(10_000);
    try {
      await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Returning'));
      const page = await context.newPage();
      await page.goto(boardLink(room.server.url, board.id, board.secrets.participant));
      await waitOnline(page);
      const goals = column(page, 'Business goals').getByRole('textbox', { name: 'Card text' });
      await expect.poll(() => goals.count()).toBeGreaterThan(0);

      // The server's answer about the link is held back: the board opens from what this browser knows.
      // Every such request waits for the release, one made late too (none is left hanging).
      const held: Promise<void>[] = [];
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(`**/api/boards/${board.id}`, (route) => {
        const passed = released.then(() => route.continue());
        held.push(passed);
        return passed;
      });
      await page.goto(`${room.server.url}/b/${board.id}`);
      await expect.poll(() => goals.count()).toBeGreaterThan(0);
      expect(held.length).toBeGreaterThan(0);
      release();
      await Promise.all(held);
      await page.unroute(`**/api/boards/${board.id}`);
      await waitOnline(page);

      // A remembered secret the server refuses: the page ends on the refusal.
      await page.evaluate((id) => {
        const key = `vcp.board.${id}`;
        localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key)!), secret: 'not-the-secret-of-this-board' }));
      }, board.id);
      await page.goto(`${room.server.url}/b/${board.id}`);
      // It had opened the board with this key before: the key stopped working (a reset link, most likely).
      await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
      await page.getByText(/The facilitator may have reset it/).waitFor();
    } finally {
      await context.close();
    }
  });
});
