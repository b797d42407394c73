/**
 * The server as `npm start` runs it: bundled by esbuild (scripts/buildServer.mjs)
 * and started with plain node, its production flags and environment
 * (scripts/serverNodeFlags.mjs). Tests elsewhere run the TypeScript through
 * tsx; this one proves the bundle is the same server: it serves, syncs,
 * loads the modules it imports on first use (the PDF renderer with
 * its fonts, iCalendar) and stops cleanly.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { buildServer } from '../../scripts/buildServer.mjs';
import { SERVER_NODE_FLAGS, serverEnv } from '../../scripts/serverNodeFlags.mjs';
import { connect, createBoard, waitFor } from '../helpers/clients.ts';
import { startChildServer, type ChildServer } from '../security/childServer.ts';

// Inside the checkout, so the bundle's package imports resolve from node_modules as dist-server/'s do.
const outdir = resolve('.tmp', `server-bundle-${process.pid}`);
let server: ChildServer | undefined;

beforeAll(async () => {
  mkdirSync('.tmp', { recursive: true });
  await buildServer(['server/main.ts'], outdir);
  server = await startChildServer(serverEnv({}), [...SERVER_NODE_FLAGS, join(outdir, 'main.mjs')]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

describe('the bundled server (npm start)', () => {
  it('is ASCII-only JavaScript with Yjs and zod inside it, not imported beside it', () => {
    const modules = readdirSync(outdir).filter((f) => f.endsWith('.mjs'));
    // One character outside ASCII makes V8 hold that module's whole source as
    // two-byte text: twice its size in memory, for the server's lifetime.
    const nonAscii = modules.filter((f) => readFileSync(join(outdir, f)).some((byte) => byte > 0x7f));
    expect(nonAscii).toEqual([]);
    // Bundled, only the parts used are held (zod's ~900 KB of source otherwise), and one Yjs.
    const imported = new Set(modules.flatMap((f) => [...readFileSync(join(outdir, f), 'utf8').matchAll(/\bfrom\s*"([^".][^"]*)"/g)].map((m) => m[1]!)));
    for (const pkg of ['yjs', 'zod', 'lib0/encoding', 'y-protocols/sync']) expect(imported).not.toContain(pkg);
    expect(imported).toContain('better-sqlite3');
  });

  it('serves boards over HTTP and sync, exports PDF and iCalendar, refuses a taken port with a clear message, and exits 0 on SIGTERM', async () => {
    const s = server!;
    const board = await createBoard(s.url, { title: 'Bundled', example: true });
    const writer = connect(s.url, board.id, board.secrets.facilitator);
    try {
      await writer.synced;
      addCard(writer.doc, { column: 'goal', text: 'Through the bundle' });
      const reader = connect(s.url, board.id, board.secrets.viewer);
      try {
        await reader.synced;
        await waitFor(() => readCards(reader.doc).some((c) => c.text === 'Through the bundle'), 'the card at another client');
      } finally {
        reader.destroy();
      }
    } finally {
      writer.destroy();
    }

    const auth = { Authorization: `Bearer ${board.secrets.facilitator}` };
    const pdf = await fetch(`${s.url}/api/boards/${board.id}/export?format=pdf`, { headers: auth });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const ics = await fetch(`${s.url}/api/boards/${board.id}/export?format=ics`, { headers: auth });
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    const json = await fetch(`${s.url}/api/boards/${board.id}/export?format=json`, { headers: auth });
    expect(JSON.stringify(await json.json())).toContain('Through the bundle');

    // A second server on the same port says why it cannot start, instead of a stack trace.
    await expect(startChildServer(serverEnv({ PORT: String(s.port) }), [...SERVER_NODE_FLAGS, join(outdir, 'main.mjs')])).rejects.toThrow(
      new RegExp(`exited with 2: .*cannot start: port ${s.port} on 127\\.0\\.0\\.1 is in use`, 's'),
    );

    server = undefined;
    expect(await s.stop()).toBe(0);
  }, 60_000);
});
