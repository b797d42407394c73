/**
 * Attacks on the board's size and history: a card grown
 * past its text limit through many valid updates, a board grown past its size
 * budget, and a mass delete on a fresh board. Memory and sizes are asserted
 * against fixed bounds, never timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard, readCards, setCardText } from '../../shared/doc/index.ts';
import { CloseCode, Limits, roomName } from '../../shared/protocol.ts';
import { countItems } from '../../server/sync/sizeLimits.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, joinAs, trackClients, waitFor } from '../helpers/clients.ts';
import { api, arena, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

/** Waits until the watcher has everything the server has sent so far (a facilitator's marker after it). */
async function settleWatcher(a: Arena): Promise<void> {
  const marker = addCard(a.facilitator.doc, { column: 'segment', text: 'marker' });
  await waitFor(() => a.watcher.doc.getMap('cards').has(marker), 'the marker');
}

/** The close code of the attacker's next disconnect. */
function nextClose(provider: { once(event: 'connection-close', f: (event: { code: number } | null) => void): void }): Promise<number | undefined> {
  return new Promise((resolve) => provider.once('connection-close', (event) => resolve(event?.code)));
}

/** A joined participant's draft room, and the close code of its socket once it closes. */
async function draftRoom() {
  const board = await createBoard(server.url);
  const pat = await joinAs(server.url, board.id, board.secrets.participant, 'Pat');
  const drafts = clients.connect(server.url, board.id, pat.token, 'draft', undefined, pat.personId);
  await drafts.synced;
  let closeCode: number | undefined;
  void nextClose(drafts.provider as never).then((code) => (closeCode = code));
  return { board, pat, drafts, closed: () => closeCode };
}

describe('a card has a text limit, on every path', () => {
  it('a card cannot grow past 10,000 characters through many valid 300 kB updates', async () => {
    a = await arena(server, clients);
    const card = a.trace.loose;
    const longest = () => Math.max(...readCards(a!.watcher.doc).map((c) => c.text.length), 0);
    a.watch('no card over the limit', (d) => d.getMap<Y.Map<Y.Text>>('cards').get(card)!.get('text')!.length <= Limits.maxCardTextChars);
    // Up to the limit is fine …
    setCardText(a.participant.doc, card, 'a'.repeat(Limits.maxCardTextChars - 100));
    await waitFor(() => longest() === Limits.maxCardTextChars - 100, 'text up to the limit');
    // … each of these frames is valid on its own (under 1 MiB), together they were 30 MB.
    const text = a.participant.doc.getMap<Y.Map<Y.Text>>('cards').get(card)!.get('text')!;
    for (let i = 0; i < 10; i++) a.participant.doc.transact(() => text.insert(text.length, `ATTACK${i}`.padEnd(300_000, 'z')));
    await settle(a);
    expect(a.watcher.doc.getMap<Y.Map<Y.Text>>('cards').get(card)!.get('text')!.length).toBe(Limits.maxCardTextChars - 100);
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('ATTACK');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('ATTACK');
    expect(back.bytes.length).toBeLessThan(200_000);
    await waitFor(() => text.length === Limits.maxCardTextChars - 100, 'the attacker converges back');
    // Typing on within the limit still works after the refusals.
    text.insert(0, 'ok ');
    await waitFor(() => longest() === Limits.maxCardTextChars - 97, 'typing after the refusals');
  });
});

