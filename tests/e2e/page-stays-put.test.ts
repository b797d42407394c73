/**
 * The board page never scrolls as a whole, in real Chromium at 1440 × 900:
 * focusing and typing into a link's assumption in the Details panel (beside
 * the facilitator console, or alone) leaves the top bar, the phase bar and the
 * Facilitate button where they were. A live room lost them: the browser's
 * focus scroll moved a page container that only hides its overflow (hidden
 * containers can still be scrolled by script or focus), and nothing scrolled
 * it back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorkshop, e2eRoom } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/** Everything that moved: the document, and every element scrolled that is not meant to scroll (auto/scroll), with its scroll offset. */
const shifted = (page: Page) =>
  page.evaluate(() => {
    const moved: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollTop || root.scrollLeft) moved.push(`document ${root.scrollLeft},${root.scrollTop}`);
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (!el.scrollTop && !el.scrollLeft) continue;
      const style = getComputedStyle(el);
      const scrolls = (v: string) => v === 'auto' || v === 'scroll';
      // A text field scrolls its own text; a panel's body and a list scroll as designed.
      if (el instanceof HTMLTextAreaElement || scrolls(style.overflowY) || scrolls(style.overflowX)) continue;
      moved.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollLeft},${el.scrollTop}`);
    }
    return moved;
  });

async function typeIntoAssumption(page: Page): Promise<void> {
  const links = page.getByRole('button', { name: /^1 link of card:/ }).first();
  await links.focus();
  await links.click();
  const assumption = page.getByRole('complementary').getByRole('textbox', { name: /^Assumption for the link to: / }).first();
  await assumption.focus();
  await page.keyboard.type(' (checked with five PMOs)');
}

/** Where the bars are: the top bar, the phase bar and its Facilitate button (their top edges). */
const bars = async (page: Page) => ({
  banner: (await page.getByRole('banner').boundingBox())?.y,
  workshop: (await page.getByRole('region', { name: 'Workshop' }).boundingBox())?.y,
  facilitate: (await page.getByRole('button', { name: 'Facilitate' }).boundingBox())?.y,
});

async function expectInPlace(page: Page, before: Awaited<ReturnType<typeof bars>>): Promise<void> {
  expect(await shifted(page)).toEqual([]);
  expect(await bars(page)).toEqual(before);
  expect(before.banner).toBe(0);
}

describe('the board page stays put', () => {
  it('typing a link’s assumption beside the facilitator console moves no page container', async () => {
    const board = await createWorkshop(room.server.url, 'Q3 growth VCP', true);
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran', width: 1440, height: 900 });
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('complementary', { name: 'Run the workshop' }).waitFor();
    const before = await bars(fran);
    expect(before.workshop).toBeGreaterThan(0);

    await typeIntoAssumption(fran);
    await expectInPlace(fran, before);
    // The console's own end is reachable by scrolling its body, and that moves nothing else.
    await fran.getByRole('complementary', { name: 'Run the workshop' }).getByRole('button').last().focus();
    await expectInPlace(fran, before);

    // Without the console, the same.
    await fran.getByRole('button', { name: 'Close the facilitator console' }).click();
    await typeIntoAssumption(fran);
    await expectInPlace(fran, before);
    expect(errors).toEqual([]);
  });
});
