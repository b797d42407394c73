/**
 * Close is not a dead end, in real Chromium: at the last phase (Next phase
 * disabled) the facilitator's console offers what closing a workshop needs,
 * by keyboard: the agreed commitments exported, the read-only review link for
 * stakeholders, and the next review date, which everyone's review summary
 * then shows. Before Close the console does not offer them.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createWorkshop, e2eRoom, poll } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

describe('the console at Close', () => {
  it('exports the commitments, hands out the review link and sets the next review', async () => {
    const board = await createWorkshop(room.server.url, 'Q3 growth VCP', true);
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran', width: 1440, height: 900, acceptDownloads: true });
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    const panel = fran.getByRole('complementary', { name: 'Run the workshop' });
    const close = panel.getByRole('region', { name: 'Close the workshop' });
    await panel.getByRole('button', { name: 'Next phase →' }).waitFor();
    expect(await close.count()).toBe(0);

    await panel.getByRole('button', { name: 'Go to phase Close' }).click();
    await fran.getByRole('region', { name: 'Workshop' }).getByText('Close', { exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Next phase →' }).isDisabled()).toBe(true);
    await close.waitFor();
    // In the console's view: it comes above the phases, where the browser would keep the phase just clicked in place instead.
    const topInView = () => close.evaluate((el) => {
      const body = el.parentElement!.getBoundingClientRect();
      const top = el.getBoundingClientRect().top;
      return top >= body.top - 1 && top < body.bottom;
    });
    expect(await topInView()).toBe(true);

    // The commitments, in the formats a close hands out; Markdown by keyboard.
    const exports = close.getByRole('group', { name: 'Export the agreed commitments' });
    expect(await exports.getByRole('button').allTextContents()).toEqual(['Markdown', 'CSV', 'PDF', 'Calendar (ICS)']);
    await exports.getByRole('button', { name: 'Markdown' }).focus();
    const [markdown] = await Promise.all([fran.waitForEvent('download'), fran.keyboard.press('Enter')]);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const commitments = (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json()) as { commitments: { title: string }[] };
    expect(commitments.commitments.length).toBeGreaterThan(0);
    expect(await readFile((await markdown.path())!, 'utf8')).toContain(commitments.commitments[0]!.title);
    const [ics] = await Promise.all([fran.waitForEvent('download'), exports.getByRole('button', { name: 'Calendar (ICS)' }).click()]);
    expect(ics.suggestedFilename()).toMatch(/\.ics$/);

    // The read-only link that opens on the review summary, to send to stakeholders.
    const link = close.getByRole('textbox', { name: 'Viewer link to the review summary — read only' });
    await poll(() => link.inputValue()).toContain(`/b/${board.id}/review#${board.secrets.viewer}`);
    await close.getByRole('button', { name: 'Copy viewer link to the review summary — read only' }).waitFor();
    const reviewLink = await link.inputValue();

    // The next review date, by keyboard: Set, the date, Save; the focus is back on the button.
    await close.getByText('No review date set.').waitFor();
    await close.getByRole('button', { name: 'Set the next review' }).focus();
    await fran.keyboard.press('Enter');
    const date = close.getByLabel('Next review date');
    expect(await date.evaluate((el) => el === document.activeElement)).toBe(true);
    await date.fill('2031-03-14');
    await close.getByRole('combobox', { name: 'Reviews' }).selectOption({ label: 'Monthly' });
    await close.getByRole('button', { name: 'Save' }).focus();
    await fran.keyboard.press('Enter');
    await close.getByText(/14 Mar 2031/).waitFor();
    const change = close.getByRole('button', { name: 'Change the next review' });
    expect(await change.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape in the form leaves the form, not the console.
    await fran.keyboard.press('Enter');
    await fran.keyboard.press('Escape');
    await change.waitFor();
    expect(await panel.isVisible()).toBe(true);

    // Back to Commit from the list of phases (below it, scrolled to), the console offers the phase's own work again.
    await panel.getByRole('button', { name: 'Go to phase Commit' }).click();
    await close.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Next phase →' }).waitFor();
    // Jumping to Close again from there, it is in view once more (the browser keeps the list where it was).
    await panel.getByRole('button', { name: 'Go to phase Close' }).click();
    await close.waitFor();
    expect(await topInView()).toBe(true);

    // A stakeholder opening the review link sees the date.
    const val = await room.open(reviewLink, { name: 'Val' });
    await val.getByRole('region', { name: 'Next review' }).getByText(/14 Mar 2031/).waitFor();
    expect(errors).toEqual([]);
  });
});
