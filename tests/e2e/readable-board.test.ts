/**
 * A readable board: it opens at a zoom where card text can be read
 * and brings the phase's column into view; chain badges wait for their phase
 * and explain themselves; a card's fields have their own Details entry; Enter
 * writes cards one after another; parked and rejected cards are marked in the
 * table and outline views. Real Chromium, two pages where others must see it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard as addCardToDoc, addLink, readCards, setCardStatus, setPhase, setPrivateWriting, type PhaseId } from '../../shared/doc/index.ts';
import { column, createWorkshop, e2eRoom, poll, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

async function person(board: Workshop, secret: string, name: string, width = 1280, height = 800): Promise<Page> {
  const page = await room.person(board, secret, { name, width, height });
  await page.getByRole('region', { name: 'Workshop' }).waitFor();
  return page;
}

/** A stock client on a board document, as the facilitator: seeds cards, or (control) changes the phase as the console would. */
const client = (board: Workshop, kind: 'content' | 'control' = 'content') => room.client(board, board.secrets.facilitator, kind);

const cardItem = (page: Page, columnTitle: string, text: string) => column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });

/** Card text size on screen: the computed font size times the canvas zoom. */
const cardTextPixels = (page: Page) =>
  page.evaluate(() => {
    const text = document.querySelector('.canvas .card-text')!;
    const scale = /scale\(([\d.]+)\)/.exec((document.querySelector('.canvas-content') as HTMLElement).style.transform)?.[1];
    return Number.parseFloat(getComputedStyle(text).fontSize) * Number(scale);
  });

/** Whether a column lies wholly within the canvas on screen. */
const columnInView = (page: Page, title: string) =>
  page.evaluate((name) => {
    const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
    const heading = [...document.querySelectorAll('.canvas .column h2')].find((h) => h.textContent === name)!;
    const r = heading.closest('.column')!.getBoundingClientRect();
    return r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.top < canvas.bottom;
  }, title);

describe('a readable board', () => {
  it('opens with card text of 13 px or more and brings the column of each new phase into view', async () => {
    const board = await createWorkshop(room.server.url, 'Readable', true);
    const control = await client(board, 'control');
    const laptops = [await person(board, board.secrets.participant, 'Ana', 1280, 800), await person(board, board.secrets.participant, 'Ben', 1440, 900)];
    for (const page of laptops) {
      expect(await cardTextPixels(page)).toBeGreaterThanOrEqual(13);
      // Frame: the chain starts at the goals.
      expect(await columnInView(page, 'Business goals')).toBe(true);
    }
    // The columns are wider than the screen at that zoom: the initiatives are out of sight until their phase.
    expect(await columnInView(laptops[0]!, 'Initiatives')).toBe(false);

    const steps: [PhaseId, string][] = [['initiatives', 'Initiatives'], ['who', 'Segments'], ['behaviours', 'User behaviours'], ['goals', 'Business goals']];
    for (const [phase, title] of steps) {
      setPhase(control.doc, phase);
      for (const page of laptops) await poll(() => columnInView(page, title)).toBe(true);
    }
    for (const page of laptops) expect(await cardTextPixels(page)).toBeGreaterThanOrEqual(13);
    expect(errors).toEqual([]);
  });
});

describe('chain badges', () => {
  it('wait for the phase that can fix them, are neutral during it, and explain themselves on focus and hover', async () => {
    const board = await createWorkshop(room.server.url, 'Badges');
    const content = await client(board);
    const control = await client(board, 'control');
    setPhase(control.doc, 'goals');
    const goal = addCardToDoc(content.doc, { column: 'goal', text: 'Grow ARR' });
    const linked = addCardToDoc(content.doc, { column: 'segment', text: 'Agencies' });
    addCardToDoc(content.doc, { column: 'segment', text: 'Enterprise PMOs' });
    addLink(content.doc, linked, goal);
    const page = await person(board, board.secrets.participant, 'Ana');
    const pmos = cardItem(page, 'Segments', 'Enterprise PMOs');
    await pmos.waitFor();

    // Goals: no badge anywhere yet (every goal is a dead end, every new segment an orphan: noise).
    expect(await page.locator('.canvas .trace-badge').count()).toBe(0);

    // Who: an unlinked segment gets a neutral reminder, not an alarm; the goal still none.
    setPhase(control.doc, 'who');
    const reminder = pmos.getByRole('button', { name: 'No goal yet' });
    await reminder.waitFor();
    expect(await reminder.getAttribute('data-tone')).toBe('neutral');
    expect(await cardItem(page, 'Business goals', 'Grow ARR').locator('.trace-badge').count()).toBe(0);

    // Reached from the keyboard, it explains itself: a visible tooltip that is also its accessible description.
    await pmos.getByRole('button', { name: 'Move card: Enterprise PMOs' }).focus();
    await page.keyboard.press('Tab');
    expect(await reminder.evaluate((el) => el === document.activeElement)).toBe(true);
    const tip = pmos.getByRole('tooltip');
    await poll(() => tip.isVisible()).toBe(true);
    const description = await reminder.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent);
    expect(description).toMatch(/^Not linked through to a business goal yet\./);
    expect(await tip.textContent()).toBe(description);
    await page.keyboard.press('Escape');
    await poll(() => tip.isVisible()).toBe(false);

    // The trace check: warnings, explained on hover.
    setPhase(control.doc, 'trace');
    const orphan = pmos.getByRole('button', { name: 'Orphan' });
    await orphan.waitFor();
    expect(await orphan.getAttribute('data-tone')).toBe('warning');
    const deadEnd = cardItem(page, 'Business goals', 'Grow ARR').getByRole('button', { name: 'Dead end' });
    await deadEnd.hover();
    await poll(() => cardItem(page, 'Business goals', 'Grow ARR').getByRole('tooltip').textContent()).toMatch(/No initiative reaches this goal/);
    // A badge leads to where it is fixed: the card's trace links.
    await orphan.click();
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Trace links');
    expect(errors).toEqual([]);
  });
});

