/**
 * A portfolio and its product board owned by two server processes on one
 * PostgreSQL (issue 15 with issue 14's board ownership): the board loads on
 * the other process and reconciles its goals from the stored portfolio; a
 * later edit in the portfolio reaches the board's open client through the
 * periodic re-read (docs/SCALING.md "Portfolios across processes").
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { addCard, readCards, setCardText } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { openServerStorage } from '../../server/storage/open.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { cardText, createBoardIn, createPortfolio } from '../helpers/portfolio.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

postgresSuite('portfolios across processes on PostgreSQL', (server) => {
  let url = '';
  const clients = trackClients();
  const servers: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    url = await server().createDatabase('portfolios');
  });
  afterEach(async () => {
    clients.destroyAll();
    for (const s of servers.splice(0).reverse()) await s.stop().catch(() => {});
  });

  async function processOnPostgres(): Promise<TestServer> {
    const opened = await openServerStorage({ dataDir: '/nonexistent', databaseUrl: url });
    const s = await startTestServer({ storage: opened.storage, claims: opened.ownership! });
    opened.ownership!.setOwnerUrl(s.url);
    opened.ownership!.onLost = (boardId) => s.rooms.dropBoard(boardId);
    servers.push({ stop: async () => {
      await s.close();
      await opened.ownership!.close();
    } });
    return s;
  }

  it('the board on another process reconciles on load, and follows a later edit by re-reading the stored portfolio', async () => {
    const a = await processOnPostgres();
    const b = await processOnPostgres();
    const p = await createPortfolio(a.url, 'Acme');
    const pc = clients.connect(a.url, p.id, p.secrets.facilitator);
    await pc.synced;
    const goal = addCard(pc.doc, { column: 'goal', text: 'Grow retention' });
    await waitFor(async () => (await a.storage.load(roomName(p.id, 'content'))).updates.length > 1, 'the goal stored');
    const board = await createBoardIn(a.url, { id: p.id, secret: p.secrets.participant }, 'Billing');
    setCardText(pc.doc, goal, 'Grow retention to 115%');
    const added = addCard(pc.doc, { column: 'segment', text: 'Mid-market' });
    await waitFor(async () => {
      const stored = await a.storage.load(roomName(p.id, 'content'));
      return stored.updates.length >= 4;
    }, 'the edits stored');
    // The board is served by the other process: it reconciles from the portfolio as stored.
    expect(a.rooms.isLoaded(roomName(board.id, 'content'))).toBe(false);
    const bc = clients.connect(b.url, board.id, board.secrets.viewer);
    await bc.synced;
    await waitFor(() => cardText(bc.doc, goal) === 'Grow retention to 115%' && cardText(bc.doc, added) === 'Mid-market', 'the board caught up on load');
    expect(b.rooms.isLoaded(roomName(p.id, 'content'))).toBe(false);
    // A later edit on the portfolio's process reaches the board's process by its periodic re-read (10 s).
    setCardText(pc.doc, goal, 'Grow retention to 120%');
    await waitFor(() => cardText(bc.doc, goal) === 'Grow retention to 120%', 'the later edit on the other process', 40_000);
    expect(readCards(bc.doc).find((c) => c.id === goal)?.portfolio).toBe(p.id);
  }, 90_000);
});
