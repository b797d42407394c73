/**
 * Portfolios (issue 15) with the real server and stock clients: a portfolio's
 * goals and segments reach its product boards live and on load, a board
 * detaches with a copy of what it used, and secrets do not cross.
 */
import { describe, expect, it } from 'vitest';
import {
  addCard, addLink, deleteCard, readBoardInfo, readCards, readDecisions, readLinks, setBoardTitle, setCardStatus, setCardText, setPrivateWriting, updateCardFields,
} from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { createBoard, joinAs, rawSocket, trackClients, waitFor } from '../helpers/clients.ts';
import { call, cardText, createBoardIn, createPortfolio, mirrored } from '../helpers/portfolio.ts';
import { serverEachTest } from '../helpers/server.ts';
import { stored } from '../security/fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

/** A portfolio with two goals and a segment, its facilitator's client, and two boards in it with a client each. */
async function setup() {
  const p = await createPortfolio(server.url);
  const pc = clients.connect(server.url, p.id, p.secrets.facilitator);
  await pc.synced;
  const goal = addCard(pc.doc, { column: 'goal', text: 'Grow net revenue retention to 115%' });
  const goal2 = addCard(pc.doc, { column: 'goal', text: 'Cut churn in mid-market' });
  const segment = addCard(pc.doc, { column: 'segment', text: 'Mid-market operations leads' });
  const key = { id: p.id, secret: p.secrets.participant };
  await waitFor(async () => (await call(server.url, 'GET', `/api/portfolios/${p.id}/boards`, p.secrets.viewer)).status === 200, 'the portfolio answers');
  const a = await createBoardIn(server.url, key, 'Billing');
  const b = await createBoardIn(server.url, key, 'Onboarding');
  const ac = clients.connect(server.url, a.id, a.secrets.participant);
  const bc = clients.connect(server.url, b.id, b.secrets.participant);
  await Promise.all([ac.synced, bc.synced]);
  return { p, pc, goal, goal2, segment, a, b, ac, bc };
}