describe('card details', () => {
  it("opens a card's fields by name from its Details entry", async () => {
    const board = await createWorkshop(room.server.url, 'Details');
    const content = await client(board);
    addCardToDoc(content.doc, { column: 'indicator', text: 'Weekly active planners', unit: '% of accounts', baselineValue: 22, targetValue: 45 });
    const page = await person(board, board.secrets.participant, 'Ana');
    const details = page.getByRole('button', { name: 'Details of card: Weekly active planners' });
    await details.focus();
    await details.click();
    const panel = page.getByRole('complementary', { name: 'Card details' });
    // The panel opens with its heading focused (not a field halfway down), the fields each under its own name.
    await poll(() => panel.getByRole('heading', { name: 'Card details' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await panel.getByRole('textbox', { name: 'Unit' }).inputValue()).toBe('% of accounts');
    expect(await panel.getByRole('textbox', { name: 'Baseline value' }).inputValue()).toBe('22');
    expect(await panel.getByRole('textbox', { name: 'Target value' }).inputValue()).toBe('45');
    // The filled fields also show on the card itself.
    expect(await cardItem(page, 'Value indicators', 'Weekly active planners').textContent()).toContain('22 % of accounts → 45 % of accounts');
    expect(errors).toEqual([]);
  });
});

describe('writing cards one after another', () => {
  it('Enter saves a card and starts the next one, Shift+Enter makes a new line; also for private drafts', async () => {
    const board = await createWorkshop(room.server.url, 'Enter');
    const control = await client(board, 'control');
    setPhase(control.doc, 'who');
    const ana = await person(board, board.secrets.participant, 'Ana');
    const ben = await person(board, board.secrets.participant, 'Ben');
    const texts = (page: Page) => column(page, 'Segments').getByRole('list', { name: 'Segments cards' }).getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));

    await ana.getByRole('button', { name: 'Add card to Segments' }).click();
    await poll(() => ana.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Card text');
    await ana.keyboard.type('Agencies');
    await ana.keyboard.press('Enter');
    await ana.keyboard.type('Enterprise PMOs');
    await ana.keyboard.press('Shift+Enter');
    await ana.keyboard.type('in DACH');
    await ana.keyboard.press('Enter');
    // A third card is started, focused and empty.
    await poll(() => texts(ana)).toEqual(['Agencies', 'Enterprise PMOs\nin DACH', '']);
    expect(await ana.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toBe('');
    // Escape leaves it: the blank card is taken back, the keyboard stays on the card before it.
    await ana.keyboard.press('Escape');
    await poll(() => texts(ana)).toEqual(['Agencies', 'Enterprise PMOs\nin DACH']);
    await poll(() => texts(ben)).toEqual(['Agencies', 'Enterprise PMOs\nin DACH']);
    await poll(() => ana.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Details of card: Enterprise PMOs in DACH');

    // Private writing: the same keys write private drafts, one after another; nobody else sees them.
    setPrivateWriting(control.doc, true);
    await ana.getByText('Private writing: your new cards are drafts only you see').waitFor();
    await ana.getByRole('button', { name: 'Add card to Segments' }).click();
    const drafts = () => column(ana, 'Segments').getByRole('textbox', { name: 'Draft text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await poll(() => drafts()).toEqual(['']);
    await poll(() => ana.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Draft text');
    await ana.keyboard.type('Freelancers');
    await ana.keyboard.press('Enter');
    await ana.keyboard.type('Public sector');
    await ana.keyboard.press('Enter');
    await poll(() => drafts()).toEqual(['Freelancers', 'Public sector', '']);
    await ana.keyboard.press('Escape');
    await poll(() => drafts()).toEqual(['Freelancers', 'Public sector']);
    expect(await texts(ben)).toEqual(['Agencies', 'Enterprise PMOs\nin DACH']);
    expect(errors).toEqual([]);
  });
});

describe('parked and rejected cards', () => {
  it('are marked in the table and outline views', async () => {
    const board = await createWorkshop(room.server.url, 'Marks');
    const content = await client(board);
    const parked = addCardToDoc(content.doc, { column: 'value', text: 'Offline app' });
    const rejected = addCardToDoc(content.doc, { column: 'initiative', text: 'Browser extension' });
    addCardToDoc(content.doc, { column: 'goal', text: 'Grow ARR' });
    setCardStatus(content.doc, parked, 'parked');
    setCardStatus(content.doc, rejected, 'rejected');
    const page = await person(board, board.secrets.participant, 'Ana');
    await poll(() => readCards(content.doc).length).toBe(3);

    await page.getByRole('button', { name: 'Table' }).click();
    const table = page.getByRole('table');
    await table.getByRole('button', { name: 'Parked Offline app' }).waitFor();
    await table.getByRole('button', { name: 'Rejected Browser extension' }).waitFor();
    await table.getByRole('button', { name: 'Grow ARR', exact: true }).waitFor();
    expect(await table.getByRole('button', { name: 'Rejected Browser extension' }).getAttribute('data-status')).toBe('rejected');

    await page.getByRole('button', { name: 'Outline' }).click();
    const offline = page.getByRole('listitem', { name: 'Customer value card: Offline app (parked)' });
    await offline.getByText('Parked', { exact: true }).waitFor();
    const extension = page.getByRole('listitem', { name: 'Initiatives card: Browser extension (rejected)' });
    await extension.getByText('Rejected', { exact: true }).waitFor();
    expect(await page.getByRole('listitem', { name: 'Business goals card: Grow ARR' }).getByText(/Parked|Rejected/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
