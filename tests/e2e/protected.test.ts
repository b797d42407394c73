/**
 * Agreed work is safe from one click, in real Chromium: a participant's trash
 * click on the card of an agreed commitment is refused with a message in place
 * while the facilitator's page and the projector never lose the commitment;
 * the facilitator deletes it only through a confirmation that names what goes
 * and asks why, the decision log shows it, and one Undo brings back the card,
 * its fields, links with their assumptions, comments and the commitment.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardLink, e2eRoom, importWorkshop, keyboardSensorListening, poll, waitOnline, type Workshop } from './browser.ts';
import { soc2Board } from './soc2Board.ts';

const room = e2eRoom();
const { errors } = room;

const importBoard = (title: string) => importWorkshop(room.server.url, soc2Board(title));

async function open(name: string, url: string, status: string | null = 'Online', accept = false): Promise<Page> {
  const page = await room.open(url, { name, width: 1440, height: 900, acceptDownloads: accept });
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
  const response = await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
  return (await response.json()) as ReturnType<typeof soc2Board>;
};

describe('protected records', () => {
  it('a participant cannot delete an agreed commitment’s card; the facilitator can, with a reason, logged, and Undo brings everything back', async () => {
    const board = await importBoard('Security review');
    const fran = await open('Fran', boardLink(room.server.url, board.id, board.secrets.facilitator), 'Online', true);
    const ana = await open('Ana', boardLink(room.server.url, board.id, board.secrets.participant));
    const projector = await open('Projector', `${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null);

    // Commit phase: the projector shows the commitments.
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('button', { name: 'Go to phase Commit' }).click();
    await fran.getByRole('button', { name: 'Close the facilitator console' }).click();
    const onProjector = await watchNeverLost(projector, '.commitments-table td', 'SOC 2 evidence pack');
    const onFran = await watchNeverLost(fran, '.card[data-column="initiative"]', 'SOC 2 evidence pack');

    // A comment on the card, written before anything happens to it.
    await ana.getByRole('button', { name: 'Details of card: SOC 2 evidence pack' }).click();
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
    // Moving it to another column would take its commitment and links too: refused as well.
    await ana.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Outline' }).click();
    await ana.getByRole('button', { name: 'Move to Value indicators: SOC 2 evidence pack' }).click();
    await ana.getByRole('status').filter({ hasText: 'Can’t move “SOC 2 evidence pack” to another column: it carries the agreed commitment “SOC 2 evidence pack”.' }).waitFor();
    await ana.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Board' }).click();
    expect(await initiative(ana, 'SOC 2 evidence pack').count()).toBe(1);
    // By the keyboard on the board: refused, and the screen reader hears the card stayed (it heard "dropped in").
    const handle = ana.getByRole('button', { name: 'Move card: SOC 2 evidence pack' });
    await handle.focus();
    await ana.keyboard.press('Space');
    await poll(() => ana.getByText(/Card SOC 2 evidence pack is over Initiatives/).count()).toBe(1);
    await keyboardSensorListening(ana);
    await ana.keyboard.press('ArrowRight');
    await poll(() => ana.getByText(/is over Value indicators/).count()).toBe(1);
    await ana.keyboard.press('Space');
    await poll(() => ana.getByText(/^Card SOC 2 evidence pack stays in Initiatives, position \d+ of \d+\. Can’t move/).count()).toBe(1);
    expect(await initiative(ana, 'SOC 2 evidence pack').count()).toBe(1);
    // A later edit by the same person reaches the facilitator: anything sent before it has arrived too.
    const other = initiative(ana, 'Trust centre page').getByRole('textbox', { name: 'Card text' });
    await other.click();
    await other.press('Control+End');
    await ana.keyboard.type(' (public)');
    await initiative(fran, 'Trust centre page (public)').waitFor();
    await projector.locator('.commitments-table td', { hasText: 'SOC 2 evidence pack' }).waitFor();
    expect(await onProjector()).toBe(false);
    expect(await onFran()).toBe(false);
    expect((await exportJson(board)).commitments.map((c) => c.id)).toEqual(['c1', 'c2']);

    // The facilitator's move to another column is refused too (it deleted the agreed commitment without a word):
    // agreed work goes only by a delete with a reason.
    await fran.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Outline' }).click();
    await fran.getByRole('button', { name: 'Move to Value indicators: SOC 2 evidence pack' }).click();
    await fran.getByRole('status').filter({ hasText: 'it carries the agreed commitment “SOC 2 evidence pack”, which a card in another column would lose. To take it off, delete it with a reason.' }).waitFor();
    await fran.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Board' }).click();
    expect(await initiative(fran, 'SOC 2 evidence pack').count()).toBe(1);
    expect((await exportJson(board)).commitments.map((c) => c.id)).toEqual(['c1', 'c2']);
    // Ctrl+Z in a field that is not the board's (Find) undoes that field's typing, not Ana's last card edit.
    await ana.keyboard.press('Control+k');
    const find = ana.getByRole('combobox', { name: 'Words of the card' });
    await find.waitFor();
    await find.pressSequentially('trust');
    await find.press('Control+z');
    await ana.keyboard.press('Escape');
    await initiative(fran, 'Trust centre page (public)').waitFor();
    await ana.waitForTimeout(300);
    expect(await initiative(fran, 'Trust centre page (public)').count()).toBe(1);

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
    expect(restored.commitments[0]).toEqual({ ...commitment, trace: ['goal1', 'seg1', 'val1', 'beh1', 'ind1'] });
    // The decision log only grows: the removal stays, and the restoring follows it (who, what), on every page and in the JSON.
    expect(restored.decisions?.map((d) => d.kind)).toEqual(['consent', 'removal', 'restoral']);
    expect(restored.decisions?.at(-1)).toMatchObject({ kind: 'restoral', by: 'Fran', card: { id: 'ini1', text: 'SOC 2 evidence pack' } });
    await fran.getByRole('button', { name: 'Commitments', exact: true }).click();
    const entries = fran.getByRole('region', { name: /^Decision log/ }).getByRole('list', { name: 'Decision log, newest first' }).getByRole('listitem');
    await entries.first().getByText('Restored card “SOC 2 evidence pack” (Initiatives) with the commitment “SOC 2 evidence pack” by Fran (undoing its removal)', { exact: false }).waitFor();
    await entries.filter({ hasText: 'Removed card “SOC 2 evidence pack”' }).waitFor();
    // The review reads "deleted … restored", not only "deleted".
    const review = await room.open(`${room.server.url}/b/${board.id}/review#${board.secrets.viewer}`, { who: 'reviewer page' });
    await review.getByRole('link', { name: 'Activity', exact: true }).click();
    await poll(() => review.getByRole('main').textContent()).toContain('Fran restored “SOC 2 evidence pack” (undoing its deletion)');
    expect(await review.getByRole('main').textContent()).toContain('Fran deleted “SOC 2 evidence pack”');
    expect(errors).toEqual([]);
  });
});
