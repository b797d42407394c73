/**
 * Anonymous mode keeps writers unnamed for anyone who reads the board, a
 * viewer's stock client included. The server stores no author; but every Yjs
 * item carries its writer's client id, and a presence (with the person's name)
 * is published under the id the page's document started with: a red-team
 * session matched every anonymous card to its writer that way. The app gives
 * its document a new id when anonymous mode starts, and keeps which card a
 * person types in off the presence while it is on.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readCards, setAnonymous, setPhase } from '../../shared/doc/index.ts';
import { addCard, createWorkshop, e2eRoom, poll } from './browser.ts';

const room = e2eRoom();

/** The client id of the item that made card `id` (what any reader of the document sees). */
const writerOf = (doc: Y.Doc, id: string): number => (doc.getMap('cards') as unknown as { _map: Map<string, { id: { client: number } }> })._map.get(id)!.id.client;

describe('anonymous mode', () => {
  it('a viewer cannot match an anonymous card to its writer: not through the presence, not through their signed cards', async () => {
    const board = await createWorkshop(room.server.url, 'Anonymous');
    const control = await room.client(board, board.secrets.facilitator, 'control');
    setPhase(control.doc, 'goals');
    const ana = await room.person(board, board.secrets.participant, { name: 'Ana' });
    const viewer = await room.client(board, board.secrets.viewer);
    // Before: a card signed with her name, written under her page's client id.
    await addCard(ana, 'Business goals', 'Signed goal');
    await poll(() => readCards(viewer.doc).find((c) => c.text === 'Signed goal')?.author).toBe('Ana');
    const signed = readCards(viewer.doc).find((c) => c.text === 'Signed goal')!;
    const presences = () => [...viewer.provider.awareness.getStates().entries()].filter(([, s]) => (s as { user?: { name?: string } }).user?.name === 'Ana');
    await poll(() => presences().length).toBe(1);
    const [anaPresence] = presences()[0]!;
    expect(writerOf(viewer.doc, signed.id)).toBe(anaPresence);
    // A comment of hers, signed, written before.
    await ana.getByRole('button', { name: 'Details of card: Signed goal' }).click();
    const comments = ana.getByRole('region', { name: /^Comments/ });
    await comments.getByRole('combobox', { name: 'Add a comment' }).fill('Mine, signed');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    await comments.getByText('Mine, signed').waitFor();
    await ana.getByRole('button', { name: 'Close card details' }).click();

    setAnonymous(control.doc, true);
    await ana.getByRole('region', { name: 'Workshop' }).getByText('Anonymous', { exact: false }).first().waitFor();
    await addCard(ana, 'Business goals', 'Anonymous goal');
    await poll(() => readCards(viewer.doc).some((c) => c.text === 'Anonymous goal')).toBe(true);
    const anonymous = readCards(viewer.doc).find((c) => c.text === 'Anonymous goal')!;
    expect(anonymous.author).toBeUndefined();
    const writer = writerOf(viewer.doc, anonymous.id);
    expect(writer).not.toBe(anaPresence);
    expect(writer).not.toBe(writerOf(viewer.doc, signed.id));
    expect([...viewer.provider.awareness.getStates().keys()]).not.toContain(writer);
    // Typing in it does not show on her presence.
    const field = ana.getByRole('listitem', { name: 'Business goals card: Anonymous goal' }).getByRole('textbox', { name: 'Card text' });
    await field.click();
    await field.press('End');
    await ana.keyboard.type(' now');
    await poll(() => readCards(viewer.doc).find((c) => c.id === anonymous.id)?.text).toBe('Anonymous goal now');
    expect(presences().map(([, s]) => (s as { editing?: unknown }).editing ?? null)).toEqual([null]);
    // Nor where her pointer is (a cursor on a column's Add button named the writer of the card that appeared there).
    await ana.mouse.move(300, 300);
    await ana.mouse.move(320, 340);
    await ana.waitForTimeout(300);
    expect(presences().map(([, s]) => (s as { cursor?: unknown }).cursor ?? null)).toEqual([null]);
    // Deleting her own signed comment (only she may) is written under an id of its own, not her anonymous cards'.
    await ana.getByRole('button', { name: 'Details of card: Signed goal' }).click();
    await ana.getByRole('region', { name: /^Comments/ }).getByRole('button', { name: /^Delete comment/ }).first().click();
    const comment = () => [...viewer.doc.getMap<Y.Map<unknown>>('comments').values()][0]!;
    await poll(() => comment().get('deleted')).toBe(true);
    const deletedBy = (comment() as unknown as { _map: Map<string, { id: { client: number } }> })._map.get('deleted')!.id.client;
    expect(deletedBy).not.toBe(writer);
    expect(room.errors).toEqual([]);
  });
});
