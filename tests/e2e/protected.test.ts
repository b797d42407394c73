/**
 * Agreed work is safe from one click, in real Chromium: a participant's trash
 * click on the card of an agreed commitment is refused with a message in place
 * while the facilitator's page and the projector never lose the commitment;
 * the facilitator deletes it only through a confirmation that names what goes
 * and asks why, the decision log shows it, and one Undo brings back the card,
 * its fields, links with their assumptions, comments and the commitment.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { boardLink, launchBrowser, waitOnline, type Workshop } from './browser.ts';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000 });

const card = (id: string, column: string, text: string, order: string, fields: Record<string, unknown> = {}) => ({
  id, column, text, order, createdAt: '2026-03-10T09:00:00.000Z', status: 'active', ...fields,
});

const consent = {
  at: '2026-03-10T10:00:00.000Z', method: 'thumbs', participants: ['Ana', 'Ben'], outcome: 'agreed',
  responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'up' }],
};

/** One chain to a goal, and "SOC 2 evidence pack" agreed through a consent round. */
function soc2Board(title: string) {
  return {
    format: 'product-vcp',
    version: 1,
    board: { id: 'soc2-board', title, direction: 'rtl', createdAt: '2026-03-10T08:45:00.000Z' },
    columns: [
      { id: 'goal', title: 'Business goals' }, { id: 'segment', title: 'Segments' }, { id: 'value', title: 'Customer value' },
      { id: 'behaviour', title: 'User behaviours' }, { id: 'indicator', title: 'Value indicators' }, { id: 'initiative', title: 'Initiatives' },
    ],
    cards: [
      card('goal1', 'goal', 'Win enterprise deals worth 2M ARR', 'a0', { metric: 'ARR' }),
      card('seg1', 'segment', 'Regulated enterprises', 'a0'),
      card('val1', 'value', 'Pass vendor security review in days', 'a0'),
      card('beh1', 'behaviour', 'Security teams approve us without a call', 'a0'),
      card('ind1', 'indicator', 'Security reviews passed first time', 'a0', {
        unit: '%', direction: 'increase', baselineValue: 20, baselineAsOf: '2026-03-01', targetValue: 60, targetBy: '2026-09-30',
      }),
      card('ind2', 'indicator', 'Days to security approval', 'a1'),
      card('ini1', 'initiative', 'SOC 2 evidence pack', 'a0', { initiativeType: 'delivery', confidence: 'medium', evidence: 'data' }),
      card('ini2', 'initiative', 'Trust centre page', 'a1'),
    ],
    links: [
      { id: 'l1', from: 'seg1', to: 'goal1' }, { id: 'l2', from: 'val1', to: 'seg1' }, { id: 'l3', from: 'beh1', to: 'val1' },
      { id: 'l4', from: 'ind1', to: 'beh1' },
      { id: 'l5', from: 'ini1', to: 'ind1', assumption: 'We believe a ready evidence pack ends the security call' },
      { id: 'l6', from: 'ini1', to: 'ind2', assumption: 'We believe reviewers approve faster with the pack' },
    ],
    commitments: [{
      id: 'c1', card: 'ini1', title: 'SOC 2 evidence pack', owner: 'Ana', contributors: ['Ben'], due: '2026-09-30', checkpoint: '2026-06-30',
      status: 'agreed', indicators: ['ind1'], trace: [], definitionOfDone: 'Pack shared with 10 prospects', consents: [consent],
    }],
    decisions: [{ id: 'd1', at: '2026-03-10T10:00:00.000Z', kind: 'consent', commitment: 'c1', title: 'SOC 2 evidence pack', method: 'thumbs', outcome: 'agreed', participants: ['Ana', 'Ben'] }],
  };
}

async function importBoard(title: string): Promise<Workshop> {
  const response = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(soc2Board(title)) });
  expect(response.status).toBe(201);
  return (await response.json()) as Workshop;
}