describe('a board has a size budget', () => {
  it('a board grown past its size budget refuses the growth and closes the writer with 4413', async () => {
    a = await arena(server, clients);
    const rssBefore = process.memoryUsage().rss;
    let closeCode: number | undefined;
    void nextClose(a.participant.provider as never).then((code) => (closeCode = code));
    // Plain values under keys of a card's own (read by nobody): no text limit applies, only the budget.
    const bulk = a.participant.doc.getMap<Y.Map<string>>('cards').get(a.trace.loose)!;
    const watched = () => a!.watcher.doc.getMap<Y.Map<string>>('cards').get(a!.trace.loose)!;
    const bulkKeys = (m: Y.Map<string>) => [...m.keys()].filter((k) => /^k\d+$/.test(k));
    const chunk = 'B'.repeat(1_000_000 - 64);
    const rounds = Math.ceil(Limits.maxBoardBytes / chunk.length) + 2;
    let sent = 0;
    // One frame at a time, each under the 1 MiB frame limit, until the server closes the socket.
    while (closeCode === undefined && sent < rounds) {
      bulk.set(`k${sent}`, `${sent}:${chunk}`);
      const key = `k${sent++}`;
      await waitFor(() => closeCode !== undefined || watched().has(key), `chunk ${key} at the watcher or a close`, 20_000);
    }
    expect(closeCode).toBe(CloseCode.tooLarge);
    expect(sent).toBeLessThan(rounds);
    await settleWatcher(a);
    // Everything up to the budget arrived; the chunk that would pass it never did, nor is it stored.
    expect(bulkKeys(watched()).length).toBe(sent - 1);
    const back = (await stored(server, a.board.id)).doc;
    expect(bulkKeys(back.getMap<Y.Map<string>>('cards').get(a.trace.loose)!).length).toBe(sent - 1);
    expect(Y.encodeStateAsUpdate(back).byteLength).toBeLessThanOrEqual(Limits.maxBoardBytes);
    // 44xx closes are final for y-websocket: the attacker's client stays offline until it connects
    // again (a reload); then it converges to what the server kept, with no loop re-sending the refused part.
    const provider = a.participant.provider;
    await waitFor(() => {
      if (!provider.wsconnected && !provider.wsconnecting) provider.connect();
      return provider.synced && bulkKeys(bulk).length === bulkKeys(watched()).length;
    }, 'the attacker converges', 20_000);
    // Deleting makes room again.
    a.participant.doc.transact(() => bulkKeys(bulk).forEach((k) => bulk.delete(k)));
    await waitFor(() => bulkKeys(watched()).length === 0, 'room made');
    const card = addCard(a.participant.doc, { column: 'value', text: 'after the budget' });
    await waitFor(() => a!.watcher.doc.getMap('cards').has(card), 'a card after making room');
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    console.log(`budget attack: server process RSS grew ${grownMb.toFixed(0)} MB while ${sent} MB were sent`);
    expect(grownMb).toBeLessThan(600);
  }, 90_000);
});

