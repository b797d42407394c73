/**
 * The room's rough edges, smoothed: a selection dims the board only while it
 * shows a thread and ends when the room moves on; "Next phase" out of Commit
 * with an override takes the step; the phone's way back from the full board,
 * its landing on the phase's column, and its content in the phases after the
 * initiatives; skip links and a tab order that follows the phases; the live
 * region that empties itself.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, addLink, promoteToCommitment, readCards, readDecisions, readFacilitation, readLinks, setPhase, setPrivateWriting, setSpotlight } from '../../shared/doc/index.ts';
import { addCard as addCardOnPage, column, createWorkshop, e2eRoom, keyboardSensorListening, poll, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

async function person(board: Workshop, secret: string, name: string, size: { width: number; height: number } = { width: 1440, height: 900 }): Promise<Page> {
  const page = await room.person(board, secret, { name, ...size, status: size.width > 700 ? 'Online' : null });
  if (size.width > 700) await page.getByRole('region', { name: 'Workshop' }).waitFor();
  return page;
}

const control = (board: Workshop) => room.client(board, board.secrets.facilitator, 'control');
const content = (board: Workshop) => room.client(board, board.secrets.facilitator, 'content');
const cardItem = (page: Page, columnTitle: string, text: string) => column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });
const dimmed = (page: Page) => page.locator('.card[data-dimmed]').count();
const selected = (page: Page) => page.locator('.card[data-selected]').count();
/** Selects a card the way a person does: clicking its text. */
const select = (page: Page, columnTitle: string, text: string) => cardItem(page, columnTitle, text).getByRole('textbox', { name: 'Card text' }).click();