describe('portfolio HTTP', () => {
  it('creates a portfolio and a board in it; GET says kind and portfolio', async () => {
    const p = await createPortfolio(server.url, 'Acme', true);
    expect(p.kind).toBe('portfolio');
    expect(Object.keys(p.secrets)).toEqual(expect.arrayContaining(['facilitator', 'participant', 'viewer']));
    const got = await call(server.url, 'GET', `/api/boards/${p.id}`, p.secrets.viewer);
    expect(got.body).toMatchObject({ kind: 'portfolio', title: 'Acme' });
    const board = await createBoardIn(server.url, { id: p.id, secret: p.secrets.facilitator }, 'Billing');
    const info = await call(server.url, 'GET', `/api/boards/${board.id}`, board.secrets.viewer);
    expect(info.body).toMatchObject({ kind: 'board', portfolio: { id: p.id, title: 'Acme' } });
    const list = await call(server.url, 'GET', `/api/portfolios/${p.id}/boards`, p.secrets.viewer);
    expect((list.body.boards as { id: string; title: string }[]).map((x) => x.title)).toEqual(['Billing']);
    // The example portfolio holds only goals and segments, and the board shows them all.
    const c = clients.connect(server.url, board.id, board.secrets.viewer);
    await c.synced;
    const shown = mirrored(c.doc);
    expect(shown.length).toBeGreaterThan(1);
    expect(new Set(shown.map((x) => x.column))).toEqual(new Set(['goal', 'segment']));
  });

  it('secrets do not cross: a viewer link or a board secret cannot start a board in a portfolio, nor open it', async () => {
    const p = await createPortfolio(server.url);
    const other = await createBoard(server.url);
    const viewer = await call(server.url, 'POST', '/api/boards', undefined, { title: 'X', portfolio: { id: p.id, secret: p.secrets.viewer } });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error?.message).toMatch(/^portfolio\.secret: a viewer's link/);
    const boardSecret = await call(server.url, 'POST', '/api/boards', undefined, { title: 'X', portfolio: { id: p.id, secret: other.secrets.facilitator } });
    expect(boardSecret.status).toBe(401);
    expect(boardSecret.body.error?.message).toMatch(/^portfolio\.secret: /);
    const notPortfolio = await call(server.url, 'POST', '/api/boards', undefined, { title: 'X', portfolio: { id: other.id, secret: other.secrets.facilitator } });
    expect(notPortfolio.status).toBe(400);
    expect(notPortfolio.body.error?.message).toMatch(/not a portfolio/);
    // A board's secrets never open its portfolio, and the reverse (HTTP and sync).
    const board = await createBoardIn(server.url, { id: p.id, secret: p.secrets.participant });
    for (const secret of Object.values(board.secrets)) expect((await call(server.url, 'GET', `/api/boards/${p.id}`, secret)).status).toBe(401);
    for (const secret of Object.values(p.secrets)) expect((await call(server.url, 'GET', `/api/boards/${board.id}`, secret)).status).toBe(401);
    expect(await rawSocket(server.url, roomName(p.id, 'content'), board.secrets.facilitator).refused).toBe(401);
    expect(await rawSocket(server.url, roomName(board.id, 'content'), p.secrets.facilitator).refused).toBe(401);
    // Attaching takes the board's facilitator and the portfolio's participant or facilitator.
    expect((await call(server.url, 'POST', `/api/boards/${other.id}/portfolio`, other.secrets.participant, { id: p.id, secret: p.secrets.facilitator })).status).toBe(403);
    expect((await call(server.url, 'POST', `/api/boards/${other.id}/portfolio`, other.secrets.facilitator, { id: p.id, secret: p.secrets.viewer })).status).toBe(403);
    expect((await call(server.url, 'POST', `/api/boards/${other.id}/portfolio`, other.secrets.facilitator, { id: p.id, secret: other.secrets.facilitator })).status).toBe(401);
    expect((await call(server.url, 'DELETE', `/api/portfolios/${p.id}/boards/${board.id}`, board.secrets.facilitator)).status).toBe(401);
    expect((await call(server.url, 'DELETE', `/api/portfolios/${p.id}/boards/${board.id}`, p.secrets.participant)).status).toBe(403);
  });

  it('a portfolio holds only goals and segments (REST add-card of a value card is refused)', async () => {
    const p = await createPortfolio(server.url);
    const value = await call(server.url, 'POST', `/api/boards/${p.id}/cards`, p.secrets.facilitator, { column: 'value', text: 'Faster invoices' });
    expect(value.status).toBe(403);
    expect(value.body.error?.message).toMatch(/only business goals and segments/);
    expect((await call(server.url, 'POST', `/api/boards/${p.id}/cards`, p.secrets.participant, { column: 'goal', text: 'Grow' })).status).toBe(201);
  });
});

describe('private writing in a portfolio', () => {
  it('reveals drafted goals and segments; a draft of another column stays with its author', async () => {
    const p = await createPortfolio(server.url);
    const fac = clients.connect(server.url, p.id, p.secrets.facilitator);
    const control = clients.connect(server.url, p.id, p.secrets.facilitator, 'control');
    await Promise.all([fac.synced, control.synced]);
    setPrivateWriting(control.doc, true);
    const ann = await joinAs(server.url, p.id, p.secrets.participant, 'Ann');
    const drafts = clients.connect(server.url, p.id, ann.token, 'draft', undefined, ann.personId);
    await drafts.synced;
    addCard(drafts.doc, { id: 'draft-goal', column: 'goal', text: 'Grow in DACH' });
    addCard(drafts.doc, { id: 'draft-value', column: 'value', text: 'Not a portfolio card' });
    const check = clients.connect(server.url, p.id, ann.token, 'draft', undefined, ann.personId);
    await waitFor(() => readCards(check.doc).length === 2, 'drafts stored');
    const reveal = await call(server.url, 'POST', `/api/boards/${p.id}/facilitation`, p.secrets.facilitator, { action: 'revealDrafts' });
    expect(reveal.body).toMatchObject({ revealed: 1, held: [{ card: 'draft-value', reason: 'locked' }] });
    await waitFor(() => cardText(fac.doc, 'draft-goal') === 'Grow in DACH', 'the goal revealed');
    expect(readCards(fac.doc).some((c) => c.column === 'value')).toBe(false);
  });
});

