/**
 * A leaked participant link is taken back: the facilitator resets it from the
 * share panel; everyone on the old link is shown that it no longer works; the
 * panel offers the new link and a new join code; a participant whose browser
 * still holds her revoked personal token opens the new link and is herself
 * again (the same person: her card is signed with her name); the wall and the facilitator's other
 * device show the new code and link; the old link and code open nothing. The
 * viewer and projector links are reset alike: the viewer's pages (board and
 * review summary) and the wall say their link no longer works, and the new
 * links, pasted into the same tabs, open them again.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, boardLink, bringIntoView, column, createWorkshop, e2eRoom, poll, waitOnline } from './browser.ts';

const room = e2eRoom();

/** The join code the share panel shows, as typed (no dash), or '' while there is none. */
async function shownJoinCode(page: Page): Promise<string> {
  const code = page.getByRole('complementary', { name: 'Share this board' }).getByLabel(/^Join code /);
  if ((await code.count()) === 0) return '';
  return ((await code.getAttribute('aria-label')) ?? '').replace('Join code ', '').replace(/ /g, '');
}

/** What this browser remembers of the board (`vcp.board.<id>`) and its personal token as a participant. */
function remembered(page: Page, boardId: string) {
  return page.evaluate((id) => ({
    participantSecret: (JSON.parse(localStorage.getItem(`vcp.board.${id}`) ?? '{}') as { secrets?: { participant?: string } }).secrets?.participant,
    personToken: (JSON.parse(localStorage.getItem(`vcp.person.${id}.participant`) ?? 'null') as { token?: string } | null)?.token,
  }), boardId);
}