describe('selection dimming', () => {
  it('dims the board only while the selected card has a thread, and a phase change, a spotlight, an add, a drop or Escape ends the selection', async () => {
    const board = await createWorkshop(room.server.url, 'Selection');
    const doc = (await content(board)).doc;
    const ctl = (await control(board)).doc;
    setPhase(ctl, 'who');
    const g1 = addCard(doc, { column: 'goal', text: 'Grow ARR' });
    addCard(doc, { column: 'goal', text: 'Cut churn' });
    const s1 = addCard(doc, { column: 'segment', text: 'Agencies' });
    addCard(doc, { column: 'segment', text: 'Enterprise PMOs' });
    addLink(doc, s1, g1);
    const ana = await person(board, board.secrets.participant, 'Ana');
    await cardItem(ana, 'Segments', 'Enterprise PMOs').waitFor();

    // A card without links: selected, nothing dimmed.
    await select(ana, 'Segments', 'Enterprise PMOs');
    await poll(() => selected(ana)).toBe(1);
    expect(await dimmed(ana)).toBe(0);

    // A card with a thread dims the cards off it; Escape lets go.
    await select(ana, 'Segments', 'Agencies');
    await poll(() => dimmed(ana)).toBe(2);
    await ana.keyboard.press('Escape');
    await poll(() => selected(ana)).toBe(0);
    expect(await dimmed(ana)).toBe(0);

    // A phase change ends it (the focus may stay where it was).
    await select(ana, 'Segments', 'Agencies');
    await poll(() => dimmed(ana)).toBe(2);
    setPhase(ctl, 'value');
    await poll(() => selected(ana)).toBe(0);
    expect(await dimmed(ana)).toBe(0);

    // So does a spotlight.
    await select(ana, 'Segments', 'Agencies');
    await poll(() => dimmed(ana)).toBe(2);
    setSpotlight(ctl, { kind: 'card', id: g1 });
    await poll(() => selected(ana)).toBe(0);
    expect(await dimmed(ana)).toBe(0);

    // Adding a card: the new card is the one written, and nothing is dimmed around it.
    await select(ana, 'Segments', 'Agencies');
    await poll(() => dimmed(ana)).toBe(2);
    await ana.getByRole('button', { name: 'Add card to Segments' }).click();
    await poll(() => column(ana, 'Segments').getByRole('textbox', { name: 'Card text' }).last().evaluate((el) => el === document.activeElement)).toBe(true);
    await ana.keyboard.type('Freelancers');
    await poll(() => dimmed(ana)).toBe(0);
    await ana.keyboard.press('Escape');
    expect(await dimmed(ana)).toBe(0);

    // Dropping a card (moved with the keyboard): placed, not looked at.
    await select(ana, 'Segments', 'Agencies');
    await poll(() => dimmed(ana)).toBe(3);
    const grip = ana.getByRole('button', { name: 'Move card: Agencies' });
    await grip.focus();
    await ana.keyboard.press('Space');
    await keyboardSensorListening(ana);
    await ana.keyboard.press('ArrowDown');
    await ana.keyboard.press('Space');
    await poll(() => column(ana, 'Segments').getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toEqual([
      'Enterprise PMOs',
      'Agencies',
      'Freelancers',
    ]);
    await poll(() => selected(ana)).toBe(0);
    expect(await dimmed(ana)).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the override from the phase step', () => {
  it('"Next phase" out of Commit with open findings asks for the override, and recording it moves the phase on with the console still open', async () => {
    const board = await createWorkshop(room.server.url, 'Override', true);
    const ctl = await control(board);
    setPhase(ctl.doc, 'commit');
    // Only a commitment that reaches no goal blocks closing Commit: one on an initiative linked to nothing.
    const content = await room.client(board, board.secrets.facilitator);
    const loose = addCard(content.doc, { column: 'initiative', text: 'Browser extension for agencies' });
    promoteToCommitment(content.doc, loose, { owner: 'Ana', due: '2026-09-30' });
    const fran = await person(board, board.secrets.facilitator, 'Fran');
    // Fran's last step before the override: a card of her own.
    await addCardOnPage(fran, 'User behaviours', 'Parked: browser extension');
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    const console_ = fran.getByRole('complementary', { name: 'Run the workshop' });
    await console_.getByRole('button', { name: 'Next phase →' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Override the trace check' });
    await dialog.getByText('Close the Commit phase and go to Close').waitFor();
    expect(await console_.isVisible()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Why close Commit with these findings open?' }).fill('The browser extension is parked until Q3');
    await dialog.getByRole('button', { name: 'Record override' }).click();
    await poll(() => readFacilitation(ctl.doc).phase).toBe('close');
    await dialog.waitFor({ state: 'detached' });
    // The console stayed where it was, now at Close; the commitments drawer did not take its place.
    expect(await console_.getByRole('button', { name: 'Go to phase Close' }).getAttribute('aria-pressed')).toBe('true');
    expect(await fran.getByRole('complementary', { name: 'Commitments' }).count()).toBe(0);
    // The override is a decision-log record, outside the undo history: its notice offers no Undo, which
    // would take back Fran's card from before instead.
    const notice = fran.getByRole('status').filter({ hasText: 'Override recorded for' });
    await notice.waitFor();
    expect(await notice.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await poll(() => readDecisions(content.doc).filter((d) => d.kind === 'override').map((d) => d.reason)).toEqual(['The browser extension is parked until Q3']);
    expect(readCards(content.doc).some((c) => c.text === 'Parked: browser extension')).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('the phone', () => {
  const PHONE = { width: 390, height: 844 };

  it('opens the full board at the phase’s column with 44 px targets, has a way back, and shows each late phase’s content', async () => {
    const board = await createWorkshop(room.server.url, 'Phone', true);
    const ctl = (await control(board)).doc;
    setPhase(ctl, 'indicators');
    const pia = await person(board, board.secrets.participant, 'Pia', PHONE);
    await pia.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();

    const open = pia.getByRole('button', { name: 'Open the full board' });
    expect((await open.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await open.click();
    const indicators = column(pia, 'Value indicators');
    await indicators.waitFor();
    // It lands on the phase's column, thousands of pixels below the goals: its title is on screen.
    await poll(async () => {
      const box = await indicators.getByRole('heading', { name: 'Value indicators' }).boundingBox();
      return !!box && box.y >= 0 && box.y + box.height <= PHONE.height;
    }).toBe(true);
    expect(await pia.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    // What a finger meets on a card is at least 44 × 44 px.
    const card = cardItem(pia, 'Value indicators', 'Weekly active planners');
    for (const name of [/^Move card/, /^Link card/, /^Details of card/, /^\d+ links? of card/, /^Delete card/]) {
      const box = (await card.getByRole('button', { name }).boundingBox())!;
      expect({ name: String(name), width: box.width >= 44, height: box.height >= 44 }).toEqual({ name: String(name), width: true, height: true });
    }

    // The way back stays in reach while scrolled, and leads to the simple view.
    const back = pia.getByRole('button', { name: 'Back to the simple view' });
    expect(await back.isVisible()).toBe(true);
    const top = (await back.boundingBox())!;
    expect(top.y).toBeGreaterThanOrEqual(0);
    expect(top.y).toBeLessThan(100);
    // It does not cover the tools beside it (its label ran over Undo).
    const undo = (await pia.getByRole('button', { name: 'Undo' }).boundingBox())!;
    expect(top.x + top.width).toBeLessThanOrEqual(undo.x);
    await back.click();
    await pia.getByRole('button', { name: 'Open the full board' }).waitFor();

    // Trace check: the findings.
    setPhase(ctl, 'trace');
    await pia.getByRole('heading', { level: 1, name: 'Trace check' }).waitFor();
    const findings = pia.getByRole('list', { name: 'Open findings' });
    await findings.getByText(/Browser extension for agency time tracking/).waitFor();
    // Commit: the commitments to consent to.
    setPhase(ctl, 'commit');
    await pia.getByRole('heading', { name: 'Commitments (1)' }).waitFor();
    await pia.getByText('Build the first capacity plan in every mid-market kickoff call').waitFor();
    // Close: the outcome.
    setPhase(ctl, 'close');
    await pia.getByRole('heading', { name: 'What we agreed' }).waitFor();
    await pia.getByRole('heading', { name: 'Not agreed yet (1)' }).waitFor();
    // Close asks for no cards: no composer (there was a column picker), unless one is half written.
    expect(await pia.getByRole('textbox', { name: 'Your card' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the phone, toward the goal', () => {
  it('says what a new card serves: a segment added on a phone is linked to the goal chosen', async () => {
    const board = await createWorkshop(room.server.url, 'Phone links');
    const doc = (await content(board)).doc;
    addCard(doc, { column: 'goal', text: 'Grow mid-market ARR to €4M' });
    const nrr = addCard(doc, { column: 'goal', text: 'Raise NRR to 115%' });
    setPhase((await control(board)).doc, 'who');
    const pia = await person(board, board.secrets.participant, 'Pia', { width: 390, height: 844 });
    const toward = pia.getByRole('combobox', { name: 'Toward which goal?' });
    await poll(() => toward.locator('option').allTextContents()).toEqual(['Not linked yet', 'Grow mid-market ARR to €4M', 'Raise NRR to 115%']);
    await toward.selectOption({ label: 'Raise NRR to 115%' });
    await pia.getByRole('textbox', { name: 'Your card' }).fill('Agencies managing 10+ clients');
    await pia.getByRole('button', { name: 'Add card' }).click();
    await poll(() => {
      const segment = readCards(doc).find((c) => c.text === 'Agencies managing 10+ clients');
      return !!segment && readLinks(doc).some((l) => l.from === segment.id && l.to === nrr);
    }).toBe(true);
    // The card and its link are one step: one Undo takes both back.
    await pia.getByRole('button', { name: 'Open the full board' }).click();
    await pia.getByRole('button', { name: 'Undo' }).click();
    await poll(() => readCards(doc).some((c) => c.text === 'Agencies managing 10+ clients') || readLinks(doc).some((l) => l.to === nrr)).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('the phone in private writing', () => {
  it('lists its drafts editable and deletable until the reveal; the reveal keeps what was fixed', async () => {
    const board = await createWorkshop(room.server.url, 'Phone drafts');
    const ctl = (await control(board)).doc;
    setPhase(ctl, 'goals');
    setPrivateWriting(ctl, true);
    const pia = await person(board, board.secrets.participant, 'Pia', { width: 390, height: 844 });
    const fran = await person(board, board.secrets.facilitator, 'Fran');
    for (const idea of ['Grow AAR in mid-market', 'A second thought']) {
      await pia.getByRole('textbox', { name: 'Your card' }).fill(idea);
      await pia.getByRole('button', { name: 'Add card' }).click();
    }
    const drafts = pia.getByRole('list', { name: 'Your private drafts' });
    await drafts.getByRole('textbox', { name: 'Draft text' }).nth(1).waitFor();
    // A typo fixed on the phone, a draft taken back: before, the list only showed them.
    const first = drafts.getByRole('textbox', { name: 'Draft text' }).first();
    await first.fill('Grow ARR in mid-market');
    await first.blur();
    await drafts.getByRole('button', { name: 'Delete draft: A second thought' }).click();
    await poll(() => drafts.getByRole('textbox', { name: 'Draft text' }).count()).toBe(1);
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('button', { name: 'Reveal drafts (1)' }).click();
    await cardItem(fran, 'Business goals', 'Grow ARR in mid-market').waitFor();
    await drafts.waitFor({ state: 'detached' });
    expect(await cardItem(fran, 'Business goals', 'A second thought').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('keyboard and screen readers on the board', () => {
  it('offers a skip link and a jump to each column (the phase’s first), tabs through the columns in phase order, and reaches a goal’s Vote in few presses', async () => {
    const board = await createWorkshop(room.server.url, 'Keyboard', true);
    const ctl = await control(board);
    setPhase(ctl.doc, 'goals');
    const fran = await person(board, board.secrets.facilitator, 'Fran');
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('button', { name: 'Start voting' }).click();
    const ana = await person(board, board.secrets.participant, 'Ana');
    const vote = column(ana, 'Business goals').getByRole('button', { name: /^Vote for card/ }).first();
    await vote.waitFor();

    // The first Tab reaches the skip link; Enter lands on the phase's column, the next Tab is its first control.
    await ana.keyboard.press('Tab');
    const skip = ana.getByRole('link', { name: 'Skip to the board' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await ana.keyboard.press('Enter');
    await poll(() => ana.evaluate(() => document.activeElement?.textContent)).toBe('Business goals');
    await ana.keyboard.press('Tab');
    expect(await ana.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Add card to Business goals');

    // The jump list: the phase's column first, then the chain.
    const jumps = ana.getByRole('group', { name: 'Jump to a column' }).getByRole('button');
    expect(await jumps.allTextContents()).toEqual([
      'Jump to Business goals (this phase)',
      'Jump to Segments',
      'Jump to Customer value',
      'Jump to User behaviours',
      'Jump to Value indicators',
      'Jump to Initiatives',
    ]);
    await ana.getByRole('button', { name: 'Jump to Value indicators' }).focus();
    await ana.keyboard.press('Enter');
    await poll(() => ana.evaluate(() => document.activeElement?.textContent)).toBe('Value indicators');
    // Brought into view on the canvas.
    const heading = (await column(ana, 'Value indicators').getByRole('heading', { name: 'Value indicators' }).boundingBox())!;
    expect(heading.x).toBeGreaterThanOrEqual(0);
    expect(heading.x + heading.width).toBeLessThanOrEqual(1440);

    // Tab order follows the phases: the goals' controls come before the segments', which come before the initiatives'.
    const order = await ana.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>('button, [href], textarea, input')];
      const first = (title: string) => all.findIndex((el) => el.getAttribute('aria-label') === `Add card to ${title}`);
      return [first('Business goals'), first('Segments'), first('Customer value'), first('Initiatives')];
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // From the top of a fresh page, Tab alone reaches a goal's Vote button quickly (it took about 150 presses before).
    await ana.reload();
    await vote.waitFor();
    let presses = 0;
    while (presses < 200 && !(await vote.evaluate((el) => el === document.activeElement))) {
      await ana.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeLessThan(40);
    expect(errors).toEqual([]);
  });

  it('says a link once in the live region and then clears it', async () => {
    const board = await createWorkshop(room.server.url, 'Live region');
    const doc = (await content(board)).doc;
    setPhase((await control(board)).doc, 'who');
    addCard(doc, { column: 'goal', text: 'Grow ARR' });
    addCard(doc, { column: 'segment', text: 'Agencies' });
    const ana = await person(board, board.secrets.participant, 'Ana');
    const live = ana.locator('.visually-hidden[role="status"][aria-live="assertive"]');
    await ana.getByRole('button', { name: 'Link card: Agencies' }).focus();
    await ana.keyboard.press('Enter');
    await poll(() => live.textContent()).toMatch(/^Linking from card Agencies\./);
    await ana.keyboard.press('Enter');
    await poll(() => live.textContent()).toBe('Linked “Agencies” and “Grow ARR”.');
    // Said once: a few seconds later the region is empty again.
    await poll(() => live.textContent()).toBe('');
    expect(errors).toEqual([]);
  });
});
