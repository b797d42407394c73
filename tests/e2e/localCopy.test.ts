/**
 * The browser's copy of a board while someone types a lot: every change is
 * stored as it happens, and the stored changes are merged into one only once
 * the person pauses for a few seconds (client/sync/copyCompaction.ts), not in
 * the first pause after 500 of them (y-indexeddb's own rule, a ~100 ms task on
 * a big board that the next key would wait for). What was typed is there after
 * a reload either way.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardLink, column, createWorkshop, e2eRoom, waitOnline } from './browser.ts';

const room = e2eRoom();

/** How many entries the board's copy holds in IndexedDB (one per stored change until a merge). */
function storedChanges(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('updates', 'readonly').objectStore('updates').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    `vcp-board-${boardId}`,
  );
}

describe("the browser's copy of a board", () => {
  it('stores every key at once and merges the stored changes only once the person pauses', async () => {
    const board = await createWorkshop(room.server.url, 'Long typing', true);
    const page = await room.open(boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Writer' });
    await waitOnline(page);
    const field = column(page, 'Business goals').getByRole('textbox', { name: 'Card text' }).first();
    await field.focus();
    await page.keyboard.press('Control+End');
    const typed = ' and then'.repeat(60);
    await page.keyboard.type(typed);
    await expect.poll(() => field.inputValue()).toMatch(/ and then$/);
    const text = await field.inputValue();
    expect(await storedChanges(page, board.id)).toBeGreaterThanOrEqual(500);

    // A short pause (y-indexeddb alone merges one second after the last change): nothing merged yet.
    await page.waitForTimeout(1500);
    expect(await storedChanges(page, board.id)).toBeGreaterThanOrEqual(500);
    // A longer one: merged.
    await expect.poll(() => storedChanges(page, board.id), { timeout: 20_000 }).toBeLessThan(10);

    // Offline, the copy alone shows what was typed.
    await page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached' });
    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await expect.poll(() => field.inputValue()).toBe(text);
    await page.context().setOffline(false);
    expect(room.errors).toEqual([]);
  }, 60_000);
});
