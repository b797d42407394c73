/**
 * Moving cards by keyboard, linking cards, the golden thread and the trace
 * badges, seen from two pages on one board.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setPhase } from '../../shared/doc/index.ts';
import { connect } from '../helpers/clients.ts';
import {
  addCard, boardLink, column, createWorkshop, e2eRoom, keyboardSensorListening, type OpenedPage, openPage, waitOnline, type Workshop,
} from './browser.ts';

const room = e2eRoom();

function cardItem(page: Page, columnTitle: string, text: string) {
  return column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });
}

async function twoPages(title: string): Promise<[OpenedPage, OpenedPage, Workshop]> {
  const board = await createWorkshop(room.server.url, title);
  const a = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ana' });
  const b = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ben' });
  await Promise.all([waitOnline(a.page), waitOnline(b.page)]);
  // The workshop bar mounts once the facilitation state has synced and shifts the
  // board down: wait for it, so a keyboard drag measures the settled layout.
  await Promise.all([a.page.getByRole('region', { name: 'Workshop' }).waitFor(), b.page.getByRole('region', { name: 'Workshop' }).waitFor()]);
  return [a, b, board];
}

describe('moving cards', () => {
  it('moves a card to the neighbouring column with the keyboard, announced and seen by others', async () => {
    const [a, b] = await twoPages('Keyboard moves');
    await addCard(a.page, 'Initiatives', 'Pilot offer');
    await cardItem(b.page, 'Initiatives', 'Pilot offer').waitFor();

    // Goal on the right: the indicator column is to the right of the initiatives.
    const handle = a.page.getByRole('button', { name: 'Move card: Pilot offer' });
    await handle.focus();
    await a.page.keyboard.press('Space');
    await expect.poll(() => a.page.getByText(/Card Pilot offer is over Initiatives/).count()).toBe(1);
    await keyboardSensorListening(a.page);
    // Every press moves one column, also from a column the card was just moved into.
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => a.page.getByText(/is over Value indicators/).count()).toBe(1);
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => a.page.getByText(/is over User behaviours/).count()).toBe(1);
    await a.page.keyboard.press('ArrowLeft');
    await expect.poll(() => a.page.getByText(/is over Value indicators/).count()).toBe(1);
    await a.page.keyboard.press('Space');
    await expect.poll(() => a.page.getByText('Card Pilot offer dropped in Value indicators, position 1 of 1.').count()).toBe(1);

    await cardItem(a.page, 'Value indicators', 'Pilot offer').waitFor();
    await cardItem(b.page, 'Value indicators', 'Pilot offer').waitFor();
    expect(await cardItem(b.page, 'Initiatives', 'Pilot offer').count()).toBe(0);

    // Reorder within a column from the outline view's buttons.
    await addCard(a.page, 'Value indicators', 'Weekly actives');
    await a.page.getByRole('button', { name: 'Outline' }).click();
    await a.page.getByRole('button', { name: 'Move up: Weekly actives' }).click();
    const order = () => column(b.page, 'Value indicators').getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await expect.poll(order).toEqual(['Weekly actives', 'Pilot offer']);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
  it('moves cards with the pointer across columns and within one, with one landing line, and with arrow keys up and down', async () => {
    const [a, b] = await twoPages('Pointer moves');
    for (const text of ['Alpha', 'Beta', 'Gamma']) await addCard(a.page, 'Value indicators', text);
    await addCard(a.page, 'Initiatives', 'Pilot offer');
    await cardItem(b.page, 'Initiatives', 'Pilot offer').waitFor();
    const order = (page: Page, title: string) => column(page, title).getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await expect.poll(() => order(b.page, 'Value indicators')).toEqual(['Alpha', 'Beta', 'Gamma']);

    /** Drags a card by its handle to height `y` over the middle of `target`'s card list, and drops it there. */
    const drag = async (text: string, target: string, y: (cards: { y: number; height: number }[]) => number) => {
      const handle = (await a.page.getByRole('button', { name: `Move card: ${text}` }).boundingBox())!;
      const list = (await column(a.page, target).getByRole('list').boundingBox())!;
      const boxes = await column(a.page, target).getByRole('listitem').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ y: r.y, height: r.height })));
      const x0 = handle.x + handle.width / 2;
      const y0 = handle.y + handle.height / 2;
      await a.page.mouse.move(x0, y0);
      await a.page.mouse.down();
      const x1 = list.x + list.width / 2;
      const y1 = y(boxes);
      for (let i = 1; i <= 12; i++) await a.page.mouse.move(x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
      // One landing line, in the target column only.
      await expect.poll(() => a.page.locator('.drop-indicator').count()).toBe(1);
      expect(await column(a.page, target).locator('.drop-indicator').count()).toBe(1);
      await a.page.mouse.up();
      await expect.poll(() => a.page.locator('.drop-indicator').count()).toBe(0);
    };

    // Across columns: into the gap between Alpha and Beta.
    await drag('Pilot offer', 'Value indicators', (cards) => (cards[0]!.y + cards[0]!.height + cards[1]!.y) / 2);
    await expect.poll(() => order(b.page, 'Value indicators')).toEqual(['Alpha', 'Pilot offer', 'Beta', 'Gamma']);
    expect(await cardItem(b.page, 'Initiatives', 'Pilot offer').count()).toBe(0);
    await expect.poll(() => a.page.getByText('Card Pilot offer dropped in Value indicators, position 2 of 4.').count()).toBe(1);

    // Within the column: Alpha below Gamma.
    await drag('Alpha', 'Value indicators', (cards) => cards[3]!.y + cards[3]!.height + 20);
    await expect.poll(() => order(b.page, 'Value indicators')).toEqual(['Pilot offer', 'Beta', 'Gamma', 'Alpha']);

    // Keyboard within the column: Gamma up twice, down once, drop.
    await a.page.getByRole('button', { name: 'Move card: Gamma' }).focus();
    await a.page.keyboard.press('Space');
    await expect.poll(() => a.page.getByText('Card Gamma is over Value indicators, position 3 of 4.').count()).toBe(1);
    await keyboardSensorListening(a.page);
    await a.page.keyboard.press('ArrowUp');
    await expect.poll(() => a.page.getByText('Card Gamma is over Value indicators, position 2 of 4.').count()).toBe(1);
    await a.page.keyboard.press('ArrowUp');
    await expect.poll(() => a.page.getByText('Card Gamma is over Value indicators, position 1 of 4.').count()).toBe(1);
    await a.page.keyboard.press('ArrowDown');
    await expect.poll(() => a.page.getByText('Card Gamma is over Value indicators, position 2 of 4.').count()).toBe(1);
    await a.page.keyboard.press('Space');
    await expect.poll(() => a.page.getByText('Card Gamma dropped in Value indicators, position 2 of 4.').count()).toBe(1);
    await expect.poll(() => order(b.page, 'Value indicators')).toEqual(['Pilot offer', 'Gamma', 'Beta', 'Alpha']);

    // Escape cancels: nothing moves.
    await a.page.getByRole('button', { name: 'Move card: Beta' }).focus();
    await a.page.keyboard.press('Space');
    await expect.poll(() => a.page.getByText(/Card Beta is over Value indicators/).count()).toBe(1);
    await keyboardSensorListening(a.page);
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('Escape');
    await expect.poll(() => a.page.getByText('Moving cancelled. Card Beta is back in Value indicators, position 3 of 4.').count()).toBe(1);
    expect(await order(a.page, 'Value indicators')).toEqual(['Pilot offer', 'Gamma', 'Beta', 'Alpha']);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});

