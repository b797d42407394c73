/**
 * Updates built to get past the rules by the way Yjs applies them (found by a
 * red-team session): a struct that makes Yjs throw part way through applying
 * an update (what came before it stayed, with no revert run), anchors that can
 * never integrate, a map value replaced without the update saying so, a text
 * over the limit inside a new card, a `__proto__` key. Each is refused or
 * reverted: never stored, never seen by another client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, readCard, readCards, readCommitments } from '../../shared/doc/index.ts';
import { addCheckIn, readActivity, readCheckIns } from '../../shared/doc/review.ts';
import { CloseCode, Limits } from '../../shared/protocol.ts';
import { DocRules } from '../../server/sync/ruleEngine.ts';
import { serverEachTest } from '../helpers/server.ts';
import { rawSocket, roundTrip, trackClients, updateFrame, waitFor } from '../helpers/clients.ts';
import { anchoredOnEachOther, copyAs, withoutDeleteSet, withSelfAnchored } from './forge.ts';
import { arena, seedAgreedTrace, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

const ATTACKER = 0x5eed;

/** What the attacker's copy of the board sends for `change` (its client id ATTACKER). */
function attack(a: Arena, change: (doc: Y.Doc) => void): { update: Uint8Array; clock: number } {
  const copy = copyAs(a.watcher.doc, ATTACKER);
  const before = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  const clock = Y.getState(copy.store, ATTACKER);
  copy.destroy();
  return { update, clock };
}

/** Sends one update from a raw participant socket: the close, or 'open' if the server kept the socket. */
async function send(a: Arena, update: Uint8Array): Promise<number | 'open'> {
  const raw = rawSocket(server.url, a.board.id, a.board.secrets.participant);
  await raw.opened;
  raw.ws.send(updateFrame(update));
  const outcome = await roundTrip(raw.ws);
  raw.ws.terminate();
  return outcome === 'answered' ? 'open' : outcome.code;
}

const commitmentMap = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('commitments').get(id)!;

describe('updates that do not integrate in one go', () => {
  it('an item anchored on its own clock (Yjs throws part way) is refused whole: the agreed commitment’s change before it is not kept', async () => {
    a = await arena(server, clients);
    const { commitment } = a.trace;
    a.watch('the agreed commitment as agreed', (d) => readCommitments(d)[0]?.status === 'agreed' && readCommitments(d)[0]?.title === 'Capacity view for leads');
    const { update, clock } = attack(a, (doc) => {
      const map = commitmentMap(doc, commitment);
      map.set('status', 'proposed');
      map.set('title', 'HACKED');
      doc.getMap<unknown>('board').set('schemaVersion', 999);
    });
    expect(await send(a, withSelfAnchored(update, ATTACKER, clock))).toBe(CloseCode.badMessage);
    await settle(a);
    expect(readCommitments(a.watcher.doc)[0]).toMatchObject({ status: 'agreed', title: 'Capacity view for leads' });
    expect(a.violations).toEqual([]);
    const kept = (await stored(server, a.board.id)).doc;
    expect(readCommitments(kept)[0]).toMatchObject({ status: 'agreed', title: 'Capacity view for leads' });
    expect(kept.getMap('board').get('schemaVersion')).not.toBe(999);
    expect(a.seen()).not.toContain('HACKED');
  });

  it('items anchored on each other are refused, and nothing waits in the server’s pending state', async () => {
    a = await arena(server, clients);
    expect(await send(a, anchoredOnEachOther(0x51, 0x52))).toBe(CloseCode.badMessage);
    await settle(a);
    const doc = (await server.rooms.get({ boardId: a.board.id, kind: 'content', docName: a.board.id })).doc;
    expect(doc.store.pendingStructs).toBeNull();
    expect(Y.getState(doc.store, 0x51)).toBe(0);
  });

  it('if Yjs throws anyway, the rule engine keeps nothing of the update', () => {
    // The engine on its own (the socket's check before it is what refuses such an update above).
    const doc = new Y.Doc();
    const trace = seedAgreedTrace(doc);
    const rules = new DocRules(doc, 'content');
    const copy = copyAs(doc, ATTACKER);
    const before = Y.encodeStateVector(copy);
    commitmentMap(copy, trace.commitment).set('status', 'proposed');
    addCard(copy, { column: 'value', text: 'written before the throw' });
    const update = withSelfAnchored(Y.encodeStateAsUpdate(copy, before), ATTACKER, Y.getState(copy.store, ATTACKER));
    const refusal = rules.apply(update, { kind: 'peer' } as never, { lockedColumns: [], noNewCards: false, noAuthor: false }, { role: 'participant' });
    expect(refusal).toMatchObject({ status: 400, closeCode: CloseCode.badMessage });
    expect(readCommitments(doc)[0]?.status).toBe('agreed');
    expect(readCards(doc).map((c) => c.text)).not.toContain('written before the throw');
  });
});

