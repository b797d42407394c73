/**
 * Durability (docs/API.md, "Sync websocket": nothing any client received is lost): the server runs as a child process on SQLite;
 * websocket writers and a REST writer add cards; the server is killed with
 * SIGKILL at a random moment; after a restart every card that any client had
 * received from the server, and every card that got a 201, is still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { connect, createBoard, type SyncClient } from '../helpers/clients.ts';
import { mulberry32 } from '../property/prng.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vcp-durability-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'no-client') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('durability under kill -9', () => {
  it('loses nothing any client received or that got a 201, over several kills', async () => {
    const random = mulberry32(20261122);
    let { child, url } = await startChild();
    const board = await createBoard(url, { title: 'Durability' });
    const received = new Set<string>();
    const acknowledged = new Set<string>();
    const rounds = 5;

    for (let round = 0; round < rounds; round++) {
      const writers: SyncClient[] = [connect(url, board.id, board.secrets.participant), connect(url, board.id, board.secrets.participant)];
      const observer = connect(url, board.id, board.secrets.viewer);
      await Promise.all([...writers.map((w) => w.synced), observer.synced]);
      observer.doc.on('update', () => {
        for (const c of readCards(observer.doc)) received.add(c.id);
      });
      let running = true;
      const wsLoop = (async () => {
        let i = 0;
        while (running) {
          const w = writers[i++ % writers.length]!;
          addCard(w.doc, { column: 'value', text: `r${round} ws ${i}` });
          await new Promise((r) => setTimeout(r, 2)); // the writers' pace, not a wait for anything
        }
      })();
      const restLoop = (async () => {
        let i = 0;
        while (running) {
          try {
            const res = await fetch(`${url}/api/boards/${board.id}/cards`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${board.secrets.participant}` },
              body: JSON.stringify({ column: 'goal', text: `r${round} rest ${i++}` }),
            });
            if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
          } catch {
            // The server died mid-request: that card was never acknowledged.
          }
        }
      })();
      // The kill comes at a random moment of the writing (seeded): that moment is the test's input.
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 600)));
      await killHard(child);
      running = false;
      await Promise.all([wsLoop, restLoop]);
      for (const w of writers) w.destroy();
      observer.destroy();

      ({ child, url } = await startChild());
      const check = connect(url, board.id, board.secrets.viewer);
      await check.synced;
      const present = new Set(readCards(check.doc).map((c) => c.id));
      const lostReceived = [...received].filter((id) => !present.has(id));
      const lostAcked = [...acknowledged].filter((id) => !present.has(id));
      check.destroy();
      expect(lostReceived, `round ${round}: cards clients had received`).toEqual([]);
      expect(lostAcked, `round ${round}: cards that got a 201`).toEqual([]);
    }
    expect(received.size).toBeGreaterThan(rounds * 10);
    expect(acknowledged.size).toBeGreaterThan(rounds);

    // A clean SIGTERM flushes and exits 0.
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 120_000);
});

