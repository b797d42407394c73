/**
 * What people said stays theirs: a participant's client cannot rewrite or
 * delete another person's comment, and cannot take entries out of the
 * check-ins or the activity feed (they are logs: appended to, never edited by
 * a participant). Each attack is reverted in the same transaction, so the
 * watcher never sees a moment without the record and storage keeps it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  ACTIVITY_CAP, addCheckIn, addComment, deleteComment, logActivity, readActivity, readAllThreads, readCheckIns, readComments, resolveThread, trimActivity,
} from '../../shared/doc/review.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { arena, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

/** The arena with a comment by Fran (the facilitator) and a check-in on the agreed commitment, at every client. */
async function withReview(): Promise<{ a: Arena; comment: string }> {
  const r = await arena(server, clients);
  const comment = addComment(r.facilitator.doc, r.trace.initiative, { author: 'Fran', text: 'ORIGINAL-COMMENT: ship before Q2', mentions: [] });
  addCheckIn(r.facilitator.doc, r.trace.commitment, { by: 'Fran', status: 'on-track', note: 'ORIGINAL-CHECKIN', date: '2026-12-01' });
  const there = (d: Y.Doc) => readComments(d).some((c) => c.id === comment) && readCheckIns(d).length === 1;
  await waitFor(() => there(r.participant.doc) && there(r.watcher.doc), 'the comment and the check-in at every client');
  return { a: r, comment };
}

const commentText = (d: Y.Doc, id: string) => readComments(d).find((c) => c.id === id)?.text;

async function expectKept(r: Arena, holds: (d: Y.Doc) => boolean): Promise<void> {
  await settle(r);
  expect(holds(r.watcher.doc)).toBe(true);
  expect(r.violations).toEqual([]);
  await waitFor(() => holds(r.participant.doc), 'the attacker converges back');
  expect(holds((await stored(server, r.board.id)).doc)).toBe(true);
}

describe('comments and logs: a participant cannot rewrite what others said', () => {
  it('rewriting the text of someone else’s comment is reverted', async () => {
    const { a: r, comment } = await withReview();
    a = r;
    const kept = (d: Y.Doc) => commentText(d, comment) === 'ORIGINAL-COMMENT: ship before Q2';
    r.watch('Fran’s comment reads as she wrote it', kept);
    (r.participant.doc.getMap('comments').get(comment) as Y.Map<unknown>).set('text', 'FORGED: we agreed to drop it');
    await expectKept(r, kept);
  });

  it('deleting someone else’s comment (its tombstone, or the record itself) is reverted', async () => {
    const { a: r, comment } = await withReview();
    a = r;
    const kept = (d: Y.Doc) => commentText(d, comment) === 'ORIGINAL-COMMENT: ship before Q2';
    r.watch('Fran’s comment is there', kept);
    const map = r.participant.doc.getMap('comments').get(comment) as Y.Map<unknown>;
    r.participant.doc.transact(() => {
      map.set('deleted', true);
      map.delete('text');
    });
    await settle(r);
    r.participant.doc.getMap('comments').delete(comment);
    await expectKept(r, kept);
  });

  it('taking a check-in or an activity entry out of the logs is reverted', async () => {
    const { a: r } = await withReview();
    a = r;
    const entries = readActivity(r.watcher.doc).length;
    expect(entries).toBeGreaterThan(0);
    const kept = (d: Y.Doc) => readCheckIns(d).some((c) => c.note === 'ORIGINAL-CHECKIN') && readActivity(d).length >= entries;
    r.watch('the check-in and the feed are whole', kept);
    r.participant.doc.transact(() => {
      const checkins = r.participant.doc.getArray('checkins');
      checkins.delete(0, checkins.length);
      const activity = r.participant.doc.getArray('activity');
      activity.delete(0, activity.length);
    });
    await expectKept(r, kept);
  });

  it('still lets the author delete their own comment, anyone resolve a thread, and a writer trim an over-full feed', async () => {
    const { a: r, comment } = await withReview();
    a = r;
    const mine = addComment(r.participant.doc, r.trace.initiative, { author: 'Pat', text: 'PAT-SAYS: too early', mentions: [] });
    await waitFor(() => commentText(r.watcher.doc, mine) === 'PAT-SAYS: too early', 'Pat’s comment at the watcher');
    deleteComment(r.participant.doc, mine, 'Pat');
    resolveThread(r.participant.doc, comment, 'Pat');
    await waitFor(() => commentText(r.watcher.doc, mine) === undefined, 'Pat’s comment deleted at the watcher');
    await waitFor(() => readAllThreads(r.watcher.doc).find((t) => t.id === comment)?.resolved === true, 'Fran’s thread resolved');
    expect(commentText(r.watcher.doc, comment)).toBe('ORIGINAL-COMMENT: ship before Q2');

    for (let i = 0; i < ACTIVITY_CAP + 20; i++) logActivity(r.facilitator.doc, { kind: 'card-edited', who: 'Fran', card: r.trace.goal, excerpt: `edit ${i}` });
    await waitFor(() => readActivity(r.participant.doc).length > ACTIVITY_CAP + 20, 'the long feed at the participant');
    const newest = readActivity(r.participant.doc).at(-1)!.id;
    expect(trimActivity(r.participant.doc)).toBeGreaterThan(0);
    await waitFor(() => readActivity(r.watcher.doc).length === ACTIVITY_CAP, 'the trimmed feed at the watcher');
    await settle(r);
    expect(readActivity(r.watcher.doc).length).toBe(ACTIVITY_CAP);
    expect(readActivity(r.watcher.doc).some((e) => e.id === newest)).toBe(true);
  });
});
