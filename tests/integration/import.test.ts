/**
 * Imports people actually have: a board JSON written from the contract's
 * fields alone, and cards from a spreadsheet into a new or existing board,
 * over HTTP and from the CLI, all or nothing.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCards, readFacilitation } from '../../shared/doc/index.ts';
import { setAnonymous } from '../../shared/doc/control.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';
import { createPortfolio } from '../helpers/portfolio.ts';

const run = promisify(execFile);
const clients = trackClients();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => clients.destroyAll());
afterAll(async () => {
  await server.close();
});

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function exported(boardId: string, secret: string) {
  const res = await fetch(`${server.url}/api/boards/${boardId}/export?format=json`, { headers: { Authorization: `Bearer ${secret}` } });
  return (await res.json()) as { board: { title: string }; cards: { column: string; text: string; status: string; author?: string; confidence?: string }[] };
}

const CSV = 'column,text,confidence,author\ngoal,Grow NRR to 115%,,Ana\ninitiative,"Spreadsheet import, with preview",high,Jonas\ninitiative,CS-led kickoff,medium,\n';

describe('board JSON in the contract’s minimal form', () => {
  it('creates a board over HTTP, defaults filled in', async () => {
    const minimal = {
      format: 'product-vcp', version: 1, board: { id: 'scripted', title: 'From a script', direction: 'rtl' },
      cards: [{ id: 'g1', column: 'goal', text: 'Grow ARR' }, { id: 'n1', column: 'initiative', text: 'Pilot' }, { id: 'g2', column: 'goal', text: 'Cut churn' }],
      links: [], commitments: [],
    };
    const created = await post('/api/boards', minimal);
    expect(created.status).toBe(201);
    const json = await exported(created.body.id as string, (created.body.secrets as { viewer: string }).viewer);
    expect(json.cards.map((c) => [c.column, c.text, c.status])).toEqual([['goal', 'Grow ARR', 'active'], ['goal', 'Cut churn', 'active'], ['initiative', 'Pilot', 'active']]);
    const bad = await post('/api/boards', { ...minimal, cards: [...minimal.cards, { id: 'x', column: 'goal' }] });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_request', message: expect.stringMatching(/^cards\[3\]\.text:/) } } });
  });
});

describe('cards from a spreadsheet into an existing board', () => {
  it('adds every row at once; connected people see them', async () => {
    const board = await createBoard(server.url);
    const watcher = clients.connect(server.url, board.id, board.secrets.participant);
    await watcher.synced;
    const res = await post(`/api/boards/${board.id}/import`, { csv: CSV }, board.secrets.facilitator);
    expect(res.status).toBe(201);
    expect(res.body.ids).toHaveLength(3);
    await waitFor(() => readCards(watcher.doc).length === 3, 'the imported cards on a connected client');
    expect(readCards(watcher.doc).map((c) => [c.column, c.text, c.author ?? null, c.confidence ?? null])).toEqual([
      ['goal', 'Grow NRR to 115%', 'Ana', null],
      ['initiative', 'Spreadsheet import, with preview', 'Jonas', 'high'],
      ['initiative', 'CS-led kickoff', null, 'medium'],
    ]);
    // Pasted tab-separated rows, and one-column lines into a chosen column.
    expect((await post(`/api/boards/${board.id}/import`, { csv: 'segment\tDACH mid-market\nvalue\tPlan in hours' }, board.secrets.facilitator)).status).toBe(201);
    expect((await post(`/api/boards/${board.id}/import`, { csv: 'Idea one\nIdea two', defaultColumn: 'behaviour' }, board.secrets.facilitator)).status).toBe(201);
    const texts = (await exported(board.id, board.secrets.viewer)).cards.map((c) => `${c.column}:${c.text}`);
    expect(texts).toEqual(expect.arrayContaining(['segment:DACH mid-market', 'value:Plan in hours', 'behaviour:Idea one', 'behaviour:Idea two']));
  });

  it('refuses a spreadsheet with a bad row, naming its line and column, and adds nothing', async () => {
    const board = await createBoard(server.url);
    const res = await post(`/api/boards/${board.id}/import`, { csv: `${CSV}initiative,Risky bet,very high,\nroadmap,Q3,,\n` }, board.secrets.facilitator);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'bad_request', message: 'line 5, column "confidence": "very high" must be one of low, medium, high (and 1 more problem)' } } });
    const cards = await post(`/api/boards/${board.id}/import`, { cards: [{ column: 'goal', text: 'Fine' }, { column: 'segment', text: 'Nordics', metric: 'ARR' }] }, board.secrets.facilitator);
    expect(cards).toMatchObject({ status: 400, body: { error: { message: 'cards[1].metric: does not apply to segment cards' } } });
    expect((await exported(board.id, board.secrets.viewer)).cards).toEqual([]);
  });

  it('is for the facilitator only, and leaves out authors in anonymous mode', async () => {
    const board = await createBoard(server.url);
    expect((await post(`/api/boards/${board.id}/import`, { csv: CSV }, board.secrets.participant)).status).toBe(403);
    expect((await post(`/api/boards/${board.id}/import`, { csv: CSV })).status).toBe(401);
    expect((await post(`/api/boards/${board.id}/import`, { csv: CSV }, board.secrets.viewer)).status).toBe(403);
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    const seen = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await Promise.all([control.synced, seen.synced]);
    setAnonymous(control.doc, true);
    // Another client has it once the server has stored it (persist before broadcast).
    await waitFor(() => readFacilitation(seen.doc).anonymous, 'anonymous mode on the server');
    expect((await post(`/api/boards/${board.id}/import`, { csv: CSV }, board.secrets.facilitator)).status).toBe(201);
    expect((await exported(board.id, board.secrets.viewer)).cards.map((c) => c.author ?? null)).toEqual([null, null, null]);
  });

  it('holds the facilitator\'s import to the board\'s rules like their own edits: a portfolio takes goals and segments only (red team)', async () => {
    const portfolio = await createPortfolio(server.url);
    const before = (await exported(portfolio.id, portfolio.secrets.viewer)).cards.length;
    const refused = await post(`/api/boards/${portfolio.id}/import`, { cards: [{ column: 'goal', text: 'Fine goal' }, { column: 'initiative', text: 'Sneaked in' }] }, portfolio.secrets.facilitator);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/^column: a portfolio holds only business goals and segments/);
    expect((await exported(portfolio.id, portfolio.secrets.viewer)).cards).toHaveLength(before);
    const fine = await post(`/api/boards/${portfolio.id}/import`, { cards: [{ column: 'goal', text: 'Fine goal' }, { column: 'segment', text: 'Nordics' }] }, portfolio.secrets.facilitator);
    expect(fine.status).toBe(201);
    expect((await exported(portfolio.id, portfolio.secrets.viewer)).cards).toHaveLength(before + 2);
  });
});

describe('vcp import (CLI)', () => {
  const env = () => ({ ...process.env, DATA_DIR: server.dataDir, PUBLIC_URL: server.url });
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import', ...args], { env: env() });

  it('makes a new board from a spreadsheet or a minimal board JSON while the server runs, and prints its links', async () => {
    const csv = join(server.dataDir, 'Q3 plan.csv');
    writeFileSync(csv, CSV);
    const { stdout } = await cli(csv);
    expect(stdout).toMatch(/^Created board "Q3 plan" \([A-Za-z0-9_-]+\) with 3 cards\./);
    const [, id, secret] = /facilitator: \S+\/b\/([A-Za-z0-9_-]+)#(\S+)/.exec(stdout)!;
    expect(stdout).toContain(`${server.url}/b/${id}#`);
    // The running server serves it, to the printed secret.
    const access = await fetch(`${server.url}/api/boards/${id}`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(await access.json()).toMatchObject({ title: 'Q3 plan', role: 'facilitator' });
    expect((await exported(id!, secret!)).cards.map((c) => c.text)).toEqual(['Grow NRR to 115%', 'Spreadsheet import, with preview', 'CS-led kickoff']);

    const json = join(server.dataDir, 'scripted.json');
    writeFileSync(json, JSON.stringify({ format: 'product-vcp', version: 1, board: { title: 'Scripted' }, cards: [{ id: 'a', column: 'value', text: 'Less admin' }] }));
    expect((await cli(json)).stdout).toMatch(/^Created board "Scripted" .* with 1 cards\./);
  });

  it('adds a spreadsheet’s cards to a board through the running server, given the facilitator link', async () => {
    const board = await createBoard(server.url);
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    await watcher.synced;
    const csv = join(server.dataDir, 'more.tsv');
    writeFileSync(csv, 'column\ttext\nsegment\tNordic agencies\n');
    const { stdout } = await cli(csv, '--board', `${server.url}/b/${board.id}#${board.secrets.facilitator}`);
    expect(stdout.trim()).toBe(`Added 1 cards to board ${board.id}.`);
    await waitFor(() => readCards(watcher.doc).some((c) => c.text === 'Nordic agencies'), 'the card on a connected client');
    await expect(cli(csv, '--board', board.id, '--secret', board.secrets.participant)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/only the facilitator/) });
  });

  it('lists every bad row and creates nothing', async () => {
    const before = (await server.storage.listBoards()).length;
    const csv = join(server.dataDir, 'bad.csv');
    writeFileSync(csv, 'column,text,confidence\ngoal,Fine,\nroadmap,Q3,\ninitiative,Bet,sure\n');
    await expect(cli(csv)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('line 3, column "column": "roadmap" is not a VCP column'),
    });
    await expect(cli(csv)).rejects.toMatchObject({ stderr: expect.stringContaining('line 4, column "confidence": "sure" must be one of low, medium, high') });
    expect((await server.storage.listBoards()).length).toBe(before);
  });
});