describe('the live mirror', () => {
  it('a goal edited, added, re-ordered and deleted in the portfolio reaches two attached boards\' open clients', async () => {
    const { pc, goal, goal2, ac, bc } = await setup();
    for (const c of [ac, bc]) await waitFor(() => mirrored(c.doc).length === 3, 'the three portfolio cards on a board');
    setCardText(pc.doc, goal, 'Grow net revenue retention to 120%');
    updateCardFields(pc.doc, goal, { metric: 'NRR' });
    setCardStatus(pc.doc, goal2, 'parked');
    for (const c of [ac, bc]) {
      await waitFor(() => cardText(c.doc, goal) === 'Grow net revenue retention to 120%', 'the edited goal');
      await waitFor(() => readCards(c.doc).find((x) => x.id === goal)?.metric === 'NRR' && readCards(c.doc).find((x) => x.id === goal2)?.status === 'parked', 'fields and status');
    }
    const added = addCard(pc.doc, { column: 'goal', text: 'Enter the DACH market' });
    for (const c of [ac, bc]) await waitFor(() => cardText(c.doc, added) === 'Enter the DACH market', 'the added goal');
    deleteCard(pc.doc, goal2);
    for (const c of [ac, bc]) await waitFor(() => !readCards(c.doc).some((x) => x.id === goal2), 'the deleted goal gone');
    setBoardTitle(pc.doc, 'Acme 2027');
    for (const c of [ac, bc]) await waitFor(() => readBoardInfo(c.doc).portfolio?.title === 'Acme 2027', 'the portfolio title');
  });

  it('a board not loaded during an edit reconciles when it loads', async () => {
    const p = await createPortfolio(server.url);
    const pc = clients.connect(server.url, p.id, p.secrets.facilitator);
    await pc.synced;
    const goal = addCard(pc.doc, { column: 'goal', text: 'Old words' });
    await waitFor(async () => (await stored(server, roomName(p.id, 'content'))).doc.getMap('cards').has(goal), 'the goal stored');
    const board = await createBoardIn(server.url, { id: p.id, secret: p.secrets.facilitator });
    expect(server.rooms.isLoaded(roomName(board.id, 'content'))).toBe(false);
    setCardText(pc.doc, goal, 'New words');
    const added = addCard(pc.doc, { column: 'segment', text: 'Late segment' });
    await waitFor(async () => (await stored(server, roomName(p.id, 'content'))).doc.getMap('cards').has(added), 'the edit stored');
    expect(server.rooms.isLoaded(roomName(board.id, 'content'))).toBe(false);
    const c = clients.connect(server.url, board.id, board.secrets.viewer);
    await c.synced;
    await waitFor(() => cardText(c.doc, goal) === 'New words' && cardText(c.doc, added) === 'Late segment', 'the board caught up on load');
    expect((await stored(server, roomName(board.id, 'content'))).doc.getMap('cards').has(added)).toBe(true);
  });

  it('a portfolio goal the board links to is kept as a local card when deleted in the portfolio; an unused one goes', async () => {
    const { p, pc, goal, goal2, segment, ac, a } = await setup();
    await waitFor(() => mirrored(ac.doc).length === 3, 'the mirror');
    const value = addCard(ac.doc, { column: 'value', text: 'Invoices reconcile themselves' });
    addLink(ac.doc, value, segment);
    const fac = clients.connect(server.url, a.id, a.secrets.facilitator);
    await fac.synced;
    await waitFor(() => readLinks(fac.doc).length === 1, 'the link on the server');
    deleteCard(pc.doc, segment);
    deleteCard(pc.doc, goal2);
    await waitFor(() => !readCards(ac.doc).some((x) => x.id === goal2), 'the unused goal gone');
    await waitFor(() => readCards(ac.doc).find((x) => x.id === segment)?.portfolio === undefined, 'the linked segment local');
    expect(cardText(ac.doc, segment)).toBe('Mid-market operations leads');
    expect(readLinks(ac.doc)).toHaveLength(1);
    expect(readCards(ac.doc).find((x) => x.id === goal)?.portfolio).toBe(p.id);
    const kept = readDecisions(ac.doc).find((d) => d.kind === 'portfolio' && d.action === 'card-kept');
    expect(kept).toMatchObject({ cards: [{ id: segment }], links: 1 });
  });
});