describe('links and the golden thread', () => {
  it('links cards, highlights the thread of a selected card, and clears the orphan badge', async () => {
    const [a, b, board] = await twoPages('Golden thread');
    await addCard(a.page, 'Business goals', 'Grow ARR');
    await addCard(a.page, 'Segments', 'Agencies');
    await addCard(a.page, 'Segments', 'Enterprise PMOs');

    // In the trace check (the badges are warnings from the phase after the one that can fix them):
    // a segment that reaches no goal is an orphan; a goal that no initiative reaches is a dead end.
    const control = connect(room.server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    setPhase(control.doc, 'trace');
    await cardItem(b.page, 'Segments', 'Agencies').getByText('Orphan').waitFor();
    await cardItem(b.page, 'Business goals', 'Grow ARR').getByText('Dead end').waitFor();

    await a.page.getByRole('button', { name: 'Details of card: Agencies' }).click();
    await a.page.getByRole('combobox', { name: 'Link to card' }).selectOption({ label: 'Grow ARR' });
    await a.page.getByRole('button', { name: 'Add link' }).click();
    await a.page.getByRole('textbox', { name: 'Assumption for the link to: Grow ARR' }).fill('We believe agencies churn less');
    await a.page.getByRole('button', { name: 'Close card details' }).click();

    // The orphan badge clears on the other page; the unlinked segment keeps it.
    await expect.poll(() => cardItem(b.page, 'Segments', 'Agencies').getByText('Orphan').count()).toBe(0);
    expect(await cardItem(b.page, 'Segments', 'Enterprise PMOs').getByText('Orphan').count()).toBe(1);

    // Selecting the goal highlights its thread and dims the rest.
    await cardItem(b.page, 'Business goals', 'Grow ARR').getByRole('textbox', { name: 'Card text' }).click();
    await expect.poll(() => cardItem(b.page, 'Segments', 'Agencies').getAttribute('data-in-thread')).toBe('true');
    expect(await cardItem(b.page, 'Segments', 'Enterprise PMOs').getAttribute('data-dimmed')).toBe('true');
    expect(await cardItem(b.page, 'Segments', 'Agencies').getAttribute('data-dimmed')).toBeNull();
    expect(await b.page.locator('.link-line[data-in-thread]').count()).toBe(1);

    // The assumption travelled with the link.
    await b.page.getByRole('button', { name: '1 link of card: Agencies' }).click();
    await expect.poll(() => b.page.getByRole('textbox', { name: 'Assumption for the link to: Grow ARR' }).inputValue()).toBe('We believe agencies churn less');
    expect([...a.errors, ...b.errors]).toEqual([]);
    control.destroy();
    await a.context.close();
    await b.context.close();
  });
});
