/**
 * Attacks through the REST add-card, which must not be a way around the
 * websocket's rules: `POST /api/boards/<id>/cards` goes through the same rule engine as a websocket
 * update from the same role. A refused card is refused whole with a 4xx that
 * names the bad field, and is never stored or sent to anyone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readCards, readFacilitation, setLockedColumns, setPrivateWriting } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor, type SyncClient } from '../helpers/clients.ts';
import { api, arena, type Arena, controlReached, settle, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

async function control(a: Arena): Promise<SyncClient> {
  const c = clients.connect(server.url, a.board.id, a.board.secrets.facilitator, 'control');
  await c.synced;
  return c;
}

const addCardOverRest = (a: Arena, secret: string, column: string, text: string) => api(server, `/api/boards/${a.board.id}/cards`, secret, { column, text });

/** The refused card never reached anyone and is not stored. */
async function expectNowhere(a: Arena, marker: string): Promise<void> {
  await settle(a, a.facilitator);
  expect(readCards(a.watcher.doc).some((c) => c.text.includes(marker))).toBe(false);
  expect(a.seen()).not.toContain(marker);
  expect((await stored(server, a.board.id)).bytes).not.toContain(marker);
}

describe('the REST add-card follows the websocket\'s rules', () => {
  it('REST add-card during private writing is refused', async () => {
    a = await arena(server, clients);
    setPrivateWriting((await control(a)).doc, true);
    await controlReached(server, a, (d) => readFacilitation(d).privateWriting, 'private writing on the server');
    const res = await addCardOverRest(a, a.board.secrets.participant, 'value', 'REST-DURING-PRIVATE');
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: expect.stringMatching(/^card: private writing is on/) });
    await expectNowhere(a, 'REST-DURING-PRIVATE');
  });

  it('REST add-card into a locked column is refused with the path of the bad field', async () => {
    a = await arena(server, clients);
    setLockedColumns((await control(a)).doc, ['goal']);
    await controlReached(server, a, (d) => readFacilitation(d).lockedColumns.includes('goal'), 'the lock on the server');
    const res = await addCardOverRest(a, a.board.secrets.participant, 'goal', 'REST-INTO-LOCKED');
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'column: the goal column is locked' });
    await expectNowhere(a, 'REST-INTO-LOCKED');
    // The facilitator is not bound by locks, over REST as over the websocket.
    const own = await addCardOverRest(a, a.board.secrets.facilitator, 'goal', 'By the facilitator');
    expect(own.status).toBe(201);
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.id === own.body.id), 'the facilitator\'s card');
  });

  it('REST add-card on a board over its size budget is refused with 413', async () => {
    a = await arena(server, clients);
    // The facilitator fills the board to within a few hundred bytes of its budget, one frame at a
    // time, in ever smaller chunks (each refusal closes its socket with 4413; it connects again).
    const bulk = a.facilitator.doc.getMap<string>('bulk');
    const provider = a.facilitator.provider;
    let n = 0;
    for (const size of [1_000_000, 100_000, 10_000, 1_000]) {
      await waitFor(() => {
        if (!provider.wsconnected && !provider.wsconnecting) provider.connect();
        return provider.synced;
      }, 'the facilitator connected', 20_000);
      let closed = false;
      provider.once('connection-close', () => void (closed = true));
      while (!closed) {
        const key = `k${n++}`;
        bulk.set(key, `${key}:`.padEnd(size - 64, 'F'));
        await waitFor(() => closed || a!.watcher.doc.getMap('bulk').has(key), `chunk ${key}`, 20_000);
      }
    }
    const res = await addCardOverRest(a, a.board.secrets.participant, 'value', 'REST-OVER-BUDGET '.padEnd(5_000, '.'));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'too_large', message: expect.stringMatching(/^board: the board is full \(16 MiB\)/) });
    expect((await stored(server, a.board.id)).bytes).not.toContain('REST-OVER-BUDGET');
  }, 60_000);
});
