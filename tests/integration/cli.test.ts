/** The CLI reads a running server's DATA_DIR (read-only) and exports the same JSON as HTTP. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard } from '../helpers/clients.ts';
import { hashSecret, newSecret } from '../../server/secrets.ts';
import { roomName } from '../../shared/protocol.ts';
import type { BoardJson } from '../../shared/schema.ts';

/** A board written before schema versioning (see tests/unit/migrations.test.ts): title only, two cards, a link. */
const V0_UPDATE = Buffer.from(readFileSync(new URL('../fixtures/docs/board-v0.update.b64', import.meta.url), 'utf8').trim(), 'base64');

const run = promisify(execFile);
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('vcp CLI', () => {
  it('exports JSON from the data directory while the server runs', async () => {
    const board = await createBoard(server.url, { title: 'CLI board', example: true });
    await fetch(`${server.url}/api/boards/${board.id}/cards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.participant}` },
      body: JSON.stringify({ column: 'goal', text: 'Added over HTTP' }),
    });
    const out = join(server.dataDir, 'export.json');
    const env = { ...process.env, DATA_DIR: server.dataDir };
    await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', board.id, '--format', 'json', '--out', out], { env });
    const fromCli = JSON.parse(readFileSync(out, 'utf8'));
    const fromHttp = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json();
    expect(fromCli).toEqual(fromHttp);
    expect(fromCli.cards.some((c: { text: string }) => c.text === 'Added over HTTP')).toBe(true);
  });

  it('exports a stored board of an older schema version as the server does: migrated, equal to the HTTP export', async () => {
    const legacy = await storedBoard(V0_UPDATE);
    // Exported by the CLI first, while nothing has loaded (and migrated) the stored board.
    const before = await cliExport(legacy.id);
    const fromHttp = await (await fetch(`${server.url}/api/boards/${legacy.id}/export?format=json`, { headers: { Authorization: `Bearer ${legacy.viewer}` } })).json();
    expect(before).toEqual(fromHttp);
    expect(before.board).toEqual({ id: legacy.id, title: 'Legacy board — før versjonering', direction: 'rtl', createdAt: '1970-01-01T00:00:00.000Z' });
    expect(before.links).toEqual([{ id: 'legacyLink', from: 'legacySegment', to: 'legacyGoal', assumption: 'We believe SMBs upgrade' }]);
    // And again once the server has migrated and stored it.
    expect(await cliExport(legacy.id)).toEqual(fromHttp);
  });

  it('refuses a board stored by a newer version, as the server does, instead of exporting a misread board', async () => {
    const newer = new Y.Doc();
    newer.getMap('board').set('title', 'From the future');
    newer.getMap('board').set('schemaVersion', 99);
    const board = await storedBoard(Y.encodeStateAsUpdate(newer));
    const env = { ...process.env, DATA_DIR: server.dataDir };
    await expect(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', board.id, '--format', 'json'], { env }))
      .rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/schema version 99 is newer/) });
    const fromHttp = await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.viewer}` } });
    expect(fromHttp.status).not.toBe(200);
  });

  it('fails clearly for unknown boards and formats', async () => {
    const env = { ...process.env, DATA_DIR: server.dataDir };
    await expect(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', 'NoSuchBoard1', '--format', 'json'], { env })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no such board/) });
    await expect(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', 'NoSuchBoard1', '--format', 'docx'], { env })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unsupported format/) });
  });
});

describe('vcp CLI without a store', () => {
  const CLI = resolve('server/cli.ts');
  /** Runs the CLI in an empty directory, with no DATA_DIR unless given: its exit code, stdout and stderr. */
  async function cli(args: string[], dataDir?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const cwd = mkdtempSync(join(tmpdir(), 'vcp-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATA_DIR;
    if (dataDir) env.DATA_DIR = dataDir;
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], { env, cwd });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }
  const noStackTrace = (text: string) => !/\n\s+at /.test(text) && !text.includes('node:internal');

  it('prints the help for --help on any command, with no store at all', async () => {
    const cases = [['export', '--help'], ['export', 'abc', '-h'], ['import', '--help'], ['--help'], []];
    const runs = await Promise.all(cases.map((args) => cli(args)));
    runs.forEach(({ code, stdout, stderr }, i) => {
      expect({ args: cases[i], code, stderr }).toEqual({ args: cases[i], code: 0, stderr: '' });
      expect(stdout).toMatch(/^usage: npm run vcp -- (export|import)/);
    });
    expect(runs[0]!.stdout).toContain('--format json|md|csv|ics|html|pdf');
  }, 120_000);

  it('says in one line that there is no store (no DATA_DIR, or one without boards), never a stack trace', async () => {
    const missing = await cli(['export', 'AbCdEf1234', '--format', 'md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^no boards in .*data \(vcp\.sqlite is missing\): set DATA_DIR to the server's data directory$/);
    const empty = mkdtempSync(join(tmpdir(), 'vcp-empty-'));
    try {
      const none = await cli(['export', 'AbCdEf1234'], empty);
      expect(none.code).toBe(2);
      expect(none.stderr.trim().split('\n')).toHaveLength(1);
      // A file that is no store at all.
      writeFileSync(join(empty, 'vcp.sqlite'), 'not a database');
      const broken = await cli(['export', 'AbCdEf1234'], empty);
      expect(broken.code).toBeGreaterThan(0);
      expect(broken.stderr.trim().split('\n')).toHaveLength(1);
      expect(broken.stderr).toMatch(/^cannot open the boards in /);
      expect(noStackTrace(missing.stderr + none.stderr + broken.stderr)).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Stores a board whose content document is `update`, as an older (or newer) version left it; returns its id and viewer secret. */
async function storedBoard(update: Uint8Array): Promise<{ id: string; viewer: string }> {
  const id = `Stored${newSecret().slice(0, 12).replace(/[^A-Za-z0-9]/g, 'x')}`;
  const secrets = { facilitator: newSecret(), participant: newSecret(), viewer: newSecret() };
  const secretHashes = { facilitator: hashSecret(secrets.facilitator), participant: hashSecret(secrets.participant), viewer: hashSecret(secrets.viewer) };
  await server.storage.createBoard({ id, title: 'Stored', createdAt: Date.now(), secretHashes }, [{ docName: roomName(id, 'content'), update }]);
  return { id, viewer: secrets.viewer };
}

/** The board JSON the CLI exports. */
async function cliExport(boardId: string): Promise<BoardJson> {
  const out = join(server.dataDir, `${boardId}.json`);
  const env = { ...process.env, DATA_DIR: server.dataDir };
  await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', boardId, '--format', 'json', '--out', out], { env });
  return JSON.parse(readFileSync(out, 'utf8'));
}