describe('changes the update does not spell out', () => {
  it('an agreed card’s order replaced by one that is no order key, without the deletion, is reverted', async () => {
    a = await arena(server, clients);
    const { initiative, indicator, goal } = a.trace;
    a.watch('the agreed cards readable', (d) => [initiative, indicator, goal].every((id) => readCard(d, id)));
    const { update } = attack(a, (doc) => {
      for (const id of [initiative, indicator, goal]) doc.getMap<Y.Map<unknown>>('cards').get(id)!.set('order', '!!');
    });
    expect(await send(a, withoutDeleteSet(update))).toBe('open');
    await settle(a);
    expect(a.violations).toEqual([]);
    expect(readCommitments((await stored(server, a.board.id)).doc)[0]?.status).toBe('agreed');
    expect([initiative, indicator, goal].every((id) => readCard(a!.watcher.doc, id))).toBe(true);
  });

  it('a new card cannot bring a text over the limit', async () => {
    a = await arena(server, clients);
    const { update } = attack(a, (doc) => void addCard(doc, { column: 'value', text: 'x'.repeat(Limits.maxCardTextChars * 2) }));
    await send(a, update);
    await settle(a);
    const longest = Math.max(...readCards((await stored(server, a.board.id)).doc).map((c) => c.text.length));
    expect(longest).toBeLessThanOrEqual(Limits.maxCardTextChars);
    expect(Math.max(...[...a.watcher.doc.getMap<Y.Map<unknown>>('cards').values()].map((c) => (c.get('text') as Y.Text).length))).toBeLessThanOrEqual(Limits.maxCardTextChars);
  });

  it('a __proto__ key on an agreed commitment is reverted like any other', async () => {
    a = await arena(server, clients);
    const { update } = attack(a, (doc) => commitmentMap(doc, a!.trace.commitment).set('__proto__', { status: 'proposed' }));
    await send(a, update);
    await settle(a);
    expect([...commitmentMap(a.watcher.doc, a.trace.commitment).keys()]).not.toContain('__proto__');
    expect([...commitmentMap((await stored(server, a.board.id)).doc, a.trace.commitment).keys()]).not.toContain('__proto__');
  });
});

describe('a board this server cannot read', () => {
  it('a board of a newer schema version is answered 409 with the reason, never 500, and its sockets closed saying so', async () => {
    a = await arena(server, clients);
    // Only the facilitator's client can write the board's settings (a newer server would, too).
    a.facilitator.doc.getMap<unknown>('board').set('schemaVersion', 999);
    await settle(a, a.facilitator);
    await server.restart();
    const { id, secrets } = a.board;
    for (const [path, init] of [
      [`/api/boards/${id}`, {}],
      [`/api/boards/${id}/export?format=json`, {}],
      [`/api/boards/${id}/cards`, { method: 'POST', body: JSON.stringify({ column: 'goal', text: 'x' }), headers: { 'Content-Type': 'application/json' } }],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { ...init, headers: { ...('headers' in init ? init.headers : {}), Authorization: `Bearer ${secrets.facilitator}` } });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^board: board schema version 999 is newer than this server understands/);
    }
    const raw = rawSocket(server.url, id, secrets.facilitator);
    expect(await raw.closed).toEqual({ code: CloseCode.storageFailure, reason: 'board needs a newer server' });
  });
});

describe('the logs: records appended, never taken or shadowed', () => {
  it('a check-in and a feed entry in the legacy JSON encoding are signed like any other: nobody reports as the owner', async () => {
    a = await arena(server, clients);
    const before = readCheckIns(a.watcher.doc).length;
    // Sent from a socket without a person: a check-in needs one (it is someone's report), and names nobody else.
    const { update } = attack(a, (doc) => void addCheckIn(doc, a!.trace.commitment, { by: 'Ann', status: 'off-track', note: 'FORGED-BY-SCRIPT', date: '2026-12-01' }));
    expect(await send(a, withoutDeleteSet(update, { legacyJson: true }))).toBe('open');
    await settle(a);
    expect(readCheckIns(a.watcher.doc)).toHaveLength(before);
    expect(readActivity(a.watcher.doc).some((e) => e.kind === 'check-in' && e.who === 'Ann')).toBe(false);
    expect(a.seen()).not.toContain('FORGED-BY-SCRIPT');
    expect(readCheckIns((await stored(server, a.board.id)).doc)).toHaveLength(before);
  });

  it('a check-in appended under the id of someone else’s is refused: theirs stays in every view', async () => {
    a = await arena(server, clients);
    const real = addCheckIn(a.facilitator.doc, a.trace.commitment, { by: 'Fran', status: 'on-track', note: 'THE-REAL-REPORT', date: '2026-12-01' });
    await waitFor(() => readCheckIns(a!.watcher.doc).some((c) => c.id === real), 'the real check-in');
    // Pat (signed in) puts his own, signed as himself, in front under the same id.
    a.participant.doc.getArray('checkins').insert(0, [{ id: real, commitment: a.trace.commitment, by: 'Pat', status: 'off-track', note: 'SHADOW', date: '2026-12-02', at: Date.now() }]);
    await settle(a);
    expect(readCheckIns(a.watcher.doc).find((c) => c.id === real)?.note).toBe('THE-REAL-REPORT');
    expect(readCheckIns((await stored(server, a.board.id)).doc).find((c) => c.id === real)?.note).toBe('THE-REAL-REPORT');
    expect(a.seen()).not.toContain('SHADOW');
  });
});
