/**
 * Agreed commitments in real Chromium, with a facilitator and two
 * participants on one board: promote an initiative (what is missing, then
 * complete it), a consent round with an objection (not agreed) and then
 * agreement, read-back, status after the workshop, the trace check blocking
 * until an override with a written reason, and exports downloaded by a
 * participant and a viewer.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardJson, jsonCard as card } from '../helpers/boardJson.ts';
import { e2eRoom, importWorkshop, poll, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/**
 * One complete chain to a goal for "Spreadsheet import", and one initiative that reaches no goal
 * (with `orphanCommitment`, proposed as a commitment: an orphan, which blocks closing Commit).
 */
function commitBoard(title: string, orphanCommitment = false) {
  return boardJson('commit-e2e', title, {
    cards: [
      card('goal1', 'goal', 'Grow net revenue retention to 115%', 'a0', { metric: 'NRR' }),
      card('seg1', 'segment', 'Mid-market operations teams', 'a0'),
      card('val1', 'value', 'Plan capacity in hours instead of days', 'a0'),
      card('beh1', 'behaviour', 'Ops leads plan capacity in the tool every week', 'a0'),
      card('ind1', 'indicator', 'Weekly active planners', 'a0', {
        unit: '% of accounts', direction: 'increase', baselineValue: 22, baselineAsOf: '2026-03-01', targetValue: 45, targetBy: '2026-09-30',
      }),
      card('ini1', 'initiative', 'Spreadsheet import', 'a0'),
      card('ini2', 'initiative', 'Partner webinar series', 'a1'),
    ],
    links: [
      { id: 'l1', from: 'seg1', to: 'goal1' }, { id: 'l2', from: 'val1', to: 'seg1' }, { id: 'l3', from: 'beh1', to: 'val1' },
      { id: 'l4', from: 'ind1', to: 'beh1' }, { id: 'l5', from: 'ini1', to: 'ind1' },
    ],
    commitments: orphanCommitment
      ? [{ id: 'c-web', card: 'ini2', title: 'Partner webinars', owner: 'Ben', contributors: [], due: '2026-09-30', status: 'proposed', indicators: ['ind1'], trace: [] }]
      : [],
  });
}

const importBoard = (title: string, orphanCommitment = false) => importWorkshop(room.server.url, commitBoard(title, orphanCommitment));

/** A person at a laptop that may download exports. */
const person = (board: Workshop, name: string, secret: string, status = 'Online') =>
  room.person(board, secret, { name, status, width: 1440, height: 900, acceptDownloads: true });

const drawer = (page: Page) => page.getByRole('complementary', { name: 'Commitments' });
const openCommitments = (page: Page) => page.getByRole('button', { name: 'Commitments', exact: true }).click();
const cardItem = (page: Page, text: string) => page.getByRole('listitem', { name: `Initiatives card: ${text}` });
const missingItems = (page: Page) => drawer(page).getByRole('region', { name: /What’s missing|Ready for consent/ }).getByRole('listitem').allTextContents();

