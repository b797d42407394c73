/**
 * The Invite panel behaves like the board's other side panels, in real
 * Chromium: opened from Invite, Escape closes it and the focus is back on
 * Invite (a live room's facilitator pressed Escape and the panel stayed).
 */
import { describe, expect, it } from 'vitest';
import { createWorkshop, e2eRoom } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

describe('the Invite panel', () => {
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
});
