/**
 * Linking and grouping straight on the board: drag a card's link
 * handle onto a card in a neighbouring column, or link with the keyboard; the
 * facilitator drops a card onto another to group them, or groups with the
 * keyboard. Each is one write, and a second page sees it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, readLinks, setPhase } from '../../shared/doc/index.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';
import type { SyncClient } from '../helpers/clients.ts';
import { column, createWorkshop, e2eRoom, keyboardSensorListening, poll, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/** A person's browser on the board, once it is online and shows the workshop. */
async function person(board: Workshop, secret: string, name: string): Promise<Page> {
  const page = await room.person(board, secret, { name });
  await page.getByRole('region', { name: 'Workshop' }).waitFor();
  return page;
}

/** A stock client on a board document, as the facilitator: seeds cards, or (control) changes the phase as the console would. */
const client = (board: Workshop, kind: 'content' | 'control' = 'content') => room.client(board, board.secrets.facilitator, kind);

const cardItem = (page: Page, columnTitle: string, text: string) => column(page, columnTitle).getByRole('listitem', { name: `${columnTitle} card: ${text}` });
/** What the board's live region last said (linking and grouping; dnd-kit has its own for moves). */
const announced = (page: Page) => page.locator('.visually-hidden[role="status"][aria-live="assertive"]').textContent();
/** Counts the document updates a page sends, from here on. */
const countWrites = (c: SyncClient) => {
  let writes = 0;
  const count = (_update: Uint8Array, origin: unknown) => {
    if (origin === c.provider) writes++;
  };
  c.doc.on('update', count);
  return () => {
    c.doc.off('update', count);
    return writes;
  };
};