async function open(name: string, url: string, status: string | null = 'Online', accept = false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: accept });
  contexts.push(context);
  context.setDefaultTimeout(15_000);
  await context.addInitScript((displayName) => {
    if (!localStorage.getItem('vcp.displayName')) localStorage.setItem('vcp.displayName', displayName);
  }, name);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${name}: ${String(e)}`));
  await page.goto(url);
  if (status) await waitOnline(page, status);
  return page;
}

/**
 * Watches a page for the moment `selector` with `text` is missing from it:
 * `lost()` says whether it ever was, from now on (a MutationObserver sees
 * every DOM change, so even a removal undone a moment later counts).
 */
async function watchNeverLost(page: Page, selector: string, text: string): Promise<() => Promise<boolean>> {
  await page.locator(selector, { hasText: text }).first().waitFor();
  await page.evaluate(([sel, txt]) => {
    const present = () => [...document.querySelectorAll(sel!)].some((el) => el.textContent?.includes(txt!));
    const w = window as unknown as { __lost: boolean };
    w.__lost = !present();
    new MutationObserver(() => {
      if (!present()) w.__lost = true;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, [selector, text]);
  return () => page.evaluate(() => (window as unknown as { __lost: boolean }).__lost);
}

const initiative = (page: Page, text: string) => page.getByRole('listitem', { name: `Initiatives card: ${text}` });
const exportJson = async (board: Workshop) => {
  const response = await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
  return (await response.json()) as ReturnType<typeof soc2Board>;
};

describe('protected records', () => {
  it('a participant cannot delete an agreed commitment’s card; the facilitator can, with a reason, logged, and Undo brings everything back', async () => {
    const board = await importBoard('Security review');
    const fran = await open('Fran', boardLink(server.url, board.id, board.secrets.facilitator), 'Online', true);
    const ana = await open('Ana', boardLink(server.url, board.id, board.secrets.participant));
    const projector = await open('Projector', `${server.url}/b/${board.id}/present#${board.secrets.viewer}`, null);

    // Commit phase: the projector shows the commitments.
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('button', { name: 'Go to phase Commit' }).click();
    await fran.getByRole('button', { name: 'Close the facilitator console' }).click();
    const onProjector = await watchNeverLost(projector, '.commitments-table td', 'SOC 2 evidence pack');
    const onFran = await watchNeverLost(fran, '.card[data-column="initiative"]', 'SOC 2 evidence pack');

    // A comment on the card, written before anything happens to it.
    await ana.getByRole('button', { name: 'Details and links of card: SOC 2 evidence pack' }).click();
    const comments = ana.getByRole('region', { name: /^Comments/ });
    await comments.getByRole('combobox', { name: 'Add a comment' }).fill('Legal has the auditor letter ready');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    await comments.getByText('Legal has the auditor letter ready').waitFor();
    await ana.getByRole('button', { name: 'Close card details' }).click();

    // The participant's trash click: refused, with the reason in place; the button stays focusable and says why.
    const trash = initiative(ana, 'SOC 2 evidence pack').getByRole('button', { name: 'Delete card: SOC 2 evidence pack' });
    expect(await trash.getAttribute('aria-disabled')).toBe('true');
    expect(await trash.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent)).toBe(
      'Protected: this card carries the agreed commitment “SOC 2 evidence pack”. Only the facilitator can remove it.',
    );
    await trash.click({ force: true });
    const refusal = initiative(ana, 'SOC 2 evidence pack').getByRole('status');
    await poll(() => refusal.textContent()).toBe('Can’t delete: this card carries the agreed commitment “SOC 2 evidence pack”. Only the facilitator can remove it.');
    // From the keyboard too.
    await trash.focus();
    await ana.keyboard.press('Enter');
    expect(await initiative(ana, 'SOC 2 evidence pack').count()).toBe(1);
    // A later edit by the same person reaches the facilitator: anything sent before it has arrived too.
    const other = initiative(ana, 'Trust centre page').getByRole('textbox', { name: 'Card text' });
    await other.click();
    await other.press('End');
    await ana.keyboard.type(' (public)');
    await initiative(fran, 'Trust centre page (public)').waitFor();
    await projector.locator('.commitments-table td', { hasText: 'SOC 2 evidence pack' }).waitFor();
    expect(await onProjector()).toBe(false);
    expect(await onFran()).toBe(false);
    expect((await exportJson(board)).commitments.map((c) => c.id)).toEqual(['c1']);

    // The facilitator's click asks first: what goes with the card, and why.
    await initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: 'Delete card: SOC 2 evidence pack' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Delete a protected card' });
    await dialog.getByText('Removes the agreed commitment “SOC 2 evidence pack” and 2 links.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Delete card' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await initiative(fran, 'SOC 2 evidence pack').count()).toBe(1);
    await initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: 'Delete card: SOC 2 evidence pack' }).click();
    await dialog.getByRole('textbox', { name: 'Why delete it?' }).fill('The auditor ships the pack now; we track it as Trust centre work.');
    await dialog.getByRole('button', { name: 'Delete card' }).click();
    await dialog.waitFor({ state: 'detached' });
    await initiative(ana, 'SOC 2 evidence pack').waitFor({ state: 'detached' });
    await projector.locator('.commitments-table td', { hasText: 'SOC 2 evidence pack' }).waitFor({ state: 'detached' });

    // The decision log shows who removed what and why: on the board and in the export.
    await ana.getByRole('button', { name: 'Commitments', exact: true }).click();
    const log = ana.getByRole('region', { name: /^Decision log/ });
    const removal = log.getByRole('listitem').filter({ hasText: 'Removed card' });
    await removal.getByText('Removed card “SOC 2 evidence pack” (Initiatives) with the agreed commitment “SOC 2 evidence pack” and 2 links by Fran', { exact: false }).waitFor();
    await removal.getByText('“The auditor ships the pack now; we track it as Trust centre work.”').waitFor();
    await fran.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([fran.waitForEvent('download'), fran.getByRole('button', { name: /^Markdown/ }).click()]);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toMatch(/— \*\*Removed\*\* card “SOC 2 evidence pack” \(Initiatives\) with the agreed commitment “SOC 2 evidence pack” and 2 links by Fran: The auditor ships/);
    await fran.keyboard.press('Escape');

    // One Undo: card, fields, links with assumptions, comment, commitment with its consent: everything, everywhere.
    await fran.getByRole('group', { name: 'History' }).getByRole('button', { name: 'Undo' }).click();
    await initiative(ana, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, agreed/ }).waitFor();
    await projector.locator('.commitments-table td', { hasText: 'SOC 2 evidence pack' }).waitFor();
    await ana.getByRole('button', { name: '1 open comment on card: SOC 2 evidence pack' }).click();
    const panel = ana.getByRole('complementary', { name: 'Card details' });
    await panel.getByText('Legal has the auditor letter ready').waitFor();
    expect(await panel.getByRole('combobox', { name: 'Type' }).inputValue()).toBe('delivery');
    expect(await panel.getByRole('combobox', { name: 'Evidence' }).inputValue()).toBe('data');
    expect(await panel.getByRole('textbox', { name: 'Assumption for the link to: Security reviews passed first time' }).inputValue())
      .toBe('We believe a ready evidence pack ends the security call');
    expect(await panel.getByRole('textbox', { name: 'Assumption for the link to: Days to security approval' }).inputValue())
      .toBe('We believe reviewers approve faster with the pack');
    const restored = await exportJson(board);
    const original = soc2Board('');
    expect(restored.cards.find((c) => c.id === 'ini1')).toMatchObject({ initiativeType: 'delivery', confidence: 'medium', evidence: 'data' });
    expect(restored.links.filter((l) => l.from === 'ini1')).toEqual(original.links.filter((l) => l.from === 'ini1'));
    const { trace: _trace, ...commitment } = original.commitments[0]!;
    expect(restored.commitments).toEqual([expect.objectContaining({ ...commitment, trace: expect.any(Array) })]);
    // Undoing the removal takes back its log entry with it: the log never records a removal the board does not have.
    expect(restored.decisions?.map((d) => d.kind)).toEqual(['consent']);
    expect(errors).toEqual([]);
  });
});
