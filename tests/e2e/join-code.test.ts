/**
 * Getting people in: the facilitator on a second device still sees the invite
 * links, creates a short join code, and a participant types it on the start page.
 */
import { describe, expect, it } from 'vitest';
import { boardLink, column, createWorkshop, e2eRoom, openPage, waitOnline } from './browser.ts';

const room = e2eRoom();

describe('join code', () => {
  it('a facilitator on another device creates a code; a participant joins with it', async () => {
    const workshop = await createWorkshop(room.server.url, 'Code workshop');
    // A browser that did not create the board: it only knows the facilitator link.
    const facilitator = await openPage(room.browser, boardLink(room.server.url, workshop.id, workshop.secrets.facilitator), { name: 'Fran' });
    const f = facilitator.page;
    await waitOnline(f);
    await f.getByRole('button', { name: 'Invite' }).click();
    const participantLink = f.getByRole('textbox', { name: 'Participant link — edit' });
    await participantLink.waitFor();
    expect(await participantLink.inputValue()).toBe(boardLink(room.server.url, workshop.id, workshop.secrets.participant));
    await f.getByRole('button', { name: 'Create a join code' }).click();
    const codeLabel = await f.getByLabel(/^Join code /).getAttribute('aria-label');
    const code = codeLabel!.replace('Join code ', '').replace(/ /g, '');
    expect(code).toMatch(/^[0-9A-Z]{8}$/);

    // On a phone, from the address on the wall: the code field is on the first screen, before starting a workshop.
    const phone = (await openPage(room.browser, `${room.server.url}/`, { name: 'Pia', width: 390, height: 844 })).page;
    await phone.getByRole('textbox', { name: 'Join code' }).waitFor();
    const field = (await phone.getByRole('textbox', { name: 'Join code' }).boundingBox())!;
    expect(field.y + field.height).toBeLessThan(844);
    expect(field.y).toBeLessThan((await phone.getByRole('heading', { name: 'Start a workshop' }).boundingBox())!.y);

    const participant = await openPage(room.browser, `${room.server.url}/`, { name: 'Pat' });
    const p = participant.page;
    await p.getByRole('textbox', { name: 'Join code' }).fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    await p.getByRole('button', { name: 'Join', exact: true }).click();
    await waitOnline(p);
    await column(p, 'Business goals').waitFor();
    await f.getByRole('listitem', { name: 'Pat, participant' }).waitFor();

    const stranger = await openPage(room.browser, `${room.server.url}/`, { name: 'Sam' });
    await stranger.page.getByRole('textbox', { name: 'Join code' }).fill('ZZZZ-ZZZZ');
    await stranger.page.getByRole('button', { name: 'Join', exact: true }).click();
    await stranger.page.getByRole('alert').filter({ hasText: 'No workshop has this code' }).waitFor();
    expect([...facilitator.errors, ...participant.errors]).toEqual([]);
  });
});
