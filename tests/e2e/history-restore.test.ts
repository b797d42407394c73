/**
 * Restoring one removed item from version history, in real Chromium: the
 * facilitator removed an agreed commitment's card; later a consent round
 * agreed another commitment and a participant edited a card. Picking the
 * removed commitment in the diff against the board now puts back just that
 * (with its card, links and consent record): every later change stays, and
 * one Undo takes the restore back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { recordConsent } from '../../shared/doc/index.ts';
import { trackClients } from '../helpers/clients.ts';
import { boardLink, bringIntoView, e2eRoom, poll, waitOnline, type Workshop } from './browser.ts';
import { soc2Board } from './soc2Board.ts';

const room = e2eRoom({ history: { watchMs: 20, periodicMs: 3_600_000, manualMinIntervalMs: 0 } });
const { errors } = room;
const clients = trackClients();
afterAll(() => clients.destroyAll());

async function open(name: string, url: string): Promise<Page> {
  const page = await room.open(url, { name, width: 1440, height: 900 });
  await waitOnline(page);
  return page;
}

async function call(path: string, secret: string, body?: unknown): Promise<Response> {
  return fetch(`${room.server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

type Exported = ReturnType<typeof soc2Board>;
const exportJson = async (board: Workshop) => (await (await call(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).json()) as Exported;
const initiative = (page: Page, text: string) => page.getByRole('listitem', { name: `Initiatives card: ${text}` });

describe('restoring one item from version history', () => {
  it('puts back one removed commitment with its card and consent; every later change stays; Undo takes it back', async () => {
    const created = await call('/api/boards', '', soc2Board('History, one item'));
    expect(created.status).toBe(201);
    const board = (await created.json()) as Workshop;
    const saved = await call(`/api/boards/${board.id}/history`, board.secrets.participant, { label: 'Before the security call' });
    expect(saved.status).toBe(201);
    const original = soc2Board('');

    const fran = await open('Fran', boardLink(room.server.url, board.id, board.secrets.facilitator));
    const ana = await open('Ana', boardLink(room.server.url, board.id, board.secrets.participant));

    // The facilitator removes the agreed commitment's card, with a reason.
    const remove = initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: 'Delete card: SOC 2 evidence pack' });
    await bringIntoView(remove);
    await remove.click();
    const dialog = fran.getByRole('dialog', { name: 'Delete a protected card' });
    await dialog.getByRole('textbox', { name: 'Why delete it?' }).fill('Folded into the trust centre');
    await dialog.getByRole('button', { name: 'Delete card' }).click();
    await initiative(ana, 'SOC 2 evidence pack').waitFor({ state: 'detached' });

    // Later changes: a consent round agrees the trust centre, and Ana edits a card.
    const facilitator = clients.connect(room.server.url, board.id, board.secrets.facilitator);
    await facilitator.synced;
    recordConsent(facilitator.doc, 'c2', {
      at: '2026-03-12T10:00:00.000Z', method: 'thumbs', participants: ['Ana', 'Ben'], outcome: 'agreed',
      responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'sideways' }],
    });
    await initiative(ana, 'Trust centre page').getByRole('button', { name: /Commitment, agreed/ }).waitFor();
    // (A card on no agreed trace: the goal now lies on the trace of the agreed trust centre, read only for Ana.)
    const indicator = ana.getByRole('listitem', { name: 'Value indicators card: Days to security approval' }).getByRole('textbox', { name: 'Card text' });
    await indicator.click();
    await indicator.press('Control+End');
    await ana.keyboard.type(' (median)');
    await fran.getByRole('listitem', { name: 'Value indicators card: Days to security approval (median)' }).waitFor();
    const later = await exportJson(board);

    // History: the version before the call, compared with the board now.
    await fran.getByRole('button', { name: 'History', exact: true }).click();
    await fran.getByRole('list', { name: 'Saved versions, newest first' }).getByRole('button', { name: /Before the security call/ }).click();
    await fran.getByLabel('Compare with').selectOption('current');
    const removedCommitments = fran.getByRole('region', { name: 'Commitments removed (1)' });
    await removedCommitments.getByText('“SOC 2 evidence pack” (Agreed)').waitFor();
    expect(await fran.getByRole('region', { name: 'Cards removed (1)' }).getByRole('button', { name: 'Restore card: SOC 2 evidence pack' }).count()).toBe(1);

    // Restore just the commitment: its card and links come with it; nothing else rolls back.
    await removedCommitments.getByRole('button', { name: 'Restore commitment: SOC 2 evidence pack' }).click();
    await fran.getByRole('status').filter({ hasText: 'Restored commitment “SOC 2 evidence pack” from the version “Saved: Before the security call' }).waitFor();
    await poll(() => fran.getByRole('region', { name: /^Commitments removed/ }).count()).toBe(0);
    await initiative(ana, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, agreed/ }).waitFor();
    const now = await exportJson(board);
    const { trace: _trace, ...c1 } = original.commitments[0]!;
    expect(now.commitments.find((c) => c.id === 'c1')).toEqual({ ...c1, trace: expect.any(Array) });
    expect(now.cards.find((c) => c.id === 'ini1')).toEqual(original.cards.find((c) => c.id === 'ini1'));
    expect(now.links.filter((l) => l.from === 'ini1')).toEqual(original.links.filter((l) => l.from === 'ini1'));
    // Every later change is still there: the later consent, the edited indicator, the removal in the decision log.
    expect(now.commitments.find((c) => c.id === 'c2')).toEqual(later.commitments.find((c) => c.id === 'c2'));
    expect(now.commitments.find((c) => c.id === 'c2')?.status).toBe('agreed');
    expect(now.cards.find((c) => c.id === 'ind2')?.text).toBe('Days to security approval (median)');
    expect(now.decisions).toEqual(later.decisions);
    expect(now.cards.filter((c) => c.id !== 'ini1')).toEqual(later.cards);

    // One Undo takes back the restore, and only the restore.
    await fran.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await initiative(ana, 'SOC 2 evidence pack').waitFor({ state: 'detached' });
    await poll(async () => exportJson(board)).toEqual(later);
    expect(errors).toEqual([]);
  });
});
