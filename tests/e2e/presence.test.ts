/**
 * Other people on the canvas: their cursor with their name, and the card they
 * are dragging with its text as it stands now (the presence layer reads only
 * the dragged card's text of the board: client/board/PresenceLayer.tsx). The
 * layer is decoration for assistive tech (the card says who is moving it).
 */
import { describe, expect, it } from 'vitest';
import { addCard, setCardText } from '../../shared/doc/index.ts';
import { createWorkshop, e2eRoom, poll } from './browser.ts';

const room = e2eRoom();

describe('other people on the canvas', () => {
  it('shows their cursor, and the card they drag with its text as it changes, until they drop it', async () => {
    const board = await createWorkshop(room.server.url, 'Presence');
    const writer = await room.client(board, board.secrets.facilitator);
    const id = addCard(writer.doc, { column: 'goal', text: 'Grow ARR' });
    addCard(writer.doc, { column: 'goal', text: 'Cut churn' });
    const ana = await room.person(board, board.secrets.participant, { name: 'Ana' });
    const ben = await room.person(board, board.secrets.participant, { name: 'Ben' });
    const handle = ben.getByRole('button', { name: 'Move card: Grow ARR' });
    await handle.focus();

    // Ben's pointer on the canvas: Ana sees his cursor, named.
    const box = (await handle.boundingBox())!;
    await ben.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ana.locator('.remote-cursor').filter({ hasText: 'Ben' }).waitFor();
    // At rest, the name lets go after a few seconds (it lay over the cards' words); a move shows it again.
    const name = ana.locator('.remote-cursor-name').filter({ hasText: 'Ben' });
    expect(await name.evaluate((el) => [getComputedStyle(el).animationName, getComputedStyle(el).animationDelay])).toEqual(['cursor-name-rest', '4s']);
    const restarted = await name.elementHandle();
    await ben.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 + 3);
    await poll(() => restarted!.evaluate((el) => el.isConnected)).toBe(false);

    // Ben picks the card up and holds it: Ana sees it travel with his name and its text.
    await ben.mouse.down();
    for (let i = 1; i <= 8; i++) await ben.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + i * 12);
    const dragged = ana.locator('.remote-drag');
    await poll(() => dragged.textContent()).toBe('BenGrow ARR');
    expect(await ana.locator('.presence-layer').getAttribute('aria-hidden')).toBe('true');

    // Someone rewords the card meanwhile: what travels says so.
    setCardText(writer.doc, id, 'Grow ARR to 10 M');
    await poll(() => dragged.textContent()).toBe('BenGrow ARR to 10 M');

    await ben.mouse.up();
    await poll(() => dragged.count()).toBe(0);
    expect(room.errors).toEqual([]);
  });
  it('asks before deleting a card someone is typing in, and the typist may add their words again', async () => {
    const board = await createWorkshop(room.server.url, 'Typing');
    const writer = await room.client(board, board.secrets.facilitator);
    addCard(writer.doc, { column: 'goal', text: 'Grow' });
    const ana = await room.person(board, board.secrets.participant, { name: 'Ana' });
    const ben = await room.person(board, board.secrets.participant, { name: 'Ben' });
    const field = ana.getByRole('listitem', { name: 'Business goals card: Grow' }).getByRole('textbox', { name: 'Card text' });
    await field.click();
    await field.press('Control+End');
    await ana.keyboard.type(' ARR by a third');
    const card = ben.getByRole('listitem', { name: 'Business goals card: Grow ARR by a third' });
    await card.waitFor();
    // Ben's first click asks: Ana is typing in it.
    await card.getByRole('button', { name: 'Delete card: Grow ARR by a third' }).click();
    await card.getByRole('status').filter({ hasText: 'Ana is typing in this card. Click again to delete it anyway.' }).waitFor();
    expect(await card.count()).toBe(1);
    await card.getByRole('button', { name: 'Delete anyway: Grow ARR by a third' }).click();
    await card.waitFor({ state: 'detached' });
    // Ana is told, with her words, and adds them again.
    const notice = ana.getByRole('status').filter({ hasText: 'Someone deleted the card you were typing in: “Grow ARR by a third”.' });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Add it again' }).click();
    await ben.getByRole('listitem', { name: 'Business goals card: Grow ARR by a third' }).waitFor();
    expect(room.errors).toEqual([]);
  });
});
