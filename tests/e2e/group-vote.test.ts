/**
 * A group of cards is one line of the ballot (a live-room review grouped two
 * near-identical goals, the phone listed both, and the wall ranked them #2 and
 * #4 with the room's votes split): the laptop shows the group's vote buttons on
 * its first card only, the phone one line for the group, and the results name
 * the group with all its votes.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, setPhase, setSpotlight } from '../../shared/doc/index.ts';
import { groupCards } from '../../shared/doc/ext-groups.ts';
import { column, createWorkshop, e2eRoom, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

async function person(board: Workshop, secret: string, name: string, size = { width: 1440, height: 900 }): Promise<Page> {
  return room.person(board, secret, { name, ...size, status: size.width > 700 ? 'Online' : null });
}

describe('voting on a group', () => {
  it('is one ballot line on laptop and phone, and one entry of the results', async () => {
    const board = await createWorkshop(room.server.url, 'Group vote');
    const doc = (await room.client(board, board.secrets.facilitator, 'content')).doc;
    const arr = addCard(doc, { column: 'goal', text: 'Grow mid-market ARR to €4M' });
    const dup = addCard(doc, { column: 'goal', text: 'Grow net new ARR from mid-market' });
    const nrr = addCard(doc, { column: 'goal', text: 'Raise NRR to 115%' });
    groupCards(doc, [arr, dup], 'Mid-market ARR');
    const ctl = (await room.client(board, board.secrets.facilitator, 'control')).doc;
    setPhase(ctl, 'goals');
    const fran = await person(board, board.secrets.facilitator, 'Fran');
    const ana = await person(board, board.secrets.participant, 'Ana');
    const pia = await person(board, board.secrets.participant, 'Pia', { width: 390, height: 844 });
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('button', { name: 'Start voting' }).click();

    // The laptop: the group's buttons on its first card only.
    const goals = column(ana, 'Business goals');
    await goals.getByRole('button', { name: 'Vote for group: Mid-market ARR' }).waitFor();
    expect(await goals.getByRole('button', { name: /^Vote for (card|group)/ }).count()).toBe(2);
    await goals.getByRole('button', { name: 'Vote for card: Raise NRR to 115%' }).waitFor();
    await goals.getByRole('button', { name: 'Vote for group: Mid-market ARR' }).click();
    await goals.getByRole('img', { name: 'Your votes on this group: 1' }).waitFor();

    // The phone: one line for the group, naming its cards.
    const line = pia.getByRole('listitem').filter({ has: pia.getByRole('button', { name: 'Vote for group: Mid-market ARR' }) });
    await line.getByText('Grow mid-market ARR to €4M / Grow net new ARR from mid-market', { exact: false }).waitFor();
    expect(await pia.getByRole('button', { name: /^Vote for card: Grow/ }).count()).toBe(0);
    await pia.getByRole('button', { name: 'Vote for group: Mid-market ARR' }).click();
    await pia.getByRole('img', { name: 'Your votes on this group: 1' }).waitFor();

    // Results: the group with both votes, first.
    await fran.getByRole('button', { name: 'Reveal results' }).click();
    const ranking = fran.getByRole('list', { name: 'Latest voting results' });
    await ranking.getByText('Mid-market ARR (group of 2)').waitFor();
    expect(await ranking.getByRole('listitem').first().textContent()).toContain('2 votes');
    await pia.getByRole('heading', { name: 'Voting results' }).waitFor();
    await pia.getByText('Mid-market ARR (group of 2)').waitFor();
    await goals.getByRole('img', { name: '2 votes for the group, rank 1' }).waitFor();
    // The wall: the ranking beside a spotlit card names the group too.
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    setSpotlight(ctl, { kind: 'card', id: nrr });
    const wallRanking = wall.getByRole('list', { name: 'Ranking' });
    await wallRanking.getByText('Mid-market ARR (group of 2)').waitFor();
    expect(errors).toEqual([]);
  });
});