describe('linking on the board', () => {
  it('links by dragging a card’s link handle onto a neighbouring card, and by keyboard, seen by a second page', async () => {
    const board = await createWorkshop(room.server.url, 'Links');
    const content = await client(board);
    const control = await client(board, 'control');
    setPhase(control.doc, 'who');
    addCard(content.doc, { column: 'goal', text: 'Grow ARR' });
    addCard(content.doc, { column: 'goal', text: 'Cut churn' });
    addCard(content.doc, { column: 'segment', text: 'Agencies' });
    addCard(content.doc, { column: 'segment', text: 'Enterprise PMOs' });
    addCard(content.doc, { column: 'value', text: 'Bill every hour' });
    const ana = await person(board, board.secrets.participant, 'Ana');
    const ben = await person(board, board.secrets.participant, 'Ben');
    await cardItem(ben, 'Segments', 'Enterprise PMOs').waitFor();

    // Pointer: from the handle on Agencies' edge onto the goal "Cut churn", in steps as a hand would.
    const writes = countWrites(content);
    await cardItem(ana, 'Segments', 'Agencies').hover();
    const handle = (await ana.getByRole('button', { name: 'Link card: Agencies' }).boundingBox())!;
    const target = (await cardItem(ana, 'Business goals', 'Cut churn').boundingBox())!;
    const from = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    const to = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
    await ana.mouse.move(from.x, from.y);
    await ana.mouse.down();
    for (let i = 1; i <= 10; i++) await ana.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
    // While drawing: the line follows, the card under the pointer is the chosen target.
    await poll(() => cardItem(ana, 'Business goals', 'Cut churn').getAttribute('data-link-role')).toBe('target');
    expect(await ana.locator('.link-drag-line').count()).toBe(1);
    await ana.mouse.up();
    await poll(() => announced(ana)).toBe('Linked “Agencies” and “Cut churn”.');
    await poll(() => cardItem(ben, 'Segments', 'Agencies').getByRole('button', { name: '1 link of card: Agencies' }).count()).toBe(1);
    await cardItem(ben, 'Business goals', 'Cut churn').getByRole('button', { name: '1 link of card: Cut churn' }).waitFor();
    await poll(() => readLinks(content.doc).length).toBe(1);
    expect(writes()).toBe(1);

    // Keyboard: focus Enterprise PMOs' handle, Enter, arrows to a target (each announced), Enter.
    const keyboardWrites = countWrites(content);
    await ana.getByRole('button', { name: 'Link card: Enterprise PMOs' }).focus();
    await ana.keyboard.press('Enter');
    // Toward the goal first, at the card's own position (second of two).
    await poll(() => announced(ana)).toBe(
      'Linking from card Enterprise PMOs. Target: Business goals card Cut churn, 2 of 2. Use the arrow keys to choose another card, Enter to link, Escape to cancel.',
    );
    await ana.keyboard.press('ArrowUp');
    await poll(() => announced(ana)).toBe('Target: Business goals card Grow ARR, 1 of 2.');
    expect(await cardItem(ana, 'Business goals', 'Grow ARR').getAttribute('data-link-role')).toBe('target');
    // Across to the other neighbouring column and back.
    await ana.keyboard.press('ArrowLeft');
    await poll(() => announced(ana)).toBe('Target: Customer value card Bill every hour, 1 of 1.');
    await ana.keyboard.press('ArrowRight');
    await poll(() => announced(ana)).toBe('Target: Business goals card Grow ARR, 1 of 2.');
    await ana.keyboard.press('Enter');
    await poll(() => announced(ana)).toBe('Linked “Enterprise PMOs” and “Grow ARR”.');
    await cardItem(ben, 'Business goals', 'Grow ARR').getByRole('button', { name: '1 link of card: Grow ARR' }).waitFor();
    await poll(() => readLinks(content.doc).map((l) => l.id).length).toBe(2);
    expect(keyboardWrites()).toBe(1);

    // Escape cancels without writing anything.
    await ana.getByRole('button', { name: 'Link card: Bill every hour' }).focus();
    await ana.keyboard.press('Enter');
    await poll(() => announced(ana)).toMatch(/^Linking from card Bill every hour\./);
    await ana.keyboard.press('Escape');
    await poll(() => announced(ana)).toBe('Linking cancelled.');
    expect(await ana.locator('[data-link-role]').count()).toBe(0);
    expect(readLinks(content.doc)).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

describe('grouping on the board', () => {
  it('groups by dropping a card onto another and by keyboard, seen by a second page', async () => {
    const board = await createWorkshop(room.server.url, 'Groups');
    const content = await client(board);
    const control = await client(board, 'control');
    setPhase(control.doc, 'goals');
    for (const text of ['Grow ARR', 'Cut churn', 'Grow recurring revenue', 'Reduce churn', 'Enter DACH']) addCard(content.doc, { column: 'goal', text });
    const fran = await person(board, board.secrets.facilitator, 'Fran');
    const ana = await person(board, board.secrets.participant, 'Ana');
    await cardItem(ana, 'Business goals', 'Enter DACH').waitFor();
    const order = () => column(ana, 'Business goals').getByRole('textbox', { name: 'Card text' }).evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));

    // Pointer: "Grow recurring revenue" by its grip onto the middle of "Grow ARR".
    const writes = countWrites(content);
    const grip = (await fran.getByRole('button', { name: 'Move card: Grow recurring revenue' }).boundingBox())!;
    const onto = (await cardItem(fran, 'Business goals', 'Grow ARR').boundingBox())!;
    const x = grip.x + grip.width / 2;
    const y = grip.y + grip.height / 2;
    await fran.mouse.move(x, y);
    await fran.mouse.down();
    await fran.mouse.move(x, y - 10, { steps: 3 });
    // The drop point is the middle of the card shown under the pointer: bring it onto the middle of the target.
    const preview = (await fran.locator('.drag-preview').boundingBox())!;
    const dy = onto.y + onto.height / 2 - (preview.y + preview.height / 2);
    for (let i = 1; i <= 12; i++) await fran.mouse.move(x, y - 10 + (dy * i) / 12);
    // Onto a card: a frame saying "Group" around it, no landing line.
    await poll(() => fran.locator('.group-drop-mark').count()).toBe(1);
    expect(await fran.locator('.drop-indicator').count()).toBe(0);
    await fran.mouse.up();
    const group = cardItem(ana, 'Business goals', 'Grow recurring revenue').getByText('Grow ARR', { exact: true });
    await group.waitFor();
    await cardItem(ana, 'Business goals', 'Grow ARR').locator('.group-chip').waitFor();
    // A grouped card carries the cluster's edge; one outside any cluster does not.
    const edge = (text: string) => cardItem(ana, 'Business goals', text).evaluate((el) => getComputedStyle(el).borderLeftWidth);
    await poll(() => edge('Grow ARR')).toBe('4px');
    expect(await edge('Enter DACH')).not.toBe('4px');
    // The grouped card now stands right after the card it joined.
    await poll(order).toEqual(['Grow ARR', 'Grow recurring revenue', 'Cut churn', 'Reduce churn', 'Enter DACH']);
    await poll(() => readGroups(content.doc).map((g) => g.label)).toEqual(['Grow ARR']);
    expect(writes()).toBe(1);

    // Keyboard: pick up "Reduce churn", one arrow up stops onto "Cut churn", space groups them.
    const keyboardWrites = countWrites(content);
    await fran.getByRole('button', { name: 'Move card: Reduce churn' }).focus();
    await fran.keyboard.press('Space');
    await poll(() => fran.getByText(/Card Reduce churn is over Business goals/).count()).toBe(1);
    await keyboardSensorListening(fran);
    await fran.keyboard.press('ArrowUp');
    await poll(() => fran.getByText('Card Reduce churn is over card Cut churn: drop to group them.').count()).toBe(1);
    await fran.keyboard.press('Space');
    await poll(() => fran.getByText('Card Reduce churn grouped with card Cut churn.').count()).toBe(1);
    await cardItem(ana, 'Business goals', 'Reduce churn').getByText('Cut churn', { exact: true }).waitFor();
    await poll(() => readGroups(content.doc).map((g) => g.label).sort()).toEqual(['Cut churn', 'Grow ARR']);
    expect(await order()).toEqual(['Grow ARR', 'Grow recurring revenue', 'Cut churn', 'Reduce churn', 'Enter DACH']);
    expect(keyboardWrites()).toBe(1);

    // Undo takes each drop back whole: the card leaves the group and returns to its place; Redo does it again.
    const undo = () => fran.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
    const redo = () => fran.getByRole('banner').getByRole('button', { name: 'Redo' }).click();
    await undo();
    await poll(() => readGroups(content.doc).map((g) => g.label)).toEqual(['Grow ARR']);
    await poll(() => cardItem(ana, 'Business goals', 'Cut churn').locator('.group-chip').count()).toBe(0);
    await undo();
    await poll(() => readGroups(content.doc).length).toBe(0);
    await poll(order).toEqual(['Grow ARR', 'Cut churn', 'Grow recurring revenue', 'Reduce churn', 'Enter DACH']);
    await poll(() => cardItem(ana, 'Business goals', 'Grow ARR').locator('.group-chip').count()).toBe(0);
    await redo();
    await redo();
    await poll(() => readGroups(content.doc).map((g) => g.label).sort()).toEqual(['Cut churn', 'Grow ARR']);
    await poll(order).toEqual(['Grow ARR', 'Grow recurring revenue', 'Cut churn', 'Reduce churn', 'Enter DACH']);
    await cardItem(ana, 'Business goals', 'Reduce churn').getByText('Cut churn', { exact: true }).waitFor();

    // For a participant the same drop only moves (grouping is the facilitator's curation).
    await ana.getByRole('button', { name: 'Move card: Enter DACH' }).focus();
    await ana.keyboard.press('Space');
    await keyboardSensorListening(ana);
    await ana.keyboard.press('ArrowUp');
    await poll(() => ana.getByText('Card Enter DACH is over Business goals, position 4 of 5.').count()).toBe(1);
    await ana.keyboard.press('Escape');

    // The console's "Group cards" gathers the cluster in its column; one Undo takes back the grouping and the gathering.
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('combobox', { name: 'Column to cluster' }).selectOption({ label: 'Business goals' });
    const picks = fran.getByRole('group', { name: 'Cards to group' });
    await picks.getByRole('checkbox', { name: /^Grow ARR/ }).check();
    await picks.getByRole('checkbox', { name: /^Enter DACH/ }).check();
    await fran.getByRole('textbox', { name: 'Group label' }).fill('Revenue');
    await fran.getByRole('button', { name: 'Group cards' }).click();
    await poll(order).toEqual(['Grow ARR', 'Grow recurring revenue', 'Enter DACH', 'Cut churn', 'Reduce churn']);
    await poll(() => readGroups(content.doc).map((g) => `${g.label}: ${g.cards.length}`).sort()).toEqual(['Cut churn: 2', 'Revenue: 3']);
    await fran.keyboard.press('Escape');
    await undo();
    await poll(() => readGroups(content.doc).map((g) => `${g.label}: ${g.cards.length}`).sort()).toEqual(['Cut churn: 2', 'Grow ARR: 2']);
    await poll(order).toEqual(['Grow ARR', 'Grow recurring revenue', 'Cut churn', 'Reduce churn', 'Enter DACH']);
    expect(errors).toEqual([]);
  });
});
