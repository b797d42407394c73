/**
 * After the facilitator resets the participant link, the wall shows the new
 * join code (and the QR code of the new link) at once, not at its next
 * five-minute check: the room rejoins from the wall while the old code and
 * link open nothing.
 */
import { describe, expect, it } from 'vitest';
import { createWorkshop, e2eRoom, poll } from './browser.ts';

const room = e2eRoom();

const post = (path: string, secret: string, body: unknown) =>
  fetch(`${room.server.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the wall after a reset of the participant link', () => {
  it('shows the new join code at once, and it opens the board', async () => {
    const board = await createWorkshop(room.server.url, 'Reset on the wall', true);
    const made = await post(`/api/boards/${board.id}/join-codes`, board.secrets.facilitator, {});
    const { code: before } = (await made.json()) as { code: string };
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const shown = async () => (await wall.getByLabel(/^Join code /).first().textContent())?.replace('-', '');
    await poll(shown).toBe(before);

    const reset = await post(`/api/boards/${board.id}/invites/reset`, board.secrets.facilitator, { role: 'participant' });
    expect(reset.status).toBe(200);
    const { participant } = (await reset.json()) as { participant: string };
    await poll(shown).not.toBe(before);
    const after = (await shown())!;
    // The code on the wall stands for the new link; the old code opens nothing.
    expect(await (await fetch(`${room.server.url}/api/join/${after}`)).json()).toMatchObject({ boardId: board.id, secret: participant });
    expect((await fetch(`${room.server.url}/api/join/${before}`)).status).toBe(404);
    await wall.getByRole('img', { name: 'QR code to join the workshop' }).waitFor();
    expect(room.errors).toEqual([]);
  }, 60_000);
});
