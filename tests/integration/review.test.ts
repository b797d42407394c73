/**
 * Async review against the real server: comments and check-ins through stock
 * clients (viewers' are dropped), version history (phase, periodic and manual
 * snapshots, browsing, diff, restart) over real HTTP, and a restore done by
 * the facilitator's client that everyone sees and that can be undone.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, LOCAL_ORIGIN, putCommitment, readCards, readCommitments, setCardText, setPhase,
} from '../../shared/doc/index.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import {
  addCheckIn, addComment, readActivity, readCheckIns, readThreads, replyToComment, restoreBoardTo,
} from '../../shared/doc/review.ts';
import type { BoardJson } from '../../shared/schema.ts';
import type { HistoryOptions } from '../../server/history/service.ts';
import { openSqliteStorage } from '../../server/storage/sqlite.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  createBoard, joinAs, roundTrip, socketOf, trackClients, waitFor, type CreatedBoard,
} from '../helpers/clients.ts';

const HISTORY: HistoryOptions = { periodicMs: 250, watchMs: 20, manualMinIntervalMs: 0, participantManualMinIntervalMs: 0 };

let server: TestServer;
const clients = trackClients();
const client = clients.connect;
beforeEach(async () => {
  server = await startTestServer({ history: HISTORY });
});
afterEach(async () => {
  clients.destroyAll();
  await server.close();
  // Restart tests reuse the first server's DATA_DIR, which close() keeps for them.
  rmSync(server.dataDir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
type Body = Record<string, any>;

async function api(path: string, token: string | undefined, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Body }> {
  const res = await fetch(server.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Body) : {} };
}

async function history(board: CreatedBoard, token = board.secrets.viewer): Promise<Body[]> {
  const res = await api(`/api/boards/${board.id}/history`, token);
  expect(res.status).toBe(200);
  return res.body.snapshots as Body[];
}

async function manualSnapshot(board: CreatedBoard, label?: string): Promise<Body> {
  const res = await api(`/api/boards/${board.id}/history`, board.secrets.participant, { body: label ? { label } : {} });
  expect(res.status).toBe(201);
  return res.body.snapshot as Body;
}

/** A goal, an indicator, an initiative linked to it and an agreed commitment, written by `doc`'s client (a facilitator). */
function seed(doc: Y.Doc): { goal: string; indicator: string; initiative: string } {
  const goal = addCard(doc, { column: 'goal', text: 'Grow ARR' });
  const indicator = addCard(doc, { column: 'indicator', text: 'Active teams', baselineValue: 10, targetValue: 20 });
  const initiative = addCard(doc, { column: 'initiative', text: 'Guided setup' });
  addLink(doc, initiative, indicator);
  putCommitment(doc, { id: 'm1', card: initiative, title: 'Guided setup', owner: 'Ann', contributors: [], due: '2026-09-30', status: 'agreed', indicators: [indicator] });
  return { goal, indicator, initiative };
}

/**
 * A board seeded by the facilitator (only the facilitator's consent round makes a
 * commitment agreed), and a participant (Ann) on it once the server has stored it all.
 */
async function participantWithBoard(board: CreatedBoard) {
  const facilitator = client(server.url, board.id, board.secrets.facilitator);
  await facilitator.synced;
  const ids = seed(facilitator.doc);
  // The participant joined as Ann: the server signs their comments and check-ins with that name.
  const ann = await joinAs(server.url, board.id, board.secrets.participant, 'Ann');
  const participant = client(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, ann.token);
  await waitFor(() => readCards(participant.doc).length === 3 && readCommitments(participant.doc).length === 1, 'seed stored');
  return { participant, ...ids };
}

