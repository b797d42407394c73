/**
 * The write budget is shared: by a person's sockets on a board, and by every
 * writing socket from one client address (server/sync/writeBudgets.ts). Per
 * socket alone, ten sockets of one participant moving linked cards on a big
 * board took more than a core (red team): a new socket, or a new name joined
 * from the same address, brought a fresh allowance. Small budgets here, so the
 * tests need few messages; the moves are of a linked card on a 2,000-card board
 * (each works out every protected record again).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { exportBoardJson, readCards, readLinks, setCardText } from '../../shared/doc/index.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { joinAs, trackClients, wsUrl } from '../helpers/clients.ts';
import { buildBoard } from '../bench/boardBuilder.ts';

const clients = trackClients();
const providers: WebsocketProvider[] = [];

type Board = { id: string; secrets: { participant: string } };

async function bigBoard(url: string, from?: string): Promise<Board> {
  const built = buildBoard(2000);
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(from ? { 'X-Forwarded-For': from } : {}) }, body: JSON.stringify(exportBoardJson(built.doc, 'bigboard')),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Board;
}

/** A participant's socket as its person, from `address` (through a trusted proxy) or from loopback. */
async function open(url: string, board: Board, person: { token: string }, address?: string) {
  const headers = address ? { 'X-Forwarded-For': address } : {};
  class FromAddress extends WebSocket {
    constructor(target: string, protocols?: string | string[]) {
      super(target, protocols, { headers });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl(url), board.id, doc, {
    params: { token: board.secrets.participant, person: person.token }, WebSocketPolyfill: FromAddress as unknown as typeof globalThis.WebSocket, disableBc: true, connect: true,
  });
  providers.push(provider);
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const closed = new Promise<number>((resolve) => provider.ws!.addEventListener('close', (e) => resolve((e as { code: number }).code)));
  provider.shouldConnect = false; // no reconnect after a close: the test reads the close code
  const linked = new Set(readLinks(doc).flatMap((l) => [l.from, l.to]));
  const card = readCards(doc).find((c) => c.column === 'value' && linked.has(c.id))!;
  const entry = doc.getMap<Y.Map<unknown>>('cards').get(card.id)!;
  let moves = 0;
  let code: number | undefined;
  void closed.then((c) => (code = c));
  return {
    /** Moves the linked card back and forth up to `max` times, until the socket is closed; how many went out. */
    async move(max: number): Promise<number> {
      for (let i = 0; i < max && code === undefined; i++) {
        entry.set('column', moves++ % 2 === 0 ? 'segment' : 'value');
        await new Promise((r) => setTimeout(r, 20));
      }
      return moves;
    },
    /** Types into an unlinked card (a light write: a millisecond or so each). */
    async type(times: number): Promise<void> {
      const free = readCards(doc).find((c) => c.column === 'segment' && !linked.has(c.id))!;
      for (let i = 0; i < times && code === undefined; i++) {
        setCardText(doc, free.id, `${free.text} ${i}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    closedWith: () => code,
    closed,
  };
}

function cleanup() {
  for (const p of providers.splice(0)) p.destroy();
}

describe('a person\'s sockets share one write budget', () => {
  const server = serverEachTest({ writeWork: { msPerSecond: 5, burstMs: 50 } }, { destroyAll: () => (clients.destroyAll(), cleanup()) });

  it('a second socket of a person whose budget is spent is closed at its first costly write; another person goes on', async () => {
    const board = await bigBoard(server.url);
    const mo = await joinAs(server.url, board.id, board.secrets.participant, 'Mo');
    const ana = await joinAs(server.url, board.id, board.secrets.participant, 'Ana');
    const first = await open(server.url, board, mo);
    await first.move(1000);
    expect(await first.closed).toBe(CloseCode.rateLimited);
    const second = await open(server.url, board, mo);
    expect(await second.move(3)).toBeLessThanOrEqual(3);
    expect(await second.closed).toBe(CloseCode.rateLimited);
    const other = await open(server.url, board, ana);
    await other.move(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(other.closedWith()).toBeUndefined();
  });
});

describe('the writing sockets of one address share its budget', () => {
  // Each person's own allowance is never spent here (a burst of 100 s): what closes them is the address's.
  const server = serverEachTest({ trustProxy: 1, writeWork: { msPerSecond: 5, burstMs: 100_000 }, addressWriteWork: { msPerSecond: 5, burstMs: 50 } }, { destroyAll: () => (clients.destroyAll(), cleanup()) });

  it('names joined again and again from one address get no more than the address, while a light writer beside them and another address go on', async () => {
    const board = await bigBoard(server.url, '203.0.113.9');
    const names = await Promise.all(['A', 'B', 'C', 'D'].map((n) => joinAs(server.url, board.id, board.secrets.participant, n)));
    const first = await open(server.url, board, names[0]!, '203.0.113.9');
    await first.move(1000);
    expect(await first.closed).toBe(CloseCode.rateLimited);
    // A second name from the same address is closed long before its own allowance (100 s) is spent.
    const second = await open(server.url, board, names[1]!, '203.0.113.9');
    expect(await second.move(1000)).toBeLessThan(300);
    expect(await second.closed).toBe(CloseCode.rateLimited);
    // Someone typing on the same Wi-Fi is not closed for what the scripts spent.
    const typist = await open(server.url, board, names[2]!, '203.0.113.9');
    await typist.type(5);
    await new Promise((r) => setTimeout(r, 200));
    expect(typist.closedWith()).toBeUndefined();
    const elsewhere = await open(server.url, board, names[3]!, '198.51.100.4');
    await elsewhere.move(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(elsewhere.closedWith()).toBeUndefined();
  });
});
