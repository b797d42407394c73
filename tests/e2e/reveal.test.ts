/**
 * Reveal never loses a keystroke, in real Chromium: two participants type
 * drafts without pause during private writing while the facilitator reveals.
 * Each keeps typing through the reveal (and a few words past it, in the same
 * field: focus and caret move onto the now shared card), and every character
 * typed ends up on the board, on everyone's page and in the JSON export.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardLink, column, createWorkshop, e2eRoom, poll, waitOnline, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

async function person(board: Workshop, name: string, secret: string, creator = false): Promise<Page> {
  const page = await room.open(boardLink(room.server.url, board.id, secret), { name, ...(creator ? { creator: board } : {}) });
  await waitOnline(page);
  return page;
}

const WORDS = ['customers', 'plan', 'capacity', 'in', 'minutes,', 'not', 'days;', 'the', 'monthly', 'review', 'gets', 'shorter', 'éèà', '✓'];

/**
 * Types word after word into whatever has focus, without pause, until told
 * the reveal is done, and then `after` more words; resolves with all it typed.
 */
function typeThrough(page: Page, start: number, revealDone: () => boolean, after = 4): Promise<string> {
  return (async () => {
    let typed = '';
    let past = 0;
    for (let i = start; past < after; i++) {
      const done = revealDone();
      const word = `${WORDS[i % WORDS.length]} `;
      await page.keyboard.type(word, { delay: 12 });
      typed += word;
      if (done) past++;
    }
    return typed;
  })();
}

const valueCardTexts = (page: Page) =>
  column(page, 'Customer value').getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).sort());

describe('reveal during continuous typing', () => {
  it('loses no character: every keystroke typed before, during and after the reveal is on the board and in the export', async () => {
    const board = await createWorkshop(room.server.url, 'Reveal while typing');
    const fran = await person(board, 'Fran', board.secrets.facilitator, true);
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant);

    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('checkbox', { name: 'Private writing' }).check();
    for (const page of [ana, ben]) {
      await page.getByRole('region', { name: 'Workshop' }).getByText(/^Private writing/).waitFor();
      await page.getByRole('button', { name: 'Add card to Customer value' }).click();
      const draft = column(page, 'Customer value').getByRole('textbox', { name: 'Draft text' });
      await poll(() => draft.evaluate((el) => el === document.activeElement)).toBe(true);
    }

    let revealDone = false;
    const anaTyping = typeThrough(ana, 0, () => revealDone);
    const benTyping = typeThrough(ben, 5, () => revealDone);
    try {
      // Both are mid-sentence, their drafts known to the facilitator, when the reveal comes.
      await poll(() => column(ana, 'Customer value').getByRole('textbox', { name: 'Draft text' }).inputValue().then((v) => v.length)).toBeGreaterThan(15);
      await poll(() => column(ben, 'Customer value').getByRole('textbox', { name: 'Draft text' }).inputValue().then((v) => v.length)).toBeGreaterThan(15);
      // Unticking Private writing with drafts unrevealed asks first (it stranded the drafts without a word).
      await fran.getByRole('checkbox', { name: 'Private writing' }).click();
      const question = fran.getByRole('group', { name: /2 drafts are not on the board yet/ });
      await question.waitFor();
      expect(await fran.getByRole('checkbox', { name: 'Private writing' }).isChecked()).toBe(true);
      await question.getByRole('button', { name: 'Keep private writing on' }).click();
      await fran.getByRole('button', { name: 'Reveal drafts (2)' }).click();
      await fran.getByRole('status').filter({ hasText: 'Drafts revealed' }).waitFor();
      // The reveal is done once each typist's own page shows both shared cards.
      await poll(() => column(ana, 'Customer value').getByRole('textbox', { name: 'Card text' }).count()).toBe(2);
      await poll(() => column(ben, 'Customer value').getByRole('textbox', { name: 'Card text' }).count()).toBe(2);
    } finally {
      revealDone = true;
    }
    const [anaTyped, benTyped] = await Promise.all([anaTyping, benTyping]);
    const expected = [anaTyped, benTyped].sort();

    // Every character, on every page: the typists kept typing into the same card, now shared.
    await poll(() => valueCardTexts(fran)).toEqual(expected);
    await poll(() => valueCardTexts(ana)).toEqual(expected);
    await poll(() => valueCardTexts(ben)).toEqual(expected);
    expect(await ana.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value)).toBe(anaTyped);
    expect(await ana.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Card text');
    expect(await column(ana, 'Customer value').getByRole('textbox', { name: 'Draft text' }).count()).toBe(0);

    // … and in the JSON export: one card per draft, nothing lost, nothing doubled.
    await poll(async () => {
      const response = await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
      const json = (await response.json()) as { cards: { column: string; text: string }[] };
      return json.cards.filter((c) => c.column === 'value').map((c) => c.text).sort();
    }).toEqual(expected);
    expect(errors).toEqual([]);
  });
});
