/**
 * Reveal adds new cards and never overwrites: a draft keeps its id on the
 * board (so its author's editor can move onto the same card), unless a card
 * on the board already has that id; then the draft gets a new id.
 */
import { describe, expect, it } from 'vitest';
import { addCard, readCard, readCards, setPrivateWriting } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('reveal ids', () => {
  it('a draft keeps its id; one whose id is taken on the board comes as a new card, the board’s card untouched', async () => {
    const board = await createBoard(server.url);
    const facilitator = clients.connect(server.url, board.id, board.secrets.facilitator);
    await facilitator.synced;
    addCard(facilitator.doc, { id: 'taken-id', column: 'value', text: 'Already on the board' });
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    setPrivateWriting(control.doc, true);
    const ann = (await post(`/api/boards/${board.id}/people`, board.secrets.participant, { name: 'Ann' })).body as { personId: string; token: string };
    const drafts = clients.connect(server.url, board.id, ann.token, 'draft', undefined, ann.personId);
    await drafts.synced;
    addCard(drafts.doc, { id: 'fresh-id', column: 'value', text: 'Plans in minutes' });
    addCard(drafts.doc, { id: 'taken-id', column: 'value', text: 'Fewer status meetings' });
    // A second connection to the draft room sees both: the server has them.
    const check = clients.connect(server.url, board.id, ann.token, 'draft', undefined, ann.personId);
    await waitFor(() => readCards(check.doc).length === 2, 'drafts stored');

    expect((await post(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { action: 'revealDrafts' })).body).toEqual({ revealed: 2 });
    await waitFor(() => readCards(facilitator.doc).length === 3, 'drafts revealed');
    expect(readCard(facilitator.doc, 'fresh-id')?.text).toBe('Plans in minutes');
    expect(readCard(facilitator.doc, 'taken-id')?.text).toBe('Already on the board');
    const moved = readCards(facilitator.doc).find((c) => c.text === 'Fewer status meetings');
    expect(moved?.id).toMatch(/^(?!taken-id$|fresh-id$)/);
  });
});
