/**
 * Working offline (edits kept in the browser, merged on reconnect, still there
 * after a reload while offline) and the read-only viewer link.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard as addCardOp, readFacilitation, setLockedColumns } from '../../shared/doc/index.ts';
import { connect, serverHas } from '../helpers/clients.ts';
import { addCard, boardLink, column, createWorkshop, e2eRoom, openPage, waitOnline } from './browser.ts';

const room = e2eRoom();

const texts = (page: Page, columnTitle: string) =>
  column(page, columnTitle)
    .getByRole('textbox', { name: 'Card text' })
    .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).sort());

describe('offline', () => {
  it('keeps edits made offline, shows them after an offline reload, and merges them on reconnect', async () => {
    const board = await createWorkshop(room.server.url, 'Offline');
    const a = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ana' });
    const b = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ben' });
    await Promise.all([waitOnline(a.page), waitOnline(b.page)]);
    await addCard(a.page, 'Segments', 'Before');
    await expect.poll(() => texts(b.page, 'Segments')).toEqual(['Before']);
    // The app shell is cached so that a reload works without the network.
    await a.page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached' });

    await a.context.setOffline(true);
    await a.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await addCard(a.page, 'Segments', 'Written offline');
    await addCard(b.page, 'Segments', 'Written online');
    await expect.poll(() => texts(a.page, 'Segments')).toEqual(['Before', 'Written offline']);

    await a.page.reload();
    await a.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await expect.poll(() => texts(a.page, 'Segments')).toEqual(['Before', 'Written offline']);
    expect(await texts(b.page, 'Segments')).toEqual(['Before', 'Written online']);

    await a.context.setOffline(false);
    await waitOnline(a.page);
    const all = ['Before', 'Written offline', 'Written online'];
    await expect.poll(() => texts(a.page, 'Segments'), { timeout: 15_000 }).toEqual(all);
    await expect.poll(() => texts(b.page, 'Segments'), { timeout: 15_000 }).toEqual(all);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});

describe('offline, against the rules of the moment', () => {
  it('says which words written offline the board did not keep (a column locked meanwhile), and offers them to copy', async () => {
    const board = await createWorkshop(room.server.url, 'Offline lock');
    const a = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ana' });
    await waitOnline(a.page);
    await addCard(a.page, 'Segments', 'Kept');
    await a.context.setOffline(true);
    await a.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await addCard(a.page, 'Business goals', 'Written in the break');
    await addCard(a.page, 'Segments', 'Also written offline');
    // Meanwhile the facilitator locks the goals.
    const control = connect(room.server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    setLockedColumns(control.doc, ['goal']);
    await serverHas(room.server.url, board.id, board.secrets.viewer, 'control', (d) => readFacilitation(d).lockedColumns.includes('goal'), 'the lock');
    await a.context.setOffline(false);
    await waitOnline(a.page);
    const notice = a.page.getByRole('status').filter({ hasText: 'The board did not keep a card you wrote offline' });
    await notice.getByText('“Written in the break”', { exact: false }).waitFor();
    await notice.getByRole('button', { name: 'Copy its words' }).waitFor();
    await expect.poll(() => texts(a.page, 'Segments')).toEqual(['Also written offline', 'Kept']);
    control.destroy();
    expect(a.errors).toEqual([]);
    await a.context.close();
  });
});

describe('viewer link', () => {
  it('shows the board read only, and a write forced by the viewer never reaches anyone', async () => {
    const board = await createWorkshop(room.server.url, 'Review');
    const p = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Pat' });
    await waitOnline(p.page);
    await addCard(p.page, 'Business goals', 'Grow ARR');

    const v = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.viewer));
    await v.page.getByRole('status').filter({ hasText: 'Read only' }).waitFor();
    await expect.poll(() => texts(v.page, 'Business goals')).toEqual(['Grow ARR']);

    // No edit controls at all.
    expect(await v.page.getByRole('button', { name: /^Add card to / }).count()).toBe(0);
    expect(await v.page.getByRole('button', { name: /^Move card: / }).count()).toBe(0);
    expect(await v.page.getByRole('button', { name: /^Delete card: / }).count()).toBe(0);
    expect(await v.page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    const field = column(v.page, 'Business goals').getByRole('textbox', { name: 'Card text' });
    expect(await field.getAttribute('readonly')).not.toBeNull();

    // Forcing it: make the field writable and type; nothing changes, here or elsewhere.
    await field.evaluate((el) => el.removeAttribute('readonly'));
    await field.click();
    await v.page.keyboard.type(' HACKED');
    await expect.poll(() => field.inputValue()).toBe('Grow ARR');

    // A hand-made client with the viewer secret writes into the document directly.
    const rogue = connect(room.server.url, board.id, board.secrets.viewer);
    await rogue.synced;
    addCardOp(rogue.doc, { column: 'goal', text: 'Written by a viewer' });
    // Then a participant writes; once that arrives, the viewer's write would have too.
    await addCard(p.page, 'Business goals', 'Cut churn');
    await expect.poll(() => texts(v.page, 'Business goals')).toEqual(['Cut churn', 'Grow ARR']);
    expect(await texts(p.page, 'Business goals')).toEqual(['Cut churn', 'Grow ARR']);
    rogue.destroy();
    expect([...p.errors, ...v.errors]).toEqual([]);
    await p.context.close();
    await v.context.close();
  });
});
