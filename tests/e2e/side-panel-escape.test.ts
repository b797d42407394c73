/**
 * The Invite panel and the facilitator console behave like the board's other
 * side panels, in real Chromium: opened from their button, Escape closes them
 * and the focus is back on that button (a live room's facilitator pressed
 * Escape and the Invite panel stayed; so did the console).
 */
import { describe, expect, it } from 'vitest';
import { createWorkshop, e2eRoom } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

describe('Escape on a facilitator’s panel', () => {
  it('closes on Escape and gives the focus back to Invite, opened by keyboard or pointer', async () => {
    const board = await createWorkshop(room.server.url, 'Invite and leave');
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran' });
    const invite = fran.getByRole('button', { name: 'Invite' });
    const panel = fran.getByRole('complementary', { name: 'Share this board' });
    const focusedIsInvite = () => invite.evaluate((el) => el === document.activeElement);

    // By keyboard: Enter opens it, the focus moves into it, Escape closes it.
    await invite.focus();
    await fran.keyboard.press('Enter');
    await panel.getByRole('textbox', { name: /participant/i }).first().waitFor();
    expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await fran.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await invite.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedIsInvite()).toBe(true);

    // By pointer, after copying a link: Escape from inside it too.
    await invite.click();
    await panel.getByRole('button', { name: /^Copy participant/i }).first().click();
    await fran.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await focusedIsInvite()).toBe(true);

    // Its Close button leaves the focus on Invite as well.
    await invite.click();
    await panel.getByRole('button', { name: 'Close sharing' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await focusedIsInvite()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('closes the facilitator console opened from Facilitate, and the focus is back on Facilitate', async () => {
    const board = await createWorkshop(room.server.url, 'Console and leave');
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran' });
    const facilitate = fran.getByRole('button', { name: 'Facilitate' });
    const consolePanel = fran.getByRole('complementary', { name: 'Run the workshop' });
    await facilitate.click();
    await consolePanel.getByRole('button', { name: 'Next phase →' }).waitFor();
    await fran.keyboard.press('Escape');
    await consolePanel.waitFor({ state: 'detached' });
    expect(await facilitate.getAttribute('aria-expanded')).toBe('false');
    expect(await facilitate.evaluate((el) => el === document.activeElement)).toBe(true);

    // From a control inside it, the same; what was done there stays done.
    await facilitate.click();
    await consolePanel.getByRole('checkbox', { name: 'Start the timebox when the phase changes' }).check();
    await fran.keyboard.press('Escape');
    await consolePanel.waitFor({ state: 'detached' });
    expect(await facilitate.evaluate((el) => el === document.activeElement)).toBe(true);
    await facilitate.click();
    expect(await consolePanel.getByRole('checkbox', { name: 'Start the timebox when the phase changes' }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
