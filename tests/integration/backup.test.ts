/**
 * The backup of docs/DEPLOY.md, run for real: the documented `npm run vcp --
 * backup` command against the data directory of a running server that keeps
 * writing, and the copy opened as a server's DATA_DIR.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, waitFor } from '../helpers/clients.ts';
let server: TestServer | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The backup command of docs/DEPLOY.md, for this data directory and backup directory, run from this checkout. */
function documentedCommand(dataDir: string, backups: string): string {
  const doc = readFileSync(resolve('docs/DEPLOY.md'), 'utf8');
  const command = /## Backups[\s\S]*?```sh\n(cd \/opt\/vcp-board && [^\n]+)\n```/.exec(doc)?.[1];
  if (!command) throw new Error('docs/DEPLOY.md has no backup command under "## Backups"');
  return command.replace('/opt/vcp-board', process.cwd()).replace('/var/lib/vcp-board', dataDir).replace('/var/backups/vcp-board', backups);
}

describe('backing up DATA_DIR while the server runs (docs/DEPLOY.md)', () => {
  it('npm run vcp -- backup gives a consistent copy that a server opens with every stored card', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const writer = connect(server.url, board.id, board.secrets.participant);
    await writer.synced;
    for (let i = 0; i < 50; i++) addCard(writer.doc, { column: 'initiative', text: `Before the backup ${i}` });
    const reader = connect(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(reader.doc).length === 50, 'the cards stored');
    // The server keeps writing while the backup runs: one card after another, each stored (the reader has it) before the next.
    const backups = mkdtempSync(join(tmpdir(), 'vcp-backups-'));
    dirs.push(backups);
    const backup = new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn('sh', ['-c', documentedCommand(server!.dataDir, backups)]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => done({ status, stderr }));
    });
    let backedUp = false;
    void backup.then(() => (backedUp = true));
    for (let i = 0; !backedUp; i++) {
      addCard(writer.doc, { column: 'value', text: `During the backup ${i}` });
      await waitFor(() => readCards(reader.doc).length === 51 + i, 'the card written during the backup stored');
    }
    const run = await backup;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const [copy] = readdirSync(backups).filter((f) => /^vcp-.*\.sqlite$/.test(f));
    expect(copy).toBeDefined();
    const file = join(backups, copy!);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    // The copy as a fresh DATA_DIR: the board and every card stored before the backup.
    const restored = mkdtempSync(join(tmpdir(), 'vcp-restored-'));
    dirs.push(restored);
    copyFileSync(file, join(restored, 'vcp.sqlite'));
    const storage = openSqliteStorage({ dataDir: restored, readonly: true });
    expect(await storage.getBoard(board.id)).toMatchObject({ id: board.id, title: 'Test board' });
    const stored = await storage.load(board.id);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    const texts = readCards(doc).map((c) => c.text);
    for (let i = 0; i < 50; i++) expect(texts).toContain(`Before the backup ${i}`);
    await storage.close();
    writer.destroy();
    reader.destroy();
  });
});
