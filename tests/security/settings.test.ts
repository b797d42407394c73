/**
 * Attacks on what only the facilitator or the server decides: board settings, who wrote a card or comment, and a locked card's
 * creation time. Each comes from a participant's own Yjs update and is
 * reverted, never stored and never broadcast.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard, readBoardInfo, readCards, readFacilitation, setAnonymous, setBoardTitle, setDirection, setLockedColumns,
} from '../../shared/doc/index.ts';
import { addComment, readAllThreads } from '../../shared/doc/review.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { arena, type Arena, controlReached, settle, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

async function facilitatorControl(a: Arena) {
  const control = clients.connect(server.url, a.board.id, a.board.secrets.facilitator, 'control');
  await control.synced;
  return control;
}

describe('board settings are the facilitator\'s', () => {
  it('a participant changing the board title and direction is reverted', async () => {
    a = await arena(server, clients);
    const before = readBoardInfo(a.watcher.doc);
    a.watch('title and direction unchanged', (d) => readBoardInfo(d).title === before.title && readBoardInfo(d).direction === before.direction);
    setBoardTitle(a.participant.doc, 'PWNED-TITLE');
    setDirection(a.participant.doc, before.direction === 'rtl' ? 'ltr' : 'rtl');
    a.participant.doc.getMap('board').delete('createdAt');
    await settle(a);
    expect(readBoardInfo(a.watcher.doc)).toEqual(before);
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('PWNED');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('PWNED');
    expect(readBoardInfo(back.doc)).toEqual(before);
    await waitFor(() => readBoardInfo(a!.participant.doc).title === before.title, 'the attacker converges back');
    // The facilitator's own change goes through.
    setBoardTitle(a.facilitator.doc, 'Renamed by the facilitator');
    await waitFor(() => readBoardInfo(a!.watcher.doc).title === 'Renamed by the facilitator', 'the facilitator renames');
  });
});

describe('a card or comment is signed by the server, from the connection\'s person', () => {
  it('a participant cannot sign a card as "The CEO"', async () => {
    a = await arena(server, clients);
    a.watch('nobody signs as The CEO', (d) => readCards(d).every((c) => c.author !== 'The CEO'));
    const forged = addCard(a.participant.doc, { column: 'value', text: 'Signed by someone else', author: 'The CEO' });
    const own = addCard(a.participant.doc, { column: 'value', text: 'Signed by me', author: 'Pat' });
    // A connection without a person (a stock client, a script) writes cards without an author.
    // Its own connection, not the watcher's: the watcher holds only what the server sent.
    const script = clients.connect(server.url, a.board.id, a.board.secrets.participant);
    await script.synced;
    const unsigned = addCard(script.doc, { column: 'value', text: 'From a script', author: 'The CEO' });
    // Nor can anyone re-sign an existing card.
    const loose = a.participant.doc.getMap<Y.Map<unknown>>('cards').get(a.trace.loose)!;
    a.participant.doc.transact(() => loose.set('author', 'The CEO'));
    await settle(a);
    await waitFor(() => readCards(a!.facilitator.doc).some((c) => c.id === unsigned), 'the script card');
    const authors = new Map(readCards(a.facilitator.doc).map((c) => [c.id, c.author]));
    expect(authors.get(forged)).toBe('Pat');
    expect(authors.get(own)).toBe('Pat');
    expect(authors.get(unsigned)).toBeUndefined();
    expect(authors.get(a.trace.loose)).toBeUndefined();
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('The CEO');
    expect((await stored(server, a.board.id)).bytes).not.toContain('The CEO');
  });

  it('a comment in anonymous mode stores no author, and outside it only its writer\'s', async () => {
    a = await arena(server, clients);
    const control = await facilitatorControl(a);
    addComment(a.participant.doc, a.trace.goal, { author: 'The CEO', text: 'signed comment', mentions: [] });
    await settle(a);
    setAnonymous(control.doc, true);
    await controlReached(server, a, (d) => readFacilitation(d).anonymous, 'anonymous mode on the server');
    addComment(a.participant.doc, a.trace.goal, { author: 'AUTHOR-PAT', text: 'anonymous comment', mentions: [] }, { anonymous: false });
    await settle(a);
    await waitFor(() => readAllThreads(a!.watcher.doc).length === 2, 'both comments at the watcher');
    const authors = Object.fromEntries(readAllThreads(a.watcher.doc).map((t) => [t.root.text, t.root.author]));
    expect(authors).toEqual({ 'signed comment': 'Pat', 'anonymous comment': undefined });
    expect(a.seen()).not.toContain('AUTHOR-PAT');
    expect(a.seen()).not.toContain('The CEO');
    expect((await stored(server, a.board.id)).bytes).not.toContain('AUTHOR-PAT');
  });
});

describe('locked columns', () => {
  it('a participant\'s createdAt edit on a card in a locked column is reverted', async () => {
    a = await arena(server, clients);
    const control = await facilitatorControl(a);
    setLockedColumns(control.doc, ['goal']);
    await controlReached(server, a, (d) => readFacilitation(d).lockedColumns.includes('goal'), 'the lock on the server');
    const createdAt = readCards(a.watcher.doc).find((c) => c.id === a!.trace.goal)!.createdAt;
    a.watch('the goal keeps its creation time', (d) => readCards(d).find((c) => c.id === a!.trace.goal)?.createdAt === createdAt);
    const goal = a.participant.doc.getMap<Y.Map<unknown>>('cards').get(a.trace.goal)!;
    a.participant.doc.transact(() => goal.set('createdAt', Date.UTC(1999, 0, 1)));
    await settle(a);
    expect(readCards(a.watcher.doc).find((c) => c.id === a!.trace.goal)?.createdAt).toBe(createdAt);
    expect(a.violations).toEqual([]);
    expect(readCards((await stored(server, a.board.id)).doc).find((c) => c.id === a!.trace.goal)?.createdAt).toBe(createdAt);
  });
});