describe('commitments', () => {
  it('promotes an initiative, runs two consent rounds, reads it back and exports it', async () => {
    const board = await importBoard('Commit session');
    const fran = await person(board, 'Fran', board.secrets.facilitator);
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant);
    await fran.getByRole('list', { name: '3 people on this board' }).waitFor();

    // Promote from the card's panel: the linked indicator is chosen; the rest is missing.
    const details = fran.getByRole('button', { name: 'Details of card: Spreadsheet import' });
    // The initiatives lie beyond the right edge of a readable board: focus brings the card into view, as Tab would.
    await details.focus();
    await details.click();
    await fran.getByRole('button', { name: 'Promote to commitment' }).click();
    await drawer(fran).getByRole('heading', { name: 'Spreadsheet import' }).waitFor();
    await poll(() => missingItems(fran)).toEqual(['Owner', 'Due date', 'Checkpoint date', 'Definition of done']);
    expect(await drawer(fran).getByRole('checkbox', { name: /Weekly active planners/ }).isChecked()).toBe(true);
    expect(await drawer(fran).getByRole('button', { name: 'Run a consent round…' }).isDisabled()).toBe(true);
    await cardItem(ben, 'Spreadsheet import').getByRole('button', { name: /Commitment, proposed/ }).waitFor();

    // Two owners are not one owner; a checkpoint after the due date is no checkpoint.
    await drawer(fran).getByRole('combobox', { name: 'Owner' }).fill('Ana and Ben');
    await drawer(fran).getByLabel('Due date').fill('2026-09-30');
    await drawer(fran).getByLabel('Checkpoint date').fill('2026-10-15');
    await poll(() => missingItems(fran)).toEqual(['A single owner (one person, not several)', 'Checkpoint date on or before the due date', 'Definition of done']);
    await drawer(fran).getByRole('combobox', { name: 'Owner' }).fill('Ana');
    await drawer(fran).getByLabel('Checkpoint date').fill('2026-06-30');
    await drawer(fran).getByRole('combobox', { name: 'Contributors' }).fill('Ben, Lea');
    await drawer(fran).getByRole('textbox', { name: 'Definition of done' }).fill('30 pilot accounts imported their plan');
    await drawer(fran).getByRole('heading', { name: 'Ready for consent' }).waitFor();

    // Ben (a participant) sees the filled-in draft but runs no consent round.
    await openCommitments(ben);
    await drawer(ben).getByRole('button', { name: 'Open commitment: Spreadsheet import' }).click();
    await poll(() => drawer(ben).getByRole('combobox', { name: 'Owner' }).inputValue()).toBe('Ana');
    expect(await drawer(ben).getByRole('button', { name: /consent round/ }).count()).toBe(0);

    // First round, on everyone's own device: Ben objects in his own words, so it is not agreed, and his words are recorded.
    const prompt = (page: Page) => page.getByRole('region', { name: 'Consent round' });
    await drawer(fran).getByRole('button', { name: 'Run a consent round…' }).click();
    let dialog = fran.getByRole('dialog', { name: 'Consent round' });
    await dialog.getByRole('button', { name: 'Start the round on everyone’s devices' }).click();
    await prompt(ana).getByRole('radio', { name: /^Thumb up/ }).check();
    await prompt(ana).getByRole('button', { name: 'Send my answer' }).click();
    await prompt(ben).getByRole('radio', { name: /^Thumb down/ }).check();
    await prompt(ben).getByRole('textbox', { name: 'Your objection, in your own words' }).fill('Q3 is too early for the sales team');
    await prompt(ben).getByRole('button', { name: 'Send my answer' }).click();
    await dialog.getByText('2 of 2 answered').waitFor();
    await dialog.getByRole('button', { name: 'Close the round' }).click();
    await dialog.getByText('Suggested outcome: Not agreed').waitFor();
    expect(await dialog.getByRole('rowheader').allTextContents()).toEqual(['Ana', 'Ben']);
    await dialog.getByRole('row', { name: 'Ben thumb down “Q3 is too early for the sales team”' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Record as agreed' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Record as not agreed' }).click();
    await dialog.waitFor({ state: 'detached' });
    const record = (page: Page) => drawer(page).getByRole('region', { name: 'Consent and reopening record' });
    await record(ben).getByText('Ben objected: “Q3 is too early for the sales team”').waitFor();
    expect(await record(ben).getByText(/Took part: Ana, Ben/).count()).toBe(1);
    expect(await cardItem(ana, 'Spreadsheet import').getByRole('button', { name: /Commitment, proposed/ }).count()).toBe(1);
    await prompt(ben).waitFor({ state: 'detached' });

    // Second round, fist of five: Lea has no device, so Fran records her answer; everyone consents, so it is agreed.
    await drawer(fran).getByRole('button', { name: 'Run a consent round…' }).click();
    dialog = fran.getByRole('dialog', { name: 'Consent round' });
    await dialog.getByRole('radio', { name: 'Fist of five' }).check();
    await dialog.getByRole('button', { name: 'Start the round on everyone’s devices' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Lea');
    await dialog.getByRole('radiogroup', { name: 'Answer of Lea' }).getByRole('radio', { name: /^4 fingers/ }).check();
    await dialog.getByRole('button', { name: 'Record this answer' }).click();
    await prompt(ana).getByRole('radio', { name: /^5 fingers/ }).check();
    await prompt(ana).getByRole('button', { name: 'Send my answer' }).click();
    await prompt(ben).getByRole('radio', { name: /^3 fingers/ }).check();
    await prompt(ben).getByRole('button', { name: 'Send my answer' }).click();
    await dialog.getByText('3 of 3 answered').waitFor();
    await dialog.getByRole('button', { name: 'Close the round' }).click();
    await dialog.getByText('Suggested outcome: Agreed').waitFor();
    await dialog.getByRole('button', { name: 'Record as agreed' }).click();
    await dialog.waitFor({ state: 'detached' });
    await cardItem(ana, 'Spreadsheet import').getByRole('button', { name: /Commitment, agreed/ }).waitFor();
    await drawer(ben).getByText('Agreed', { exact: true }).first().waitFor();
    // Agreed means the fields are what the room consented to: no form any more.
    expect(await drawer(fran).getByRole('combobox', { name: 'Owner' }).count()).toBe(0);
    // The facilitator's Undo does not take the agreement back (a reopening with a reason does).
    await fran.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
    await fran.getByRole('status').filter({ hasText: 'Undo does not take back a recorded consent round' }).waitFor();
    // Nor the edits made before it (the owner, the definition of done): they are what the room agreed to.
    const behindTheRecord = fran.getByRole('status').filter({ hasText: 'Undo can’t change the commitment “Spreadsheet import”: it is agreed now. Reopen it (with a reason)' });
    for (let i = 0; i < 4 && (await behindTheRecord.count()) === 0; i++) {
      await fran.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
      await fran.getByRole('status').filter({ hasText: /^Undo (does not|can’t)/ }).first().waitFor();
    }
    await behindTheRecord.waitFor();
    await drawer(ben).getByText('Agreed', { exact: true }).first().waitFor();
    await cardItem(ana, 'Spreadsheet import').getByRole('button', { name: /Commitment, agreed/ }).waitFor();

    // Read-back: the commitment in sentences along its chain.
    await drawer(fran).getByRole('button', { name: 'All commitments' }).click();
    await drawer(fran).getByRole('button', { name: 'Read back' }).click();
    const readBack = fran.getByRole('dialog', { name: 'Read-back' });
    expect(await readBack.locator('.readback-sentence').textContent()).toBe(
      'We believe that if ops leads plan capacity in the tool every week, it brings mid-market operations teams the value ‘Plan capacity in hours instead of days’, '
      + 'which moves NRR toward the goal ‘Grow net revenue retention to 115%’.',
    );
    await readBack.getByText('We will know by weekly active planners rising from 22% to 45% of accounts by 30 September 2026.').waitFor();
    await readBack.getByText('Commitment 1 of 1').waitFor();
    await fran.keyboard.press('Escape');
    await readBack.waitFor({ state: 'detached' });

    // After the workshop its owner moves it along; someone else is told who can; only allowed changes are offered.
    expect(await drawer(ben).getByRole('button', { name: 'Agree' }).count()).toBe(0);
    expect(await drawer(ben).getByRole('button', { name: 'Mark in progress' }).count()).toBe(0);
    await drawer(ben).getByText('Only Ana (its owner) or the facilitator can change its status.').waitFor();
    await openCommitments(ana);
    await drawer(ana).getByRole('button', { name: 'Open commitment: Spreadsheet import' }).click();
    await drawer(ana).getByRole('button', { name: 'Mark in progress' }).click();
    await cardItem(fran, 'Spreadsheet import').getByRole('button', { name: /Commitment, in progress/ }).waitFor();
    expect(await drawer(ana).getByRole('button', { name: 'Reopen…' }).count()).toBe(0);

    // Export: the Markdown download carries the server's file name and the commitment.
    await ana.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([ana.waitForEvent('download'), ana.getByRole('button', { name: /^Markdown/ }).click()]);
    expect(download.suggestedFilename()).toBe('commit-session.md');
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('Spreadsheet import');
    expect(markdown).toContain('30 pilot accounts imported their plan');
    // Both rounds are in the decision log: when, how, who, and the outcome.
    expect(markdown).toMatch(/— \*\*Consent\*\* on “Spreadsheet import”: not agreed \(thumbs, 2 taking part\)/);
    expect(markdown).toMatch(/— \*\*Consent\*\* on “Spreadsheet import”: agreed \(fist of five, 3 taking part\)/);

    // A viewer sees everything read only, and can export CSV for spreadsheets (with a BOM).
    const viewer = await person(board, 'Val', board.secrets.viewer, 'Read only');
    await openCommitments(viewer);
    await drawer(viewer).getByRole('button', { name: 'Open commitment: Spreadsheet import' }).click();
    await drawer(viewer).getByText('30 pilot accounts imported their plan').waitFor();
    expect(await drawer(viewer).getByRole('button', { name: /Mark|Reopen|Drop/ }).count()).toBe(0);
    await viewer.getByRole('button', { name: 'Export' }).click();
    await viewer.getByRole('checkbox', { name: /For spreadsheets/ }).check();
    const [csv] = await Promise.all([viewer.waitForEvent('download'), viewer.getByRole('button', { name: /^CSV/ }).click()]);
    expect(csv.suggestedFilename()).toBe('commit-session.csv');
    const bytes = await readFile((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Spreadsheet import');
    expect(errors).toEqual([]);
  });

  it('the trace check shows a finding that blocks closing Commit until the facilitator overrides it with a reason', async () => {
    const board = await importBoard('Trace override', true);
    const fran = await person(board, 'Fran', board.secrets.facilitator);
    const ben = await person(board, 'Ben', board.secrets.participant);

    // By keyboard: the panel opens with focus on its heading, the tabs follow the arrow keys.
    const button = fran.getByRole('button', { name: 'Commitments', exact: true });
    await button.focus();
    await fran.keyboard.press('Enter');
    await poll(() => drawer(fran).getByRole('heading', { name: 'Commitments' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await drawer(fran).getByRole('tab', { name: /^Commitments/ }).focus();
    await fran.keyboard.press('ArrowRight');
    await poll(() => drawer(fran).getByRole('tab', { name: /Trace check/ }).getAttribute('aria-selected')).toBe('true');
    expect(await drawer(fran).getByRole('tab', { name: /Trace check/ }).evaluate((el) => el === document.activeElement)).toBe(true);
    await fran.keyboard.press('Escape');
    await drawer(fran).waitFor({ state: 'detached' });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await fran.keyboard.press('Enter');
    const findings = drawer(fran).getByRole('region', { name: /Open findings/ });
    await findings.getByText('Commitment “Partner webinars” traces to no business goal', { exact: false }).waitFor();
    await drawer(fran).getByText('1 commitment traces to no goal: closing the Commit phase needs it linked, or an override.').waitFor();

    // The finding takes you to its card.
    await findings.getByRole('button', { name: 'Show card on the board: Partner webinar series' }).first().click();
    await poll(() => cardItem(fran, 'Partner webinar series').getAttribute('data-selected')).toBe('true');

    // A participant sees the block but cannot override.
    await openCommitments(ben);
    await drawer(ben).getByRole('tab', { name: /Trace check/ }).click();
    await drawer(ben).getByText('1 commitment traces to no goal: closing the Commit phase needs it linked, or an override.').waitFor();
    expect(await drawer(ben).getByRole('button', { name: /Override/ }).count()).toBe(0);

    // The override needs a written reason, and is recorded for everyone.
    await drawer(fran).getByRole('button', { name: 'Override with a reason…' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Override the trace check' });
    await dialog.getByText(/Partner webinars” traces to no business goal/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Record override' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Why close Commit/ }).fill('Webinars are a marketing experiment; we link them to a goal next quarter.');
    await dialog.getByRole('button', { name: 'Record override' }).click();
    await dialog.waitFor({ state: 'detached' });
    await drawer(fran).getByText('Nothing blocks closing the Commit phase.', { exact: false }).waitFor();
    const overridden = drawer(ben).getByRole('region', { name: /Overridden/ });
    await overridden.getByText(/Overridden by Fran, .*: “Webinars are a marketing experiment; we link them to a goal next quarter.”/).waitFor();
    await drawer(ben).getByText('Nothing blocks closing the Commit phase.', { exact: false }).waitFor();

    // The override is in the export's decision log.
    const response = await fetch(`${room.server.url}/api/boards/${board.id}/export?format=md`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
    expect(await response.text()).toContain('Webinars are a marketing experiment');
    expect(errors).toEqual([]);
  });
});
