/**
 * Imports people actually have, from the UI: a spreadsheet or a board JSON
 * into a new board from the start page, cards into an open board by its
 * facilitator, each previewed before it lands, and a pasted list in a new
 * card becoming one card per line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardLink, column, createWorkshop, e2eRoom, openPage, waitOnline } from './browser.ts';

const room = e2eRoom();
const dir = mkdtempSync(join(tmpdir(), 'vcp-import-'));

const texts = (page: Page, title: string) =>
  column(page, title).getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));

describe('import from the start page', () => {
  it('previews a spreadsheet with its problems by line and column, then creates the board once they are fixed', async () => {
    const file = join(dir, 'Q3 strategy.csv');
    writeFileSync(file, 'Column,Text,Confidence,Owner\ngoal,Grow NRR to 115%,,Ana\ninitiative,"Spreadsheet import, with preview",high,Jonas\ninitiative,CS-led kickoff,very high,\nroadmap,Q3 themes,,\n');
    const { page, errors, context } = await openPage(room.browser, `${room.server.url}/`, { name: 'Fran' });
    await page.getByRole('button', { name: 'Import a board or spreadsheet…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a board or spreadsheet' });
    await dialog.getByLabel('Choose a file…').setInputFiles(file);

    const problems = dialog.getByRole('alert');
    await expect.poll(() => problems.getByRole('listitem').allTextContents()).toEqual([
      'Line 4, column "Confidence": "very high" must be one of low, medium, high',
      expect.stringMatching(/^Line 5, column "Column": "roadmap" is not a VCP column/),
    ]);
    expect(await dialog.getByRole('textbox', { name: 'Title of the new board' }).inputValue()).toBe('Q3 strategy');
    expect(await dialog.getByRole('button', { name: 'Create the board' }).isDisabled()).toBe(true);
    const rows = dialog.getByRole('table', { name: 'Cards to import' }).getByRole('row');
    expect(await rows.count()).toBe(3); // header + the two good rows

    // Fixed in place: the preview follows, and the board lands.
    const pasted = dialog.getByRole('textbox', { name: 'Rows to import' });
    await pasted.fill((await pasted.inputValue()).replace('very high', 'medium').replace('roadmap,Q3 themes,,\n', 'segment,Mid-market ops teams,,\n'));
    await dialog.getByRole('status').filter({ hasText: '4 cards ready: 1 Business goal, 1 Segment, 2 Initiatives.' }).waitFor();
    expect(await problems.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create the board' }).click();

    await page.getByRole('heading', { name: 'Q3 strategy', level: 1 }).waitFor();
    await waitOnline(page);
    await expect.poll(() => texts(page, 'Initiatives')).toEqual(['Spreadsheet import, with preview', 'CS-led kickoff']);
    expect(await texts(page, 'Business goals')).toEqual(['Grow NRR to 115%']);
    expect(await page.getByRole('button', { name: 'Invite' }).count()).toBe(1); // its facilitator
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates a board from a board JSON written from the contract’s fields alone, and refuses a bad one by path', async () => {
    const { page, errors, context } = await openPage(room.browser, `${room.server.url}/`, { name: 'Fran' });
    await page.getByRole('button', { name: 'Import a board or spreadsheet…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a board or spreadsheet' });
    const board = { format: 'product-vcp', version: 1, board: { id: 'scripted', title: 'Scripted board', direction: 'rtl' }, cards: [{ id: 'v1', column: 'value', text: 'Plan in hours' }, { id: 'x', column: 'roadmap', text: 'Bad' }], links: [], commitments: [] };
    const pasted = dialog.getByRole('textbox', { name: 'Rows to import' });
    await pasted.fill(JSON.stringify(board));
    await dialog.getByRole('alert').filter({ hasText: 'cards[1].column' }).waitFor();
    await pasted.fill(JSON.stringify({ ...board, cards: board.cards.slice(0, 1) }));
    await dialog.getByText('a whole board with 1 cards (1 Customer value), 0 links and 0 commitments').waitFor();
    await dialog.getByRole('button', { name: 'Create the board' }).click();
    await page.getByRole('heading', { name: 'Scripted board', level: 1 }).waitFor();
    await expect.poll(() => texts(page, 'Customer value')).toEqual(['Plan in hours']);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('import into a board', () => {
  it('the facilitator pastes rows from a spreadsheet, previews them, and everyone sees the cards', async () => {
    const workshop = await createWorkshop(room.server.url, 'Import into');
    const f = await openPage(room.browser, boardLink(room.server.url, workshop.id, workshop.secrets.facilitator), { name: 'Fran' });
    const p = await openPage(room.browser, boardLink(room.server.url, workshop.id, workshop.secrets.participant), { name: 'Pat' });
    await Promise.all([waitOnline(f.page), waitOnline(p.page)]);
    expect(await p.page.getByRole('button', { name: 'Import cards' }).count()).toBe(0);

    await f.page.getByRole('button', { name: 'Import cards' }).click();
    const dialog = f.page.getByRole('dialog', { name: 'Import cards' });
    // Rows copied from Sheets arrive tab-separated.
    await dialog.getByRole('textbox', { name: 'Rows to import' }).fill('segment\tMid-market ops teams, DACH\nvalue\tPlan in hours, not days\n');
    await dialog.getByRole('status').filter({ hasText: '2 cards ready: 1 Segment, 1 Customer value.' }).waitFor();
    await dialog.getByRole('button', { name: 'Add 2 cards to the board' }).click();
    await f.page.getByRole('status').filter({ hasText: 'Added 2 cards' }).waitFor();
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => texts(p.page, 'Segments')).toEqual(['Mid-market ops teams, DACH']);
    await expect.poll(() => texts(p.page, 'Customer value')).toEqual(['Plan in hours, not days']);

    // One-column lines go to the column chosen for them.
    await f.page.getByRole('button', { name: 'Import cards' }).click();
    await dialog.getByRole('textbox', { name: 'Rows to import' }).fill('Weekly active planners\nDays to first plan');
    await dialog.getByRole('alert').waitFor(); // no column named yet
    await dialog.getByRole('combobox', { name: 'Column for rows that name none' }).selectOption({ label: 'Value indicators' });
    await dialog.getByRole('button', { name: 'Add 2 cards to the board' }).click();
    await expect.poll(() => texts(p.page, 'Value indicators')).toEqual(['Weekly active planners', 'Days to first plan']);
    expect([...f.errors, ...p.errors]).toEqual([]);
    await f.context.close();
    await p.context.close();
  });

  it('pasting several lines into a new card adds one card per line', async () => {
    const workshop = await createWorkshop(room.server.url, 'Paste a list');
    const p = await openPage(room.browser, boardLink(room.server.url, workshop.id, workshop.secrets.participant), { name: 'Pat' });
    const other = await openPage(room.browser, boardLink(room.server.url, workshop.id, workshop.secrets.participant), { name: 'Ola' });
    await Promise.all([waitOnline(p.page), waitOnline(other.page)]);
    await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: room.server.url });
    await p.page.evaluate(() => navigator.clipboard.writeText('- Experiment: status from Slack\n- CS-led kickoff\n\n- Customer-story campaign\n'));
    const add = p.page.getByRole('button', { name: 'Add card to Initiatives' });
    // The board opens readable, wider than the screen: focus pans the column into view, as Tab would.
    await add.focus();
    await add.click();
    const first = column(p.page, 'Initiatives').getByRole('textbox', { name: 'Card text' }).first();
    await expect.poll(() => first.evaluate((el) => el === document.activeElement)).toBe(true);
    await p.page.keyboard.press('Control+V');
    const expected = ['Experiment: status from Slack', 'CS-led kickoff', 'Customer-story campaign'];
    await expect.poll(() => texts(p.page, 'Initiatives')).toEqual(expected);
    await expect.poll(() => texts(other.page, 'Initiatives')).toEqual(expected);

    // Into a card that already has text, a paste is just text.
    await first.focus();
    await p.page.keyboard.press('End');
    await p.page.evaluate(() => navigator.clipboard.writeText('\nline two\nline three'));
    await p.page.keyboard.press('Control+V');
    await expect.poll(() => texts(p.page, 'Initiatives')).toEqual(['Experiment: status from Slack\nline two\nline three', 'CS-led kickoff', 'Customer-story campaign']);
    expect([...p.errors, ...other.errors]).toEqual([]);
    await p.context.close();
    await other.context.close();
  });
});
