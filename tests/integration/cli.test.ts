/** The CLI reads a running server's DATA_DIR (read-only) and exports the same JSON as HTTP. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard } from '../helpers/clients.ts';

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

  it('fails clearly for unknown boards and formats', async () => {
    const env = { ...process.env, DATA_DIR: server.dataDir };
    await expect(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', 'NoSuchBoard1', '--format', 'json'], { env })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no such board/) });
    await expect(run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', 'NoSuchBoard1', '--format', 'docx'], { env })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unsupported format/) });
  });
});