describe('comments and check-ins', () => {
  it('a participant comments and a viewer sees the thread, the reply and the count', async () => {
    const board = await createBoard(server.url);
    const { goal } = await participantWithBoard(board);
    // Each signs with the person they joined as (the server sets authors from that, not from the client).
    const ann = client(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, (await joinAs(server.url, board.id, board.secrets.participant, 'Ann')).token);
    const bob = client(server.url, board.id, board.secrets.participant, 'content', undefined, undefined, (await joinAs(server.url, board.id, board.secrets.participant, 'Bob')).token);
    const viewer = client(server.url, board.id, board.secrets.viewer);
    await Promise.all([ann.synced, bob.synced, viewer.synced]);
    const thread = addComment(ann.doc, goal, { author: 'Ann', text: 'Is this the right goal, @Bob?', mentions: ['Bob'] });
    await waitFor(() => readThreads(bob.doc, goal).length === 1, 'thread at Bob');
    replyToComment(bob.doc, thread, { author: 'Bob', text: 'Yes.', mentions: [] });
    const seen = await waitFor(() => readThreads(viewer.doc, goal)[0]?.replies.length === 1 && readThreads(viewer.doc, goal)[0], 'thread at viewer');
    expect(seen.root).toMatchObject({ author: 'Ann', text: 'Is this the right goal, @Bob?', mentions: ['Bob'] });
    expect(seen.replies[0]).toMatchObject({ author: 'Bob', text: 'Yes.' });
    expect(readActivity(viewer.doc).map((e) => e.kind)).toEqual(['comment-added', 'comment-replied']);
  });

  it('a viewer’s comment and check-in never reach anyone (nor storage)', async () => {
    const board = await createBoard(server.url);
    const { participant, goal } = await participantWithBoard(board);
    const viewer = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCommitments(viewer.doc).length === 1, 'commitment at viewer');
    addComment(viewer.doc, goal, { author: 'Vic', text: 'viewer comment', mentions: [] });
    addCheckIn(viewer.doc, 'm1', { by: 'Vic', status: 'off-track', note: 'viewer check-in', date: '2026-06-01' });
    // A later participant write arrives everywhere; the viewer's must not have come before it.
    const marker = addComment(participant.doc, goal, { author: 'Ann', text: 'participant comment', mentions: [] });
    addCheckIn(participant.doc, 'm1', { by: 'Ann', status: 'on-track', note: 'participant check-in', date: '2026-06-01' });
    await waitFor(() => readThreads(viewer.doc, goal).some((t) => t.id === marker) && readCheckIns(viewer.doc).length === 2, 'participant writes at viewer');
    // The server has handled the viewer's writes, and anything it sent because of them has arrived.
    expect(await roundTrip(socketOf(viewer))).toBe('answered');
    await roundTrip(socketOf(participant));
    expect(readThreads(participant.doc, goal).map((t) => t.root.text)).toEqual(['participant comment']);
    expect(readCheckIns(participant.doc).map((c) => c.note)).toEqual(['participant check-in']);
    const fresh = client(server.url, board.id, board.secrets.facilitator);
    await fresh.synced;
    expect(readThreads(fresh.doc, goal).map((t) => t.root.text)).toEqual(['participant comment']);
    expect(readCheckIns(fresh.doc).map((c) => c.by)).toEqual(['Ann']);
    expect(readActivity(fresh.doc).map((e) => e.who)).toEqual(['Ann', 'Ann']);
  });
  it('the server trims the activity feed to its cap, keeping the newest entries', async () => {
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, history: { ...HISTORY, activityCap: 2 } });
    const board = await createBoard(server.url);
    const { participant, goal } = await participantWithBoard(board);
    const ids: string[] = [];
    const T = Date.now();
    for (let i = 0; i < 5; i++) ids.push(addComment(participant.doc, goal, { author: 'Ann', text: `comment ${i}`, mentions: [] }, { now: T + i }));
    const viewer = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readThreads(viewer.doc, goal).length === 5 && readActivity(viewer.doc).length === 2, 'trimmed feed at viewer');
    expect(readActivity(viewer.doc).map((e) => e.comment)).toEqual(ids.slice(3));
    expect(readThreads(viewer.doc, goal).map((t) => t.id)).toEqual(ids);
  });
});

