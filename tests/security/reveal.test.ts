/**
 * Attacks through private writing's reveal: a participant
 * writes into their own draft room whatever their client likes, and the
 * server's reveal copies drafts into the board. Reveal only adds cards, into
 * columns their author may write, signed by the author's person, and never
 * writes over an existing card.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, readCards, readCommitments, readFacilitation, setAnonymous, setLockedColumns, setPrivateWriting,
} from '../../shared/doc/index.ts';
import { Limits } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { joinAs, trackClients, waitFor, type SyncClient } from '../helpers/clients.ts';
import { api, arena, type Arena, controlReached, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

/** Private writing on, and a participant ("Dee") with their draft room open. */
async function privateWriting(a: Arena): Promise<{ control: SyncClient; drafts: SyncClient; personId: string; docName: string }> {
  const control = clients.connect(server.url, a.board.id, a.board.secrets.facilitator, 'control');
  await control.synced;
  setPrivateWriting(control.doc, true);
  const dee = await joinAs(server.url, a.board.id, a.board.secrets.participant, 'Dee');
  const drafts = clients.connect(server.url, a.board.id, dee.token, 'draft', undefined, dee.personId);
  await drafts.synced;
  return { control, drafts, personId: dee.personId, docName: `${a.board.id}/draft/${dee.personId}` };
}

/** Writes drafts and waits until the server has stored them. */
async function writeDrafts(w: { drafts: SyncClient; docName: string }, write: (doc: Y.Doc) => void): Promise<void> {
  write(w.drafts.doc);
  const ids = readCards(w.drafts.doc).map((c) => c.id).sort().join();
  await waitFor(async () => readCards((await stored(server, w.docName)).doc).map((c) => c.id).sort().join() === ids, 'the drafts stored');
}

const reveal = (a: Arena) => api(server, `/api/boards/${a.board.id}/facilitation`, a.board.secrets.facilitator, { action: 'revealDrafts' });