describe('what a participant writes has a place on the board, and a bound on its items', () => {
  it('a part the board does not have is refused whole and the writer closed with 4403', async () => {
    a = await arena(server, clients);
    let closeCode: number | undefined;
    void nextClose(a.participant.provider as never).then((code) => (closeCode = code));
    // A red-team participant filled an array of their own with 1.7 M items (a root nobody can delete).
    const junk = a.participant.doc.getArray<number>('zz');
    a.participant.doc.transact(() => {
      for (let i = 0; i < 1000; i++) junk.insert(0, [i]);
      setCardText(a!.participant.doc, a!.trace.loose, 'Loose idea, with junk beside it');
    });
    await waitFor(() => closeCode !== undefined, 'the writer closed');
    expect(closeCode).toBe(CloseCode.forbidden);
    await settleWatcher(a);
    expect(a.watcher.doc.getArray('zz').length).toBe(0);
    expect(readCards(a.watcher.doc).find((c) => c.id === a!.trace.loose)?.text).toBe('Loose idea');
    expect((await stored(server, a.board.id)).doc.getArray('zz').length).toBe(0);
  });

  it('a draft room holds at most so many items: past the bound the growth is refused with 4413', async () => {
    const { board, pat, drafts, closed } = await draftRoom();
    // Letters typed each before the one before, 9,000 to a draft (within a card's 10,000 characters):
    // items no edit merges, ~8 B each, far within the byte budget.
    let rounds = 0;
    for (; closed() === undefined && rounds < 10; rounds++) {
      drafts.doc.transact(() => {
        const card = addCard(drafts.doc, { column: 'value', text: '' });
        const text = drafts.doc.getMap<Y.Map<Y.Text>>('cards').get(card)!.get('text') as Y.Text;
        for (let i = 0; i < 9_000; i++) text.insert(0, 'm');
      });
      await waitFor(() => closed() !== undefined || drafts.provider.synced, 'sent', 20_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(() => closed() !== undefined, 'the writer closed', 20_000);
    expect(closed()).toBe(CloseCode.tooLarge);
    expect(rounds).toBeGreaterThanOrEqual(Math.ceil(Limits.maxDraftItems / 9_000));
    // The server kept four drafts: the fifth would take the room past its 40,000 items.
    const room = server.rooms.loaded(roomName(board.id, 'draft', pat.personId))!;
    expect(readCards(room.doc).length).toBe(Math.floor(Limits.maxDraftItems / 9_000));
    expect(countItems(room.doc)).toBeLessThanOrEqual(Limits.maxDraftItems);
    const back = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.secrets.facilitator}` } });
    expect(back.status).toBe(200);
  });

  it('deletions count too: cutting every other letter of long drafts (each cut splits an item) is refused at the bound', async () => {
    const { board, pat, drafts, closed } = await draftRoom();
    // A review took a board past its bound this way: 9,000 letters typed in one go are one item; deleting every
    // other one makes 9,000 items of it, while the update inserts nothing.
    for (let round = 0; closed() === undefined && round < 10; round++) {
      const card = addCard(drafts.doc, { column: 'value', text: 'm'.repeat(9_000) });
      const text = drafts.doc.getMap<Y.Map<Y.Text>>('cards').get(card)!.get('text') as Y.Text;
      drafts.doc.transact(() => {
        for (let i = 4_499; i >= 0; i--) text.delete(i * 2, 1);
      });
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor(() => closed() !== undefined, 'the writer closed', 20_000);
    expect(closed()).toBe(CloseCode.tooLarge);
    const room = server.rooms.loaded(roomName(board.id, 'draft', pat.personId))!;
    expect(countItems(room.doc)).toBeLessThanOrEqual(Limits.maxDraftItems);
  });
});

describe('a mass delete is always one restore away', () => {
  it('a new board has a snapshot at creation, and deleting every card is preceded by one', async () => {
    const board = await createBoard(server.url, { title: 'Fresh', example: true });
    const list = async () => ((await api(server, `/api/boards/${board.id}/history`, board.secrets.viewer)).body.snapshots as { id: string; reason: string; label?: string }[]);
    expect((await list()).map((s) => s.reason)).toEqual(['created']);
    const participant = clients.connect(server.url, board.id, board.secrets.participant);
    await participant.synced;
    const count = readCards(participant.doc).length;
    expect(count).toBeGreaterThan(5);
    participant.doc.transact(() => readCards(participant.doc).forEach((c) => deleteCard(participant.doc, c.id)));
    const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
    await waitFor(() => watcher.provider.synced && readCards(watcher.doc).length < count, 'the delete at others');
    const removal = (await list()).find((s) => s.reason === 'removal');
    expect(removal?.label).toMatch(/^Before \d+ cards were removed$/);
    const before = (await api(server, `/api/boards/${board.id}/history/${removal!.id}`, board.secrets.viewer)).body as { cards: unknown[] };
    expect(before.cards).toHaveLength(count);
    // A few cards is an ordinary edit: no snapshot for it.
    const small = await createBoard(server.url, { title: 'Small', example: true });
    const p2 = clients.connect(server.url, small.id, small.secrets.participant);
    await p2.synced;
    p2.doc.transact(() => readCards(p2.doc).slice(0, 5).forEach((c) => deleteCard(p2.doc, c.id)));
    const w2 = clients.connect(server.url, small.id, small.secrets.viewer);
    await waitFor(() => w2.provider.synced && readCards(w2.doc).length === readCards(p2.doc).length, 'the small delete at others');
    const smallList = (await api(server, `/api/boards/${small.id}/history`, small.secrets.viewer)).body.snapshots as { reason: string }[];
    expect(smallList.map((s) => s.reason)).toEqual(['created']);
  });
});
