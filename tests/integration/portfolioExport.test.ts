/**
 * A product board's exports (issue 15): the board JSON carries the portfolio
 * and the goals and segments it shows from it, and imports standalone (they
 * become the new board's own cards); Markdown, CSV, HTML and PDF mark the
 * mirrored goals and segments as from the portfolio.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { addCard, addLink, promoteToCommitment, readCards, readLinks, setCardText } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { call, createBoardIn, createPortfolio } from '../helpers/portfolio.ts';
import { serverEachTest } from '../helpers/server.ts';
import { stored } from '../security/fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

async function exported(boardId: string, secret: string, format: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/boards/${boardId}/export?format=${format}`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** A product board with a mirrored goal and segment, its own chain linked to them, and a commitment on it. */
async function productBoard() {
  const p = await createPortfolio(server.url, 'Acme portfolio');
  const pc = clients.connect(server.url, p.id, p.secrets.facilitator);
  await pc.synced;
  const goal = addCard(pc.doc, { column: 'goal', text: 'Grow net revenue retention' });
  const segment = addCard(pc.doc, { column: 'segment', text: 'Mid-market operations leads' });
  // Which segment serves which goal is the portfolio's to say: the board gets the link with the cards.
  addLink(pc.doc, segment, goal);
  await waitFor(async () => (await stored(server, roomName(p.id, 'content'))).doc.getMap('links').size === 1, 'the portfolio stored');
  const board = await createBoardIn(server.url, { id: p.id, secret: p.secrets.facilitator }, 'Billing');
  const c = clients.connect(server.url, board.id, board.secrets.facilitator);
  await c.synced;
  await waitFor(() => readCards(c.doc).length === 2 && readLinks(c.doc).length === 1, 'the mirror');
  const value = addCard(c.doc, { column: 'value', text: 'Invoices reconcile themselves' });
  const behaviour = addCard(c.doc, { column: 'behaviour', text: 'Finance closes the month in a day' });
  const indicator = addCard(c.doc, { column: 'indicator', text: 'Days to close' });
  const initiative = addCard(c.doc, { column: 'initiative', text: 'Auto-matching of payments' });
  addLink(c.doc, value, segment);
  addLink(c.doc, behaviour, value);
  addLink(c.doc, indicator, behaviour);
  addLink(c.doc, initiative, indicator);
  promoteToCommitment(c.doc, initiative, { title: 'Ship auto-matching', owner: 'Ann' });
  await waitFor(async () => readLinks((await stored(server, roomName(board.id, 'content'))).doc).length === 5, 'the chain stored');
  return { p, board, goal, segment, c };
}

describe('exports of a product board', () => {
  it('the board JSON carries the portfolio and imports standalone; export → import → export', async () => {
    const { p, board, goal, segment } = await productBoard();
    const json = JSON.parse((await exported(board.id, board.secrets.viewer, 'json')).toString('utf8')) as {
      board: { portfolio?: { id: string; title: string } }; cards: { id: string; portfolio?: string; text: string }[];
    };
    expect(json.board.portfolio).toEqual({ id: p.id, title: 'Acme portfolio' });
    expect(json.cards.filter((c) => c.portfolio === p.id).map((c) => c.id).sort()).toEqual([goal, segment].sort());
    // Imported standalone: the same cards and links, the goal and segment its own (editable), no portfolio.
    const imported = await call(server.url, 'POST', '/api/boards', undefined, json);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const copy = imported.body as { id: string; secrets: { facilitator: string; participant: string; viewer: string } };
    const info = await call(server.url, 'GET', `/api/boards/${copy.id}`, copy.secrets.viewer);
    expect(info.body.portfolio).toBeUndefined();
    const pc = clients.connect(server.url, copy.id, copy.secrets.participant);
    await pc.synced;
    expect(readCards(pc.doc).find((c) => c.id === goal)).toMatchObject({ text: 'Grow net revenue retention' });
    expect(readCards(pc.doc).some((c) => c.portfolio !== undefined)).toBe(false);
    expect(readLinks(pc.doc)).toHaveLength(5);
    setCardText(pc.doc, goal, 'Our goal now');
    await waitFor(async () => readCards((await stored(server, roomName(copy.id, 'content'))).doc).find((c) => c.id === goal)?.text === 'Our goal now', 'the edit kept');
    const again = JSON.parse((await exported(copy.id, copy.secrets.viewer, 'json')).toString('utf8')) as typeof json;
    expect(again.board.portfolio).toBeUndefined();
    expect(again.cards.some((c) => c.portfolio !== undefined)).toBe(false);
  });

  it('Markdown, CSV, HTML and PDF mark the goals and segments from the portfolio', async () => {
    const { board } = await productBoard();
    const md = (await exported(board.id, board.secrets.viewer, 'md')).toString('utf8');
    expect(md).toContain('**Portfolio:** Acme portfolio');
    expect(md).toContain('### Grow net revenue retention _(from the portfolio)_');
    expect(md).toContain('**Segments:** Mid-market operations leads _(from the portfolio)_');
    expect(md).not.toContain('Invoices reconcile themselves _(from the portfolio)_');
    const csv = (await exported(board.id, board.secrets.viewer, 'csv')).toString('utf8');
    expect(csv).toContain('Grow net revenue retention (from the portfolio)');
    expect(csv).toContain('Mid-market operations leads (from the portfolio)');
    const html = (await exported(board.id, board.secrets.viewer, 'html')).toString('utf8');
    expect(html).toContain('Portfolio: Acme portfolio');
    expect(html.match(/<em>From the portfolio<\/em>/g)?.length).toBeGreaterThanOrEqual(2);
    const pdf = await getDocumentProxy(new Uint8Array(await exported(board.id, board.secrets.viewer, 'pdf')));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('From the portfolio');
    expect(text).toContain('portfolio: Acme portfolio');
  });
});