describe('reveal only adds cards', () => {
  it('a draft with an existing card\'s id does not overwrite it on reveal', async () => {
    a = await arena(server, clients);
    const w = await privateWriting(a);
    const before = readCards(a.watcher.doc);
    await writeDrafts(w, (doc) => {
      addCard(doc, { id: a!.trace.initiative, column: 'initiative', text: 'HIJACKED initiative' });
      addCard(doc, { id: a!.trace.goal, column: 'goal', text: 'HIJACKED goal' });
    });
    const res = await reveal(a);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revealed: 2 });
    await waitFor(() => readCards(a!.watcher.doc).length === before.length + 2, 'the drafts, as new cards');
    const after = readCards(a.watcher.doc);
    // Every existing card is as it was; the drafts are there too, under fresh ids.
    for (const card of before) expect(after.find((c) => c.id === card.id)).toEqual(card);
    const added = after.filter((c) => !before.some((b) => b.id === c.id));
    expect(added.map((c) => c.text).sort()).toEqual(['HIJACKED goal', 'HIJACKED initiative']);
    expect(readCommitments(a.watcher.doc)[0]).toMatchObject({ card: a.trace.initiative, status: 'agreed' });
    expect(readCards((await stored(server, a.board.id)).doc).find((c) => c.id === a!.trace.initiative)?.text).toBe('Capacity view');
  });

  it('a revealed draft keeps its id when it is unused, so its author types on in the same card', async () => {
    a = await arena(server, clients);
    const w = await privateWriting(a);
    let id = '';
    await writeDrafts(w, (doc) => void (id = addCard(doc, { column: 'value', text: 'Mine', author: 'Dee' })));
    expect((await reveal(a)).body).toEqual({ revealed: 1 });
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.id === id && c.text === 'Mine'), 'the draft under its own id');
  });

  it('a draft into a locked column is not revealed: it stays in its author\'s drafts', async () => {
    a = await arena(server, clients);
    const w = await privateWriting(a);
    const { control, drafts, personId } = w;
    setLockedColumns(control.doc, ['goal']);
    let locked = '';
    await writeDrafts(w, (doc) => {
      locked = addCard(doc, { column: 'goal', text: 'INTO-LOCKED goal' });
      addCard(doc, { column: 'segment', text: 'Open segment' });
    });
    const res = await reveal(a);
    expect(res.body).toEqual({ revealed: 1, held: [{ person: personId, card: locked, reason: 'locked' }] });
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.text === 'Open segment'), 'the allowed draft');
    expect(readCards(a.watcher.doc).some((c) => c.text.includes('INTO-LOCKED'))).toBe(false);
    expect(a.seen()).not.toContain('INTO-LOCKED');
    await waitFor(() => readCards(drafts.doc).length === 1, 'the revealed draft leaves the drafts');
    expect(readCards(drafts.doc).map((c) => c.id)).toEqual([locked]);
  });

  it('a revealed draft is signed by its author\'s person, never by what the draft says, and by nobody in anonymous mode', async () => {
    a = await arena(server, clients);
    const w = await privateWriting(a);
    const { control } = w;
    await writeDrafts(w, (doc) => void addCard(doc, { column: 'value', text: 'Signed draft', author: 'The CEO' }));
    expect((await reveal(a)).body).toEqual({ revealed: 1 });
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.text === 'Signed draft'), 'the signed draft');
    expect(readCards(a.watcher.doc).find((c) => c.text === 'Signed draft')?.author).toBe('Dee');

    setAnonymous(control.doc, true);
    setPrivateWriting(control.doc, true);
    await controlReached(server, a, (d) => readFacilitation(d).anonymous && readFacilitation(d).privateWriting, 'anonymous private writing on the server');
    await writeDrafts(w, (doc) => void addCard(doc, { column: 'value', text: 'Anonymous draft', author: 'Dee' }));
    expect((await reveal(a)).body).toEqual({ revealed: 1 });
    await waitFor(() => readCards(a!.watcher.doc).some((c) => c.text === 'Anonymous draft'), 'the anonymous draft');
    expect(readCards(a.watcher.doc).find((c) => c.text === 'Anonymous draft')?.author).toBeUndefined();
    expect(a.seen()).not.toContain('The CEO');
  });

  it('the reveal counts a draft’s Details fields against the board’s budget, not just its text', async () => {
    a = await arena(server, clients);
    const w = await privateWriting(a);
    // The facilitator fills the board to within 300 KB of its budget (behaviour cards with long fields).
    const long = '漢'.repeat(10_000); // 30 KB in UTF-8, in a field, with no card text
    const board = a.facilitator.doc;
    while (Y.encodeStateAsUpdate(board).byteLength < Limits.maxBoardBytes - 300 * 1024) {
      board.transact(() => {
        for (let i = 0; i < 4; i++) addCard(board, { column: 'behaviour', text: '', current: long, desired: long });
      });
    }
    const filled = readCards(board).length;
    await waitFor(() => readCards(a!.watcher.doc).length === filled, 'the full board at the watcher', 60_000);
    // Dee's drafts: 14 such cards (840 KB, within her 1 MiB), empty text.
    await writeDrafts(w, (doc) => doc.transact(() => {
      for (let i = 0; i < 14; i++) addCard(doc, { column: 'behaviour', text: '', current: long, desired: long });
    }));
    const { body } = await reveal(a);
    expect(body.revealed).toBeLessThan(14);
    expect((body.held as { reason: string }[]).every((h) => h.reason === 'board-full')).toBe(true);
    await waitFor(() => readCards(a!.watcher.doc).length === filled + (body.revealed as number), 'the revealed cards');
    expect(Y.encodeStateAsUpdate(a.watcher.doc).byteLength).toBeLessThanOrEqual(Limits.maxBoardBytes);
  }, 60_000);

  it('a draft room holds no card text past the limit either', async () => {
    a = await arena(server, clients);
    const { drafts, docName } = await privateWriting(a);
    const id = addCard(drafts.doc, { column: 'value', text: 'short' });
    const text = drafts.doc.getMap<Y.Map<Y.Text>>('cards').get(id)!.get('text')!;
    drafts.doc.transact(() => text.insert(5, 'X'.repeat(Limits.maxCardTextChars + 1)));
    await waitFor(() => text.length === 5, 'the oversized draft text reverted at its author');
    expect((await stored(server, docName)).bytes).not.toContain('XXXXXXXXXX');
  });
});
