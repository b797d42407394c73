/**
 * The facilitator's console settings live in the board's control document, in
 * real Chromium: "start the timebox when the phase changes" and the voting
 * set-up survive closing the console, a reload and a second facilitator
 * device; a phase change then starts the timer on every screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardLink, createWorkshop, e2eRoom, poll, waitOnline, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

async function person(board: Workshop, name: string, secret: string): Promise<Page> {
  const page = await room.open(boardLink(room.server.url, board.id, secret), { name });
  await waitOnline(page);
  return page;
}

const openConsole = async (page: Page) => {
  await page.getByRole('button', { name: 'Facilitate' }).click();
  await page.getByRole('complementary', { name: 'Run the workshop' }).waitFor();
};
const closeConsole = async (page: Page) => {
  await page.getByRole('button', { name: 'Close the facilitator console' }).click();
  await page.getByRole('complementary', { name: 'Run the workshop' }).waitFor({ state: 'detached' });
};
const autoStart = (page: Page) => page.getByRole('checkbox', { name: 'Start the timebox when the phase changes' });

describe('facilitator settings', () => {
  it('auto-start survives closing the console, a reload and a second facilitator device; the next phase’s timer runs', async () => {
    const board = await createWorkshop(room.server.url, 'Settings that stay');
    const fran = await person(board, 'Fran', board.secrets.facilitator);
    const ana = await person(board, 'Ana', board.secrets.participant);

    await openConsole(fran);
    expect(await autoStart(fran).isChecked()).toBe(false);
    await autoStart(fran).check();
    // The voting set-up too: budget, several on one card, and the columns of the next round.
    const budget = fran.getByRole('spinbutton', { name: 'Votes per person' });
    await budget.fill('5');
    await budget.press('Enter');
    await fran.getByRole('checkbox', { name: 'Several on one card' }).check();
    await fran.getByRole('checkbox', { name: 'Vote on Segments' }).check();
    await fran.getByRole('checkbox', { name: 'Anonymous mode' }).check();

    // Closing and reopening the console keeps it.
    await closeConsole(fran);
    await openConsole(fran);
    expect(await autoStart(fran).isChecked()).toBe(true);
    expect(await fran.getByRole('spinbutton', { name: 'Votes per person' }).inputValue()).toBe('5');

    // So does a reload.
    await fran.reload();
    await waitOnline(fran);
    await openConsole(fran);
    await poll(() => autoStart(fran).isChecked()).toBe(true);
    expect(await fran.getByRole('checkbox', { name: 'Several on one card' }).isChecked()).toBe(true);
    expect(await fran.getByRole('checkbox', { name: 'Vote on Segments' }).isChecked()).toBe(true);
    expect(await fran.getByRole('checkbox', { name: 'Anonymous mode' }).isChecked()).toBe(true);

    // A second facilitator device sees the same settings.
    const laptop = await person(board, 'Fran (laptop)', board.secrets.facilitator);
    await openConsole(laptop);
    await poll(() => autoStart(laptop).isChecked()).toBe(true);
    expect(await laptop.getByRole('spinbutton', { name: 'Votes per person' }).inputValue()).toBe('5');
    expect(await laptop.getByRole('checkbox', { name: 'Several on one card' }).isChecked()).toBe(true);
    expect(await laptop.getByRole('checkbox', { name: 'Vote on Segments' }).isChecked()).toBe(true);
    expect(await laptop.getByRole('checkbox', { name: 'Anonymous mode' }).isChecked()).toBe(true);

    // The next phase starts its timebox on every screen, whichever device moves on.
    expect(await ana.getByRole('region', { name: 'Workshop' }).getByRole('timer').count()).toBe(0);
    await laptop.getByRole('button', { name: 'Next phase →' }).click();
    await ana.getByRole('region', { name: 'Workshop' }).getByText('Goals', { exact: true }).waitFor();
    const timer = ana.getByRole('region', { name: 'Workshop' }).getByRole('timer', { name: /^Timer: .* left$/ });
    await timer.waitFor();
    expect(await timer.getAttribute('data-state')).toBe('running');
    await fran.getByRole('button', { name: 'Pause' }).waitFor();

    // Unticked on one device, the other follows, and the next phase waits for the facilitator.
    await autoStart(fran).uncheck();
    await poll(() => autoStart(laptop).isChecked()).toBe(false);
    await laptop.getByRole('button', { name: 'Next phase →' }).click();
    await ana.getByRole('region', { name: 'Workshop' }).getByText('Who', { exact: true }).waitFor();
    await ana.getByRole('region', { name: 'Workshop' }).getByRole('timer', { name: /timebox, not started$/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
