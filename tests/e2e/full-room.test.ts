/**
 * A script holding the participant link fills the workshop with made-up
 * people (from many addresses: one proxy in front, X-Forwarded-For). In real
 * Chromium: a newcomer on her phone is told the workshop is full and can still
 * see the board; the console says so and how to make room; a removal makes
 * room and her page joins by itself. Then the facilitator resets the link, and
 * the console removes in one step everyone who has not come back with the new
 * link.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Limits } from '../../shared/protocol.ts';
import { createWorkshop, e2eRoom, poll, waitOnline, type Workshop } from './browser.ts';

const room = e2eRoom({ trustProxy: 1 });

/** `count` joins under made-up names, 25 at a time, each from an address of its own. */
async function script(board: Workshop, count: number): Promise<void> {
  for (let n = 0; n < count; n += 25) {
    const batch = Array.from({ length: Math.min(25, count - n) }, async (_, i) => {
      const at = n + i + 1;
      const res = await fetch(`${room.server.url}/api/boards/${board.id}/people`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json', 'X-Forwarded-For': `10.9.${at >> 8}.${at & 255}` },
        body: JSON.stringify({ name: `bot ${at}` }),
      });
      expect(res.status).toBe(201);
    });
    await Promise.all(batch);
  }
}

const consoleOf = (page: Page) => page.getByRole('complementary', { name: 'Run the workshop' });

describe('a full workshop', () => {
  it('tells a newcomer it is full, tells the facilitator how to make room, and clears a script’s joins after a reset', async () => {
    const board = await createWorkshop(room.server.url, 'Town hall', true);
    const fran = await room.person(board, board.secrets.facilitator, { name: 'Fran', creator: board });
    await script(board, Limits.maxPeople);

    // The wall says so beside the join code, at wall size.
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'wall', width: 1920, height: 1080 });
    await wall.getByRole('status').filter({ hasText: 'The workshop is full (2,000 people): you can look on, and take part once the facilitator makes room.' }).waitFor();

    // Cleo on her phone: the board opens, and she is told why she cannot vote or write drafts.
    const link = `${room.server.url}/b/${board.id}#${board.secrets.participant}`;
    const cleo = await room.open(link, { name: 'Cleo', width: 390, height: 844 });
    const refused = cleo.getByRole('status').filter({ hasText: 'This workshop is full: you can see the board, but not vote, write drafts or sign what you add until the facilitator makes room.' });
    await refused.waitFor();
    await cleo.getByRole('button', { name: 'Try again' }).waitFor();
    await waitOnline(cleo);
    // Refused once, asked once: the page's parts that need her person (the early join, the board's, her own part) share the answer.
    const joins: string[] = [];
    cleo.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/people') && joins.push(r.url())));
    await cleo.reload();
    await refused.waitFor();
    await waitOnline(cleo);
    expect(joins).toHaveLength(1);

    // The console says the workshop is full, and what to do.
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    const alert = consoleOf(fran).getByRole('alert').filter({ hasText: 'The workshop is full: 2,000 people have joined' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('reset the participant link in Share');
    const people = consoleOf(fran).getByRole('list', { name: 'Participants' });

    // Removing one of the script's people makes room: Cleo's page sees it and joins by itself.
    await people.getByRole('button', { name: 'Remove bot 7 from the workshop' }).click();
    await fran.getByRole('dialog', { name: 'Remove bot 7 from the workshop?' }).getByRole('button', { name: 'Remove', exact: true }).click();
    await poll(() => refused.count()).toBe(0);
    await people.getByRole('listitem', { name: 'Cleo, participant, online' }).waitFor();
    // She took the place: the workshop is full again.
    await alert.waitFor();

    // The facilitator resets the participant link: the script is out, and so is Cleo until she has the new link.
    await fran.getByRole('button', { name: 'Invite' }).click();
    const panel = fran.getByRole('complementary', { name: 'Share this board' });
    await panel.getByRole('button', { name: 'Reset participant link', exact: true }).click();
    await fran.getByRole('dialog', { name: 'Reset the participant link?' }).getByRole('button', { name: 'Reset the link' }).click();
    const linkField = panel.getByRole('textbox', { name: 'Participant link — edit' });
    await poll(() => linkField.inputValue()).not.toBe(link);
    const newLink = await linkField.inputValue();
    await panel.getByRole('button', { name: 'Close sharing' }).click();
    await cleo.getByRole('heading', { name: 'This link no longer works' }).waitFor();

    // Cleo comes back with the new link, the same person; the console counts who has not and removes them in one step.
    await cleo.goto(newLink);
    await waitOnline(cleo);
    await people.getByRole('listitem', { name: 'Cleo, participant, online' }).waitFor();
    const notBack = consoleOf(fran).getByText('1,999 people have not joined again since their link was reset.');
    await notBack.waitFor();
    expect(await people.getByRole('listitem').count()).toBe(2); // Fran and Cleo
    await consoleOf(fran).getByRole('button', { name: 'Remove all 1,999' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Remove the 1,999 people who have not joined again?' });
    expect(await dialog.textContent()).toContain('Whoever joined again stays.');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await poll(() => notBack.count()).toBe(0);
    await people.getByRole('listitem', { name: 'Cleo, participant, online' }).waitFor();
    expect(room.errors).toEqual([]);
  }, 180_000);
});