describe('attach and detach', () => {
  it('detaching keeps the copy with its links, logs it, and the portfolio stops reaching the board', async () => {
    const { p, pc, goal, segment, a, ac } = await setup();
    await waitFor(() => mirrored(ac.doc).length === 3, 'the mirror');
    const value = addCard(ac.doc, { column: 'value', text: 'Invoices reconcile themselves' });
    addLink(ac.doc, value, segment);
    await waitFor(async () => readLinks((await stored(server, roomName(a.id, 'content'))).doc).length === 1, 'the link stored');
    expect((await call(server.url, 'DELETE', `/api/boards/${a.id}/portfolio`, a.secrets.participant)).status).toBe(403);
    const r = await call(server.url, 'DELETE', `/api/boards/${a.id}/portfolio`, a.secrets.facilitator);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kept: 3, links: 1 });
    await waitFor(() => mirrored(ac.doc).length === 0 && readBoardInfo(ac.doc).portfolio === undefined, 'the board left');
    expect(readCards(ac.doc).filter((x) => x.column === 'goal' || x.column === 'segment')).toHaveLength(3);
    expect(readLinks(ac.doc)).toHaveLength(1);
    expect(readDecisions(ac.doc).find((d) => d.kind === 'portfolio' && d.action === 'detached')).toMatchObject({ links: 1, portfolio: { id: p.id } });
    const list = await call(server.url, 'GET', `/api/portfolios/${p.id}/boards`, p.secrets.viewer);
    expect((list.body.boards as { id: string }[]).map((x) => x.id)).not.toContain(a.id);
    // Later edits in the portfolio no longer reach it; the kept copy is the board's own now.
    setCardText(pc.doc, goal, 'Changed after the detach');
    await waitFor(async () => cardText((await stored(server, roomName(p.id, 'content'))).doc, goal) === 'Changed after the detach', 'the portfolio edit stored');
    setCardText(ac.doc, goal, 'Our own words now');
    await waitFor(async () => cardText((await stored(server, roomName(a.id, 'content'))).doc, goal) === 'Our own words now', 'the local edit stored');
  });

  it('a standalone board attaches later (its own goals stay, marked local), and the portfolio\'s facilitator can take it out', async () => {
    const p = await createPortfolio(server.url);
    const pc = clients.connect(server.url, p.id, p.secrets.facilitator);
    await pc.synced;
    const goal = addCard(pc.doc, { column: 'goal', text: 'Portfolio goal' });
    const board = await createBoard(server.url);
    const bc = clients.connect(server.url, board.id, board.secrets.participant);
    await bc.synced;
    const own = addCard(bc.doc, { column: 'goal', text: 'Our own goal' });
    await waitFor(() => cardText(pc.doc, goal) !== undefined, 'the goal');
    await waitFor(async () => (await stored(server, roomName(board.id, 'content'))).doc.getMap('cards').has(own), 'own goal stored');
    const r = await call(server.url, 'POST', `/api/boards/${board.id}/portfolio`, board.secrets.facilitator, { id: p.id, secret: p.secrets.participant });
    expect(r.status).toBe(200);
    await waitFor(() => cardText(bc.doc, goal) === 'Portfolio goal', 'the portfolio goal on the board');
    expect(readCards(bc.doc).find((x) => x.id === own)?.portfolio).toBeUndefined();
    expect(readDecisions(bc.doc).some((d) => d.kind === 'portfolio' && d.action === 'attached')).toBe(true);
    const second = await createPortfolio(server.url, 'Other');
    const conflict = await call(server.url, 'POST', `/api/boards/${board.id}/portfolio`, board.secrets.facilitator, { id: second.id, secret: second.secrets.facilitator });
    expect(conflict.status).toBe(409);
    const out = await call(server.url, 'DELETE', `/api/portfolios/${p.id}/boards/${board.id}`, p.secrets.facilitator);
    expect(out.status).toBe(200);
    await waitFor(() => readBoardInfo(bc.doc).portfolio === undefined, 'the board out of the portfolio');
    expect(cardText(bc.doc, goal)).toBe('Portfolio goal');
  });
});
