/**
 * A message limit is not a cost limit: some cheap updates cost the server far
 * more than others (a card moved to another column on a big board: every
 * protected record is worked out again). A red-team session moved one card
 * back and forth ~250 times a second on a 2,000-card board and took a whole
 * core; on a 10,000-card board 50 a second stopped every other board. A
 * connection's writes may take so much server time (Limits.writeWork*; here a
 * small budget so the test needs few messages), then it is closed with 4429;
 * others on the board go on.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { exportBoardJson, readCards, readLinks, setCardText } from '../../shared/doc/index.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { socketOf, trackClients, waitFor } from '../helpers/clients.ts';
import { buildBoard } from '../bench/boardBuilder.ts';

const clients = trackClients();
const server = serverEachTest({ writeWork: { msPerSecond: 5, burstMs: 50 } }, clients);

describe('server time per connection', () => {
  it('a connection whose writes cost too much is closed with 4429; someone typing goes on', async () => {
    const built = buildBoard(2000);
    const res = await fetch(`${server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(exportBoardJson(built.doc, 'bigboard')) });
    expect(res.status).toBe(201);
    const board = (await res.json()) as { id: string; secrets: { participant: string } };
    const mover = clients.connect(server.url, board.id, board.secrets.participant);
    const typist = clients.connect(server.url, board.id, board.secrets.participant);
    await Promise.all([mover.synced, typist.synced]);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socketOf(mover).once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));

    // The card the mover moves back and forth: a linked one (each move works out every protected record
    // again; moving a card nothing names costs next to nothing); and the typist's card.
    const linked = new Set(readLinks(typist.doc).flatMap((l) => [l.from, l.to]));
    const values = readCards(typist.doc).filter((c) => c.column === 'value').map((c) => c.id);
    const moved = values.find((id) => linked.has(id));
    const typed = values.find((id) => id !== moved);
    const card = mover.doc.getMap<Y.Map<unknown>>('cards').get(moved!)!;
    let done = false;
    void closed.then(() => (done = true));
    for (let i = 0; i < 1000 && !done; i++) {
      card.set('column', i % 2 === 0 ? 'segment' : 'value');
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 50));
    }
    expect(await closed).toEqual({ code: CloseCode.rateLimited, reason: 'too much work for the server: slow down' });

    // Typing costs the server next to nothing: the typist stays.
    for (let i = 1; i <= 20; i++) setCardText(typist.doc, typed!, `typed ${i}`);
    const probe = clients.connect(server.url, board.id, board.secrets.participant);
    await probe.synced;
    await waitFor(() => readCards(probe.doc).find((c) => c.id === typed)?.text === 'typed 20', 'what the typist wrote');
    expect(typist.provider.wsconnected).toBe(true);
  });
});
