/**
 * Portfolios in the browser (issue 15): a facilitator creates a portfolio on
 * the landing page, adds two goals and a segment, starts a product board in it
 * from the portfolio's page (opened as its facilitator); the goals show there
 * from the portfolio, read only; a value card is linked to the mirrored
 * segment by mouse and by keyboard; a goal edited on the portfolio's page
 * changes on the open product board's page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readBoardInfo, readCards, readLinks } from '../../shared/doc/index.ts';
import { connect } from '../helpers/clients.ts';
import { addCard, column, e2eRoom, poll, waitOnline } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

const cardItem = (page: Page, columnTitle: string, text: string) => column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });
const announced = (page: Page) => page.locator('.visually-hidden[role="status"][aria-live="assertive"]').textContent();
/** The board a page shows, and the facilitator secret its browser remembered for it (the page takes the key out of its address). */
const addressOf = async (page: Page) => {
  const id = new URL(page.url()).pathname.split('/')[2]!;
  const secret = await page.evaluate((boardId) => (JSON.parse(localStorage.getItem(`vcp.board.${boardId}`) ?? '{}') as { secret?: string }).secret ?? '', id);
  expect(secret).not.toBe('');
  return { id, secret };
};

describe('a portfolio and a product board in it', () => {
  it('creates a portfolio, starts a product board in it, shows its goals read only there, links to them, and follows edits live', async () => {
    const dana = await room.open(`${room.server.url}/`, { name: 'Dana', width: 1440, height: 900 });
    await dana.getByRole('textbox', { name: 'Workshop title' }).fill('Acme 2027');
    await dana.getByRole('radio', { name: /A portfolio/ }).check();
    await dana.getByRole('button', { name: 'Create portfolio' }).click();
    await waitOnline(dana);
    await dana.getByText('Portfolio · Facilitator').waitFor();
    // A portfolio shows the two right-hand columns only.
    expect(await dana.getByRole('region', { name: 'Customer value', exact: true }).count()).toBe(0);
    const portfolio = await addressOf(dana);
    await addCard(dana, 'Business goals', 'Grow net revenue retention to 115%');
    await addCard(dana, 'Business goals', 'Cut churn in mid-market');
    await addCard(dana, 'Segments', 'Mid-market operations leads');

    // Start a product board from the portfolio's page: it opens with Dana as its facilitator.
    await dana.getByRole('textbox', { name: 'Product board title' }).fill('Billing');
    await dana.getByRole('button', { name: 'Start product board' }).click();
    await dana.waitForURL((url) => url.pathname !== `/b/${portfolio.id}`);
    await waitOnline(dana);
    await dana.getByText('Portfolio: Acme 2027').waitFor();
    await dana.getByText('Facilitator', { exact: false }).first().waitFor();
    const board = await addressOf(dana);

    // The goals and the segment are there, marked and read only: no move, no delete, no editable text.
    const goal = cardItem(dana, 'Business goals', 'Grow net revenue retention to 115%');
    await goal.waitFor();
    await cardItem(dana, 'Business goals', 'Cut churn in mid-market').waitFor();
    const segment = cardItem(dana, 'Segments', 'Mid-market operations leads');
    await expect.poll(() => goal.getByText('From portfolio').count()).toBe(1);
    expect(await goal.getByRole('button', { name: /^Move card/ }).count()).toBe(0);
    expect(await goal.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await goal.getByRole('textbox', { name: 'Card text' }).getAttribute('readonly')).not.toBeNull();
    // The board's own goal is marked local and stays editable.
    await addCard(dana, 'Business goals', 'Billing team goal');
    const own = cardItem(dana, 'Business goals', 'Billing team goal');
    await expect.poll(() => own.getByText('Local').count()).toBe(1);
    expect(await own.getByRole('textbox', { name: 'Card text' }).getAttribute('readonly')).toBeNull();

    // Link a value card to the mirrored segment: by mouse, then a second one by keyboard.
    await addCard(dana, 'Customer value', 'Invoices reconcile themselves');
    await addCard(dana, 'Customer value', 'Disputes settle in a day');
    const value = cardItem(dana, 'Customer value', 'Invoices reconcile themselves');
    await value.hover();
    const handle = (await dana.getByRole('button', { name: 'Link card: Invoices reconcile themselves' }).boundingBox())!;
    const target = (await segment.boundingBox())!;
    const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    const to = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
    await dana.mouse.move(from.x, from.y);
    await dana.mouse.down();
    for (let i = 1; i <= 10; i++) await dana.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    await poll(() => segment.getAttribute('data-link-role')).toBe('target');
    await dana.mouse.up();
    await poll(() => announced(dana)).toBe('Linked “Invoices reconcile themselves” and “Mid-market operations leads”.');
    await dana.getByRole('button', { name: 'Link card: Disputes settle in a day' }).focus();
    await dana.keyboard.press('Enter');
    await poll(() => announced(dana)).toMatch(/^Linking from card Disputes settle in a day\. Target: Segments card Mid-market operations leads/);
    await dana.keyboard.press('Enter');
    await poll(() => announced(dana)).toBe('Linked “Disputes settle in a day” and “Mid-market operations leads”.');

    const watcher = connect(room.server.url, board.id, board.secret);
    try {
      await watcher.synced;
      await poll(() => readLinks(watcher.doc).length).toBe(2);
      const mirroredSegment = readCards(watcher.doc).find((c) => c.text === 'Mid-market operations leads');
      expect(mirroredSegment?.portfolio).toBe(portfolio.id);
      expect(readLinks(watcher.doc).every((l) => l.to === mirroredSegment?.id || l.from === mirroredSegment?.id)).toBe(true);
      expect(readBoardInfo(watcher.doc).portfolio).toEqual({ id: portfolio.id, title: 'Acme 2027' });

      // A goal edited on the portfolio's page changes on the open product board's page.
      const editor = await room.open(`${room.server.url}/b/${portfolio.id}#${portfolio.secret}`, { name: 'Dana', width: 1440, height: 900 });
      await waitOnline(editor);
      const text = cardItem(editor, 'Business goals', 'Cut churn in mid-market').getByRole('textbox', { name: 'Card text' });
      await text.focus();
      await editor.keyboard.press('End');
      await editor.keyboard.type(' by a third');
      await editor.keyboard.press('Escape');
      await cardItem(dana, 'Business goals', 'Cut churn in mid-market by a third').waitFor();
      // The list of boards on the portfolio's page names the new board.
      await editor.getByRole('list', { name: 'Product boards in this portfolio' }).getByText('Billing').waitFor();
    } finally {
      watcher.destroy();
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('a portfolio’s workshop steps through its own phases (frame, goals, who, close) and has no commitments', async () => {
    const created = (await (
      await fetch(`${room.server.url}/api/portfolios`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Phases portfolio' }) })
    ).json()) as { id: string; secrets: { facilitator: string; participant: string } };
    const fran = await room.open(`${room.server.url}/b/${created.id}#${created.secrets.facilitator}`, { name: 'Fran', width: 1440, height: 900 });
    const pia = await room.open(`${room.server.url}/b/${created.id}#${created.secrets.participant}`, { name: 'Pia', width: 390, height: 844 });
    await waitOnline(fran);
    const workshop = fran.getByRole('region', { name: 'Workshop' });
    await workshop.getByText('Phase 1 of 4').waitFor();
    expect(await fran.getByRole('button', { name: /^Commitments/ }).count()).toBe(0);

    await fran.getByRole('button', { name: 'Facilitate' }).click();
    const phases = fran.getByRole('button', { name: /^Go to phase / });
    await expect.poll(() => phases.allTextContents()).toEqual(['1 Frame', '2 Goals', '3 Who', '4 Close']);
    // Who before Goals: the order of the portfolio's phases changes, and the workshop goes on in it.
    await fran.getByRole('button', { name: 'Move Who earlier' }).click();
    await expect.poll(() => phases.allTextContents()).toEqual(['1 Frame', '2 Who', '3 Goals', '4 Close']);
    await fran.getByRole('button', { name: 'Next phase →' }).click();
    await workshop.getByText('Phase 2 of 4').waitFor();
    await workshop.getByText('Who', { exact: true }).waitFor();
    await fran.getByRole('button', { name: 'Next phase →' }).click();
    await fran.getByRole('button', { name: 'Next phase →' }).click();
    await workshop.getByText('Close', { exact: true }).waitFor();
    await expect.poll(() => fran.getByRole('button', { name: 'Next phase →' }).isDisabled()).toBe(true);
    // The phone follows: the last of four.
    await pia.getByText(/Phase 4 of 4/).waitFor();
    expect(errors).toEqual([]);
  }, 90_000);
});
