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
import { readFacilitation, setAnonymous } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { arena, controlReached, participantAs, settle, stored, type Arena } from './fixtures.ts';

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

  it('joining under the author’s name does not make a comment yours: another “Pat” and a “Fran” cannot change or delete theirs', async () => {
    const { a: r, comment: frans } = await withReview();
    a = r;
    const pats = addComment(r.participant.doc, r.trace.initiative, { author: 'Pat', text: 'PAT-SAYS: too early', mentions: [] });
    await waitFor(() => readComments(r.watcher.doc).find((c) => c.id === pats)?.authorId === r.participantId, 'Pat’s comment, signed with Pat’s id, at the watcher');
    const kept = (d: Y.Doc) => commentText(d, pats) === 'PAT-SAYS: too early' && commentText(d, frans) === 'ORIGINAL-COMMENT: ship before Q2';
    r.watch('Pat’s and Fran’s comments read as they wrote them', kept);
    // Fran's comment came from a connection without a person: it has no id, and is nobody's but the facilitator's to moderate.
    expect(readComments(r.watcher.doc).find((c) => c.id === frans)?.authorId).toBeUndefined();
    for (const name of ['Pat', 'Fran']) {
      const impostor = await participantAs(server, clients, r, name);
      await waitFor(() => commentText(impostor.doc, pats) !== undefined, `Pat’s comment at the second ${name}`);
      const other = name === 'Pat' ? pats : frans;
      const map = impostor.doc.getMap('comments').get(other) as Y.Map<unknown>;
      map.set('text', `FORGED by the second ${name}`);
      impostor.doc.transact(() => {
        map.set('deleted', true);
        map.delete('text');
      });
      // Nor can the impostor claim the comment with the author's id.
      map.set('authorId', name === 'Pat' ? 'someone-else' : r.participantId);
      await waitFor(() => kept(impostor.doc), `the second ${name} converges back`);
    }
    await settle(r);
    expect(kept(r.watcher.doc)).toBe(true);
    expect(r.violations).toEqual([]);
    expect(kept((await stored(server, r.board.id)).doc)).toBe(true);
    expect(readComments(r.watcher.doc).find((c) => c.id === frans)?.authorId).toBeUndefined();
    expect(readComments(r.watcher.doc).find((c) => c.id === pats)?.authorId).toBe(r.participantId);
  });

  it('a comment is signed with its writer’s person id: a forged id is replaced, none without a person or in anonymous mode', async () => {
    const { a: r } = await withReview();
    a = r;
    const authorIdOf = (d: Y.Doc, text: string) => readComments(d).find((c) => c.text === text);
    addComment(r.participant.doc, r.trace.initiative, { author: 'Pat', text: 'FORGED-ID', mentions: [] }, { personId: 'someone-else' });
    // The watcher joined without a person: what it writes is nobody's (the facilitator moderates it).
    addComment(r.watcher.doc, r.trace.initiative, { author: 'Pat', text: 'NO-PERSON', mentions: [] }, { personId: r.participantId });
    await waitFor(() => authorIdOf(r.facilitator.doc, 'FORGED-ID') !== undefined && authorIdOf(r.facilitator.doc, 'NO-PERSON') !== undefined, 'both comments');
    await settle(r);
    expect(authorIdOf(r.facilitator.doc, 'FORGED-ID')?.authorId).toBe(r.participantId);
    expect(authorIdOf(r.facilitator.doc, 'NO-PERSON')?.authorId).toBeUndefined();
    expect(authorIdOf(r.facilitator.doc, 'NO-PERSON')?.author).toBeUndefined();
    // In anonymous mode a comment names nobody, by name or by id, even when the client writes them.
    const control = clients.connect(server.url, r.board.id, r.board.secrets.facilitator, 'control');
    await control.synced;
    setAnonymous(control.doc, true);
    await controlReached(server, r, (d) => readFacilitation(d).anonymous, 'anonymous mode on the server');
    const anonymous = addComment(r.participant.doc, r.trace.initiative, { author: 'Pat', text: 'ANONYMOUS', mentions: [] }, { personId: r.participantId });
    await waitFor(() => authorIdOf(r.facilitator.doc, 'ANONYMOUS') !== undefined, 'the anonymous comment');
    await settle(r);
    expect(authorIdOf(r.facilitator.doc, 'ANONYMOUS')).not.toHaveProperty('authorId');
    expect(authorIdOf(r.facilitator.doc, 'ANONYMOUS')).not.toHaveProperty('author');
    const storedComment = (await stored(server, r.board.id)).doc.getMap('comments').get(anonymous) as Y.Map<unknown>;
    expect([...storedComment.keys()].sort()).toEqual(['at', 'card', 'mentions', 'text']);
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
    await waitFor(() => readComments(r.participant.doc).find((c) => c.id === mine)?.authorId === r.participantId, 'Pat’s comment signed with Pat’s id');
    deleteComment(r.participant.doc, mine, 'Pat', { personId: r.participantId });
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
