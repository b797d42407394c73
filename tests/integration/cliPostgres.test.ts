/**
 * The CLI on PostgreSQL: with DATABASE_URL, `npm run vcp` exports, lists and
 * imports the boards of the servers on that database, as it does with
 * DATA_DIR for one server on SQLite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openServerStorage } from '../../server/storage/open.ts';
import { FORMAT, FORMAT_VERSION } from '../../shared/schema.ts';
import { createBoard } from '../helpers/clients.ts';
import { postgresSuite } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);

/** How a CLI run that failed ended: its exit code and what it printed on stderr. */
type Failed = { code: number; stderr: string };
const failed = (promise: Promise<unknown>): Promise<Failed> =>
  promise.then(() => ({ code: 0, stderr: '' }), (e: Failed) => e);

postgresSuite('the CLI on PostgreSQL', (pgServer) => {
  let url = '';
  let server: TestServer;
  let stopOwnership: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'vcp-cli-pg-'));
  // No SQLite anywhere: DATA_DIR names an empty directory, so only DATABASE_URL can hold the boards.
  const cli = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir } });

  beforeAll(async () => {
    url = await pgServer().createDatabase('cli');
    const opened = await openServerStorage({ dataDir: dir, databaseUrl: url });
    server = await startTestServer({ storage: opened.storage, claims: opened.ownership!, cluster: opened.ownership!.cluster });
    opened.ownership!.setOwnerUrl(server.url);
    stopOwnership = () => opened.ownership!.close();
  });
  afterAll(async () => {
    await server?.close();
    await stopOwnership?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a board the server stored in PostgreSQL, equal to the HTTP export, while the server runs', async () => {
    const board = await createBoard(server.url, { title: 'On PostgreSQL', example: true });
    const added = await fetch(`${server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.participant}` },
      body: JSON.stringify({ column: 'goal', text: 'Added over HTTP' }),
    });
    expect(added.status).toBe(201);
    const out = join(dir, 'export.json');
    await cli(['export', board.id, '--format', 'json', '--out', out]);
    const fromCli = JSON.parse(readFileSync(out, 'utf8'));
    const fromHttp = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json();
    expect(fromCli).toEqual(fromHttp);
    expect(fromCli.cards.some((c: { text: string }) => c.text === 'Added over HTTP')).toBe(true);

    const { stdout } = await cli(['list']);
    expect(stdout).toContain(`${board.id}\t`);
    expect(stdout).toContain('\tOn PostgreSQL\n');

    const missing = await failed(cli(['export', 'nosuchboard00000', '--format', 'json']));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('no such board: nosuchboard00000');
  });

  it('imports a board JSON as a new board into PostgreSQL, which the server then serves', async () => {
    const file = join(dir, 'board.json');
    writeFileSync(file, JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, board: { title: 'Imported into PostgreSQL' }, cards: [{ id: 'c1', column: 'goal', text: 'Grow ARR' }] }));
    const { stdout } = await cli(['import', file]);
    const id = /\(([A-Za-z0-9_-]+)\) with 1 cards/.exec(stdout)?.[1];
    const viewer = /viewer: +\S+#(\S+)/.exec(stdout)?.[1];
    expect(id && viewer).toBeTruthy();
    const exported = await fetch(`${server.url}/api/boards/${id}/export?format=json`, { headers: { Authorization: `Bearer ${decodeURIComponent(viewer!)}` } });
    expect(exported.status).toBe(200);
    const json = (await exported.json()) as { board: { title: string }; cards: { text: string }[] };
    expect(json.board.title).toBe('Imported into PostgreSQL');
    expect(json.cards.map((c) => c.text)).toEqual(['Grow ARR']);
  });

  it('says in one line when the database cannot be reached', async () => {
    const refused = await failed(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'list'], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none', DATA_DIR: dir },
    }));
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^cannot open the boards in postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: /);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