describe('resetting an invite link', () => {
  it('disconnects the old link, offers a new link and code, and a participant rejoins under her name', async () => {
    const board = await createWorkshop(room.server.url, 'Leaked link');
    const oldLink = boardLink(room.server.url, board.id, board.secrets.participant);
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran', creator: board });
    const ana = await room.person(board, board.secrets.participant, { name: 'Ana' });
    const ben = await room.person(board, board.secrets.participant, { name: 'Ben' });
    await fran.getByRole('listitem', { name: 'Ana, participant' }).waitFor();
    await fran.getByRole('listitem', { name: 'Ben, participant' }).waitFor();
    // Ana joined as a person: her browser keeps her personal token (revoked by the reset).
    await poll(async () => (await remembered(ana, board.id)).personToken).toBeTruthy();
    const anaOldToken = (await remembered(ana, board.id)).personToken;

    await fran.getByRole('button', { name: 'Invite' }).click();
    const panel = fran.getByRole('complementary', { name: 'Share this board' });
    const link = panel.getByRole('textbox', { name: 'Participant link — edit' });
    expect(await link.inputValue()).toBe(oldLink);
    await panel.getByRole('button', { name: 'Create a join code' }).click();
    await poll(() => shownJoinCode(fran)).toMatch(/^[0-9A-Z]{8}$/);
    const oldCode = await shownJoinCode(fran);
    // The wall on the room PC shows it too.
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'wall', width: 1920, height: 1080 });
    const wallCode = async () => ((await wall.getByLabel(/^Join code /).first().getAttribute('aria-label')) ?? '').replace('Join code ', '').replace(/ /g, '');
    await poll(wallCode).toBe(oldCode);

    // The control opens a confirmation that says what happens; Cancel changes nothing.
    const reset = panel.getByRole('button', { name: 'Reset participant link', exact: true });
    await reset.click();
    const dialog = fran.getByRole('dialog', { name: 'Reset the participant link?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Everyone who opened the current participant link is disconnected and needs the new link or join code.');
    // The reset cannot be undone: Cancel has the focus, and Escape is Cancel.
    await expect.poll(() => dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await fran.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    expect(await link.inputValue()).toBe(oldLink);

    // Offline, the reset fails in the dialog and changes nothing.
    await fran.context().setOffline(true);
    await reset.click();
    await dialog.getByRole('button', { name: 'Reset the link' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The link was not reset: the server cannot be reached.' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await fran.context().setOffline(false);
    await waitOnline(fran);
    expect(await link.inputValue()).toBe(oldLink);
    expect((await remembered(fran, board.id)).participantSecret).toBe(board.secrets.participant);
    await waitOnline(ana);

    // The reset, by keyboard.
    await reset.focus();
    await fran.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Reset the link' }).focus();
    await fran.keyboard.press('Enter');
    await fran.getByRole('status').filter({ hasText: 'Participant link reset. Share the new link or code.' }).waitFor();
    await poll(() => dialog.count()).toBe(0);

    // The panel offers the new link, its QR code and a new join code; the browser remembers the new secret.
    await poll(() => link.inputValue()).not.toBe(oldLink);
    const newLink = await link.inputValue();
    const newSecret = newLink.slice(newLink.indexOf('#') + 1);
    expect(newLink).toBe(boardLink(room.server.url, board.id, newSecret));
    expect(newSecret.length).toBeGreaterThan(20);
    await panel.getByRole('img', { name: 'QR code of the participant join link' }).waitFor();
    await poll(() => shownJoinCode(fran)).toMatch(/^[0-9A-Z]{8}$/);
    const newCode = await shownJoinCode(fran);
    expect(newCode).not.toBe(oldCode);
    // The wall drops the dead code for the new one at once (it would otherwise check again only minutes later).
    await poll(wallCode).toBe(newCode);
    expect((await remembered(fran, board.id)).participantSecret).toBe(newSecret);

    // The facilitator's other device, which remembers the invites from before, offers the new link too.
    const franPhone = await room.person(board, board.secrets.facilitator, { name: 'Fran', creator: board, who: 'Fran’s phone', width: 390, height: 844 });
    await franPhone.getByRole('button', { name: 'Invite' }).click();
    await poll(() => franPhone.getByRole('textbox', { name: 'Participant link — edit' }).inputValue()).toBe(newLink);

    // Everyone on the old link is told, instead of a board that no longer syncs.
    for (const page of [ana, ben]) {
      await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('The facilitator may have reset it');
      expect(await column(page, 'Business goals').count()).toBe(0);
    }

    // Ana opens the new link in the same browser, her revoked personal token still in it: she joins again, under her name.
    // The check of her remembered token answers slowly (a busy network): the board does not go online with the revoked
    // token meanwhile, which would leave what she types first unsigned.
    await ana.route('**/votes/me', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    await ana.goto(newLink);
    // Online means signed: her card, typed at once, carries her name.
    await waitOnline(ana);
    await addCard(ana, 'Business goals', 'Signed after the reset');
    const anaNewToken = (await remembered(ana, board.id)).personToken;
    expect(anaNewToken).not.toBe(anaOldToken);
    // The same person as before the reset (her browser offered the revoked token): her votes, drafts and comments are hers still.
    expect(anaNewToken?.split('.')[0]).toBe(anaOldToken?.split('.')[0]);
    const details = fran.getByRole('button', { name: 'Details of card: Signed after the reset' });
    await details.waitFor();
    await bringIntoView(details);
    await details.click();
    await fran.getByRole('complementary', { name: 'Card details' }).getByText('Added by Ana', { exact: true }).waitFor();
    await fran.getByRole('listitem', { name: 'Ana, participant' }).waitFor();
    // The console lists her once, online: the person she was before the reset is not listed again beside her.
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    const participants = fran.getByRole('complementary', { name: 'Run the workshop' }).getByRole('list', { name: 'Participants' });
    await participants.getByRole('listitem', { name: 'Ana, participant, online' }).waitFor();
    expect(await participants.getByRole('listitem', { name: /^Ana,/ }).count()).toBe(1);
    expect(await participants.getByRole('button', { name: /other joins? under the name Ana/ }).count()).toBe(0);

    // The old link and the old code open nothing, on a fresh device.
    const stranger = await room.open(oldLink, { name: 'Sam' });
    await stranger.getByRole('heading', { name: 'This link does not open the board' }).waitFor();
    expect(await stranger.getByRole('main').textContent()).toContain('the facilitator may have reset it');
    await stranger.getByRole('link', { name: 'Join with a code' }).click();
    await stranger.getByRole('textbox', { name: 'Join code' }).fill(oldCode);
    await stranger.getByRole('button', { name: 'Join', exact: true }).click();
    await stranger.getByRole('alert').filter({ hasText: 'No workshop has this code' }).waitFor();
    expect(room.errors).toEqual([]);
  }, 120_000);

  it('the viewer and the projector links are reset alike: their pages say so, the new links open the board and the wall', async () => {
    const board = await createWorkshop(room.server.url, 'Forwarded viewer link');
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran', creator: board });
    const viewer = await room.person(board, board.secrets.viewer, { who: 'viewer', status: 'Read only' });
    const review = await room.open(`${room.server.url}/b/${board.id}/review#${board.secrets.viewer}`, { who: 'stakeholder' });
    await review.getByRole('link', { name: 'Open the board' }).waitFor();
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'wall', width: 1920, height: 1080 });
    await poll(() => wall.getByText('Frame').count()).toBeGreaterThan(0);
    const participant = await room.person(board, board.secrets.participant, { name: 'Ana' });

    await fran.getByRole('button', { name: 'Invite' }).click();
    const panel = fran.getByRole('complementary', { name: 'Share this board' });
    const viewerLink = panel.getByRole('textbox', { name: 'Viewer link — read only' });
    const projectorLink = panel.getByRole('textbox', { name: /^Projector link/ });
    const oldViewerLink = await viewerLink.inputValue();
    const oldProjectorLink = await projectorLink.inputValue();

    await panel.getByRole('button', { name: 'Reset viewer link', exact: true }).click();
    const dialog = fran.getByRole('dialog', { name: 'Reset the viewer link?' });
    expect(await dialog.textContent()).toContain('The projector keeps its own link');
    await dialog.getByRole('button', { name: 'Reset the link' }).click();
    await fran.getByRole('status').filter({ hasText: 'Viewer link reset.' }).waitFor();
    await poll(() => viewerLink.inputValue()).not.toBe(oldViewerLink);
    const newViewerLink = await viewerLink.inputValue();
    expect(await panel.getByRole('textbox', { name: 'Viewer link to the review summary — read only' }).inputValue()).toContain(newViewerLink.slice(newViewerLink.indexOf('#')));
    // The viewer and the stakeholder on the review page are told; a viewer's way back is a new link, not the room's code.
    for (const page of [viewer, review]) {
      await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('ask them for the new link.');
      expect(await page.getByRole('link', { name: 'Join with a code' }).count()).toBe(0);
    }
    // The wall and the participant carry on; the new viewer link opens the board read only.
    await waitOnline(participant);
    await poll(() => wall.getByRole('heading', { name: 'This projector link no longer works' }).count()).toBe(0);
    await viewer.goto(newViewerLink);
    await waitOnline(viewer, 'Read only');

    // The facilitator's second device, its console open, remembers the projector link from before.
    const franLaptop = await room.person(board, board.secrets.facilitator, { name: 'Fran', creator: board, who: 'Fran’s laptop' });
    await franLaptop.getByRole('button', { name: 'Facilitate' }).click();
    const consoleProjector = franLaptop.getByRole('complementary', { name: 'Run the workshop' }).getByRole('textbox', { name: /^Projector link/ });
    await poll(() => consoleProjector.inputValue()).toBe(oldProjectorLink);

    await panel.getByRole('button', { name: 'Reset projector link', exact: true }).click();
    const wallDialog = fran.getByRole('dialog', { name: 'Reset the projector link?' });
    expect(await wallDialog.textContent()).toContain('The join code stays the same');
    await wallDialog.getByRole('button', { name: 'Reset the link' }).click();
    await fran.getByRole('status').filter({ hasText: 'Projector link reset.' }).waitFor();
    await poll(() => projectorLink.inputValue()).not.toBe(oldProjectorLink);
    await poll(() => consoleProjector.inputValue()).toBe(await projectorLink.inputValue());
    // The wall says its link no longer works, big enough for the room to read, instead of a frozen board.
    await wall.getByRole('heading', { name: 'This projector link no longer works' }).waitFor();
    await wall.goto(await projectorLink.inputValue());
    await poll(() => wall.getByText('Frame').count()).toBeGreaterThan(0);
    await waitOnline(viewer, 'Read only');
    await waitOnline(participant);
    expect(room.errors).toEqual([]);
  }, 120_000);
});
