/**
 * Readiness: `/healthz` tells a proxy or orchestrator when
 * storage is failing, instead of answering ok while nothing can be stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addCard, readCards } from '../../shared/doc/index.ts';
import { openMemoryStorage } from '../../server/storage/memory.ts';
import { faulty } from '../helpers/faultyStorage.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';

let server: TestServer | undefined;
const clients = trackClients();
afterEach(async () => {
  clients.destroyAll();
  await server?.close();
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server!.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('readiness', () => {
  it('/healthz answers 503 storage "failing" while writes fail, and 200 "ok" once they are stored again', async () => {
    const storage = faulty(openMemoryStorage());
    server = await startTestServer({ storage });
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, storage: 'ok' } });
    const board = await createBoard(server.url);
    const writer = clients.connect(server.url, board.id, board.secrets.participant);
    const reader = clients.connect(server.url, board.id, board.secrets.viewer);
    await Promise.all([writer.synced, reader.synced]);

    storage.failAppends = true;
    addCard(writer.doc, { column: 'goal', text: 'during the outage' });
    await waitFor(() => storage.appendCalls > 0 && !storage.appendedBatches.length, 'a failed write');
    const failing = await waitFor(async () => {
      const now = await health();
      return now.status === 503 && now;
    }, '/healthz to say storage is failing');
    expect(failing.body).toMatchObject({ ok: false, storage: 'failing' });
    expect(readCards(reader.doc)).toHaveLength(0);

    storage.failAppends = false;
    await waitFor(() => readCards(reader.doc).length === 1, 'the card stored and sent after recovery');
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, storage: 'ok' } });
  });
});