describe('version history', () => {
  it('takes a snapshot at every phase change the facilitator makes through the control doc', async () => {
    const board = await createBoard(server.url);
    const { participant } = await participantWithBoard(board);
    const control = client(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    const phaseSnapshots = async () => (await history(board)).filter((s) => s.reason === 'phase');
    expect(await phaseSnapshots()).toEqual([]);
    setPhase(control.doc, 'goals');
    const first = await waitFor(async () => (await phaseSnapshots())[0], 'first phase snapshot');
    expect(first.phase).toBe('goals');
    const smb = addCard(participant.doc, { column: 'segment', text: 'SMB' });
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === smb), 'card stored and sent');
    setPhase(control.doc, 'who');
    const both = await waitFor(async () => {
      const list = await phaseSnapshots();
      return list.length === 2 && list;
    }, 'second phase snapshot');
    expect(both.map((s) => s.phase)).toEqual(['goals', 'who']);
    // The second one holds the card added in between; the first does not.
    const at = async (id: string) => (await api(`/api/boards/${board.id}/history/${id}`, board.secrets.viewer)).body as BoardJson;
    expect((await at(both[0]!.id)).cards.map((c) => c.text)).not.toContain('SMB');
    expect((await at(both[1]!.id)).cards.map((c) => c.text)).toContain('SMB');
  });

  it('clicking through phases without changing the board keeps one snapshot, of the phase reached', async () => {
    const board = await createBoard(server.url);
    await participantWithBoard(board);
    const control = client(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    const phaseSnapshots = async () => (await history(board)).filter((s) => s.reason === 'phase');
    setPhase(control.doc, 'goals');
    await waitFor(async () => (await phaseSnapshots()).length === 1, 'first phase snapshot');
    setPhase(control.doc, 'who');
    await waitFor(async () => (await phaseSnapshots())[0]?.phase === 'who', 'phase snapshot replaced');
    setPhase(control.doc, 'value');
    await waitFor(async () => (await phaseSnapshots())[0]?.phase === 'value', 'phase snapshot replaced again');
    expect(await phaseSnapshots()).toHaveLength(1);
  });

  it('catches a phase change the server did not watch (e.g. made while history was off), once', async () => {
    // A server whose sweep never runs: the phase change is stored but not seen.
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, history: { watchMs: 600_000, periodicMs: 600_000 } });
    const board = await createBoard(server.url);
    const control = client(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;
    setPhase(control.doc, 'indicators');
    const check = client(server.url, board.id, board.secrets.viewer, 'control');
    await waitFor(() => check.doc.getMap('facilitation').get('phase') === 'indicators', 'phase stored');
    // Only the version every board starts with.
    expect((await history(board)).map((s) => s.reason)).toEqual(['created']);
    const restart = async () => {
      clients.destroyAll();
      await server.stop();
      server = await startTestServer({ dataDir, history: HISTORY });
      const again = client(server.url, board.id, board.secrets.facilitator, 'control');
      await again.synced;
    };
    await restart();
    const seen = await waitFor(async () => (await history(board)).find((s) => s.reason === 'phase'), 'phase snapshot on attach');
    expect(seen.phase).toBe('indicators');
    // Unchanged since: reconnecting after another restart adds none. The check on attach runs in the
    // board's history work ahead of the next periodic snapshot, so once a change made now is in one, it has run.
    await restart();
    const known = new Set((await history(board)).map((s) => s.id));
    const editor = client(server.url, board.id, board.secrets.facilitator);
    await editor.synced;
    addCard(editor.doc, { column: 'goal', text: 'After the second restart' });
    await waitFor(async () => (await history(board)).some((s) => s.reason === 'periodic' && !known.has(s.id)), 'a periodic snapshot after the restart');
    expect((await history(board)).filter((s) => s.reason === 'phase')).toHaveLength(1);
  });

  it('takes periodic snapshots only while the board changes', async () => {
    const board = await createBoard(server.url);
    const { participant, goal } = await participantWithBoard(board);
    const periodic = async () => (await history(board)).filter((s) => s.reason === 'periodic');
    await waitFor(async () => (await periodic()).length >= 1, 'a periodic snapshot');
    // A second board that keeps changing is the clock: each periodic snapshot it gets is a round
    // of the periodic step, which looked at this board too.
    const other = await createBoard(server.url);
    const { participant: ticker, goal: tickerGoal } = await participantWithBoard(other);
    const otherPeriodic = async () => (await history(other)).filter((s) => s.reason === 'periodic').length;
    const rounds = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const seen = await otherPeriodic();
        setCardText(ticker.doc, tickerGoal, `Round ${seen}`);
        await waitFor(async () => (await otherPeriodic()) > seen, 'a round of the periodic step');
      }
    };
    await rounds(2);
    const settled = (await periodic()).length;
    await rounds(2);
    expect((await periodic()).length).toBe(settled);
    setCardText(participant.doc, goal, 'Grow ARR to 10M');
    await waitFor(async () => (await periodic()).length === settled + 1, 'a periodic snapshot after a change');
  });

  it('manual snapshots: participants and facilitators may, viewers may not; bad input is a 400 with the path', async () => {
    const board = await createBoard(server.url);
    await participantWithBoard(board);
    const taken = await manualSnapshot(board, 'Before the vote');
    expect(taken).toMatchObject({ reason: 'manual', label: 'Before the vote', phase: 'frame' });
    expect(Date.parse(taken.at as string)).toBeGreaterThan(Date.now() - 60_000);
    const byFacilitator = await api(`/api/boards/${board.id}/history`, board.secrets.facilitator, { body: { label: 'Agreed plan' } });
    expect(byFacilitator.status).toBe(201);
    // No body at all is fine too.
    expect((await api(`/api/boards/${board.id}/history`, board.secrets.participant, { method: 'POST' })).status).toBe(201);
    const byViewer = await api(`/api/boards/${board.id}/history`, board.secrets.viewer, { body: {} });
    expect(byViewer.status).toBe(403);
    const bad = await api(`/api/boards/${board.id}/history`, board.secrets.participant, { body: { label: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^label:/);
    const unknown = await api(`/api/boards/${board.id}/history`, board.secrets.participant, { body: { label: 'x', force: true } });
    expect(unknown.body.error.message).toMatch(/^force:/);
    expect((await api(`/api/boards/${board.id}/history`, undefined)).status).toBe(401);
    expect((await api('/api/boards/NoSuchBoard123/history', board.secrets.viewer)).status).toBe(404);
    expect((await api(`/api/boards/${board.id}/history`, board.secrets.viewer, { method: 'DELETE' })).status).toBe(405);
    // The board did not change in between: one manual snapshot, relabelled, not three copies.
    const manual = (await history(board)).filter((s) => s.reason === 'manual');
    expect(manual.map((s) => s.label)).toEqual(['Agreed plan']);
  });

  it('manual snapshots are bounded: a repeat of unchanged content is the same snapshot, new ones are rate limited', async () => {
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, history: { ...HISTORY, manualMinIntervalMs: 60_000, participantManualMinIntervalMs: 60_000 } });
    const board = await createBoard(server.url);
    const { participant } = await participantWithBoard(board);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    const first = await manualSnapshot(board, 'One');
    expect((await manualSnapshot(board)).id).toBe(first.id);
    expect((await manualSnapshot(board, 'One')).id).toBe(first.id);
    const marker = addCard(participant.doc, { column: 'goal', text: 'changed' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === marker), 'change synced');
    const tooSoon = await api(`/api/boards/${board.id}/history`, board.secrets.participant, { body: { label: 'Two' } });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error.code).toBe('rate_limited');
    expect((await history(board)).filter((s) => s.reason === 'manual').map((s) => s.id)).toEqual([first.id]);
  });

  it('a participant saves a version a minute at most and cannot rename one the facilitator keeps; the list says who saved each', async () => {
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, history: { ...HISTORY, participantManualMinIntervalMs: 60_000 } });
    const board = await createBoard(server.url);
    const { participant } = await participantWithBoard(board);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    const save = (token: string, label: string) => api(`/api/boards/${board.id}/history`, token, { body: { label } });
    const kept = await save(board.secrets.facilitator, 'Agreed on day 1');
    expect(kept.body.snapshot).toMatchObject({ reason: 'manual', label: 'Agreed on day 1', savedBy: 'facilitator' });
    // The same content under another name, by a participant: a version of their own, the facilitator's stays.
    const renamed = await save(board.secrets.participant, 'lol');
    expect(renamed.status).toBe(201);
    expect(renamed.body.snapshot).toMatchObject({ label: 'lol', savedBy: 'participant' });
    expect(renamed.body.snapshot.id).not.toBe(kept.body.snapshot.id);
    // Renaming their own (which stores the whole board again) is held to the same minute.
    expect((await save(board.secrets.participant, 'lol 2')).status).toBe(429);
    const marker = addCard(participant.doc, { column: 'goal', text: 'changed' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === marker), 'change synced');
    const tooSoon = await save(board.secrets.participant, 'again');
    expect(tooSoon.status).toBe(429);

    // The facilitator's own saves are not held back by the participants'.
    expect((await save(board.secrets.facilitator, 'After the change')).status).toBe(201);
    const manual = (await history(board)).filter((s) => s.reason === 'manual');
    expect(manual.map((s) => [s.label, s.savedBy])).toEqual([['Agreed on day 1', 'facilitator'], ['lol', 'participant'], ['After the change', 'facilitator']]);
  });

  it('history survives a restart', async () => {
    const board = await createBoard(server.url);
    await participantWithBoard(board);
    const taken = await manualSnapshot(board, 'Keep me');
    clients.destroyAll();
    const dataDir = server.dataDir;
    await server.stop();
    const before = await (async () => {
      const storage = openSqliteStorage({ dataDir });
      try {
        return await storage.listSnapshots(board.id);
      } finally {
        await storage.close();
      }
    })();
    expect(before.map((s) => s.id)).toContain(taken.id);
    server = await startTestServer({ dataDir, history: HISTORY });
    const after = await history(board);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(after.find((s) => s.id === taken.id)).toEqual(taken);
    const json = (await api(`/api/boards/${board.id}/history/${taken.id}`, board.secrets.viewer)).body as BoardJson;
    expect(json.cards.map((c) => c.text).sort()).toEqual(['Active teams', 'Grow ARR', 'Guided setup']);
  });

  it('browsing a snapshot returns the old board and changes nothing', async () => {
    const board = await createBoard(server.url);
    const { participant, goal } = await participantWithBoard(board);
    const old = await manualSnapshot(board, 'old');
    const added = addCard(participant.doc, { column: 'segment', text: 'Added later' });
    setCardText(participant.doc, goal, 'Edited later');
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === added), 'later card synced');
    const currentBefore = (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body;
    const listBefore = await history(board);
    const updates: Uint8Array[] = [];
    watcher.doc.on('update', (u: Uint8Array) => updates.push(u));

    const res = await api(`/api/boards/${board.id}/history/${old.id}`, board.secrets.viewer);
    expect(res.status).toBe(200);
    const json = res.body as BoardJson;
    expect(json.format).toBe('product-vcp');
    expect(json.board.id).toBe(board.id);
    expect(json.cards.map((c) => c.text).sort()).toEqual(['Active teams', 'Grow ARR', 'Guided setup']);
    expect(json.commitments.map((c) => c.id)).toEqual(['m1']);
    const raw = await fetch(`${server.url}/api/boards/${board.id}/history/${old.id}?format=yjs`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } });
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, new Uint8Array(await raw.arrayBuffer()));
    expect(readCards(scratch).map((c) => c.text)).not.toContain('Added later');

    // Anything the server sent the watcher because of the browsing has arrived by now.
    expect(await roundTrip(socketOf(watcher))).toBe('answered');
    expect(updates).toEqual([]);
    expect((await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body).toEqual(currentBefore);
    expect((await history(board)).filter((s) => s.reason !== 'periodic')).toEqual(listBefore.filter((s) => s.reason !== 'periodic'));
    expect((await api(`/api/boards/${board.id}/history/nosuchsnapshot`, board.secrets.viewer)).status).toBe(404);
    expect((await api(`/api/boards/${board.id}/history/..%2F..`, board.secrets.viewer)).status).toBe(404);
    expect((await api(`/api/boards/${board.id}/history/${old.id}`, 'wrong-secret')).status).toBe(401);
  });

  it('a diff lists what changed between two snapshots, or a snapshot and the current board', async () => {
    const board = await createBoard(server.url);
    const { participant, goal, initiative } = await participantWithBoard(board);
    const before = await manualSnapshot(board, 'before');
    const segment = addCard(participant.doc, { column: 'segment', text: 'SMB' });
    addLink(participant.doc, segment, goal, 'SMB buys');
    setCardText(participant.doc, goal, 'Grow ARR to 10M');
    putCommitment(participant.doc, { ...readCommitments(participant.doc)[0]!, status: 'in-progress' });
    // A card carrying a commitment is the facilitator's to delete (a participant's delete is reverted).
    const facilitator = client(server.url, board.id, board.secrets.facilitator);
    await waitFor(() => readCommitments(facilitator.doc)[0]?.status === 'in-progress', 'status at the facilitator');
    deleteCard(facilitator.doc, initiative);
    const watcher = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === segment) && !readCards(watcher.doc).some((c) => c.id === initiative), 'changes synced');
    const after = await manualSnapshot(board, 'after');

    const res = await api(`/api/boards/${board.id}/history/${before.id}/diff/${after.id}`, board.secrets.viewer);
    expect(res.status).toBe(200);
    expect(res.body.from).toMatchObject({ id: before.id, label: 'before' });
    expect(res.body.to).toMatchObject({ id: after.id, label: 'after' });
    const diff = res.body.diff;
    expect(diff.cards.added.map((c: Body) => c.text)).toEqual(['SMB']);
    expect(diff.cards.removed.map((c: Body) => c.text)).toEqual(['Guided setup']);
    expect(diff.cards.edited).toEqual([{ id: goal, column: 'goal', text: { before: 'Grow ARR', after: 'Grow ARR to 10M' }, fields: [] }]);
    expect(diff.links.added).toEqual([expect.objectContaining({ from: segment, to: goal, assumption: 'SMB buys' })]);
    expect(diff.links.removed).toHaveLength(1);
    expect(diff.commitments.removed.map((c: Body) => c.id)).toEqual(['m1']);
    expect(diff.empty).toBe(false);

    setCardText(participant.doc, goal, 'Grow ARR to 12M');
    await waitFor(() => readCards(watcher.doc).some((c) => c.text === 'Grow ARR to 12M'), 'edit synced');
    const toCurrent = await api(`/api/boards/${board.id}/history/${after.id}/diff/current`, board.secrets.viewer);
    expect(toCurrent.body.to).toEqual({ id: 'current' });
    expect(toCurrent.body.diff.cards.edited.map((e: Body) => e.text.after)).toEqual(['Grow ARR to 12M']);
    const same = await api(`/api/boards/${board.id}/history/${after.id}/diff/${after.id}`, board.secrets.viewer);
    expect(same.body.diff.empty).toBe(true);
    expect((await api(`/api/boards/${board.id}/history/${after.id}/diff/nope`, board.secrets.viewer)).status).toBe(404);
  });

  it('the facilitator’s client restores a snapshot; everyone sees it; undo brings the later board back', async () => {
    const board = await createBoard(server.url);
    const { participant, goal } = await participantWithBoard(board);
    const old = await manualSnapshot(board, 'Before changes');
    const later = addCard(participant.doc, { column: 'segment', text: 'Later card' });
    setCardText(participant.doc, goal, 'Edited goal');
    const facilitator = client(server.url, board.id, board.secrets.facilitator);
    const viewer = client(server.url, board.id, board.secrets.viewer);
    await waitFor(() => readCards(facilitator.doc).some((c) => c.id === later) && readCards(viewer.doc).some((c) => c.id === later), 'later state everywhere');
    const undo = new Y.UndoManager(boardUndoScope(facilitator.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) });

    const snapshot = (await api(`/api/boards/${board.id}/history/${old.id}`, board.secrets.facilitator)).body;
    expect(restoreBoardTo(facilitator.doc, snapshot, LOCAL_ORIGIN, { who: 'Fay', snapshot: old.id as string, label: 'Before changes' })).toBe(true);
    await waitFor(() => !readCards(viewer.doc).some((c) => c.id === later) && readCards(viewer.doc).some((c) => c.text === 'Grow ARR'), 'restore at viewer');
    expect(readActivity(viewer.doc).at(-1)).toMatchObject({ kind: 'board-restored', who: 'Fay', excerpt: 'Before changes' });

    undo.undo();
    await waitFor(() => readCards(viewer.doc).some((c) => c.id === later) && readCards(viewer.doc).some((c) => c.text === 'Edited goal'), 'undo at viewer');
    // The snapshot itself is still there to restore again.
    expect((await history(board)).some((s) => s.id === old.id)).toBe(true);
  });
});
