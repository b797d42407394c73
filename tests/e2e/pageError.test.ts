/**
 * A page that fails while it renders says so and offers a reload, instead of
 * going blank (React unmounts everything on an error no boundary catches), and
 * the reload brings the board back with nothing lost. The fault is injected the
 * way a browser quirk or an extension would break a page: a DOM method the
 * page's effects call (the dialog's showModal, when "Find a card" opens; the
 * wall's layout reads) throws.
 */
import { describe, expect, it } from 'vitest';
import { setPhase } from '../../shared/doc/control.ts';
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

  it('on the wall, reloads by itself: nobody stands next to a projector', async () => {
    const board = await createWorkshop(room.server.url, 'Broken wall', true);
    const control = await room.client(board, board.secrets.facilitator, 'control');
    setPhase(control.doc, 'goals');
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const stage = wall.getByRole('region', { name: 'Column: Business goals' });
    await stage.waitFor();

    await wall.evaluate(() => {
      Element.prototype.getBoundingClientRect = function getBoundingClientRect() {
        throw new Error('injected fault: getBoundingClientRect');
      };
    });
    // A new goal makes the wall lay its column out again.
    const added = await fetch(`${room.server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.secrets.participant}`, 'content-type': 'application/json' },
      body: JSON.stringify({ column: 'goal', text: 'Shown after the wall recovers' }),
    });
    expect(added.status).toBe(201);
    const alert = wall.getByRole('alert');
    await alert.getByRole('heading', { name: 'Something went wrong on this page' }).waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Reloading in \d+ s/);
    await alert.getByRole('button', { name: 'Reload now' }).waitFor();
    // In the wall's type: the back row reads it (28 px and up at 1080p, as tests/e2e/wall.test.ts holds the stages to).
    const sizes = await alert.locator('h1, p, button').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(28);

    // No one presses anything: the wall reloads and shows the column with the new goal.
    await wall.waitForEvent('load', { timeout: 20_000 });
    await stage.getByText('Shown after the wall recovers').waitFor();
    expect(room.errors).toEqual([]);
  }, 60_000);
});
