/**
 * A page that fails while it renders says so and offers a reload, instead of
 * going blank (React unmounts everything on an error no boundary catches), and
 * the reload brings the board back with nothing lost. The fault is injected the
 * way a browser quirk or an extension would break a page: a DOM method the
 * page's effects call (the dialog's showModal, when "Find a card" opens) throws.
 */
import { describe, expect, it } from 'vitest';
import { addCard, column, createWorkshop, e2eRoom, poll, waitOnline } from './browser.ts';

const room = e2eRoom();

describe('a page that fails to render', () => {
  it('shows what happened and a reload that brings the board back; others go on', async () => {
    const board = await createWorkshop(room.server.url, 'Broken page');
    const ana = await room.person(board, board.secrets.participant, { name: 'Ana' });
    const ben = await room.person(board, board.secrets.participant, { name: 'Ben' });

    await addCard(ana, 'Business goals', 'Kept after a crash');
    /** The texts of the column's cards on a page. */
    const goals = (page: typeof ana) =>
      column(page, 'Business goals')
        .getByRole('textbox', { name: 'Card text' })
        .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await poll(() => goals(ben)).toContain('Kept after a crash');

    await ana.evaluate(() => {
      HTMLDialogElement.prototype.showModal = function showModal() {
        throw new Error('injected fault: showModal');
      };
    });
    await ana.getByRole('button', { name: 'Find a card' }).click();

    const alert = ana.getByRole('alert');
    await alert.getByRole('heading', { name: 'Something went wrong on this page' }).waitFor();
    await expect(alert.textContent()).resolves.toContain('Everything already on the board is kept');
    // The page is not blank: the message is all it shows, and it is readable.
    expect(await ana.getByRole('heading', { name: 'Something went wrong on this page' }).isVisible()).toBe(true);

    // The others are not affected.
    await addCard(ben, 'Business goals', 'Ben goes on');
    await waitOnline(ben);

    // The reload brings the board back (the fault was in that page only), with both cards.
    await Promise.all([ana.waitForEvent('load'), alert.getByRole('button', { name: 'Reload the page' }).click()]);
    await waitOnline(ana);
    await poll(() => goals(ana)).toEqual(expect.arrayContaining(['Kept after a crash', 'Ben goes on']));
    expect(await ana.getByRole('alert').filter({ hasText: 'Something went wrong' }).count()).toBe(0);
    expect(room.errors).toEqual([]);
  }, 60_000);
});
