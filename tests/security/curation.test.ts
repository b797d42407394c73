/**
 * Attacks on the facilitator's curation: parking, rejecting and restoring cards
 * (a card's `status`) and the clusters of the group phase (the `groups` and
 * `groupOf` roots). Each comes from an attacking participant's own Yjs update
 * and is put back in the same transaction: never stored, never sent to the
 * facilitator or anyone else. What a participant legitimately does to curated
 * cards (move a grouped card, delete an active one and undo that) still lands,
 * and so does the facilitator's curation. Deleting a parked or rejected card
 * is the facilitator's too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard, LOCAL_ORIGIN, moveCard, readCards, setCardStatus } from '../../shared/doc/index.ts';
import type { CardStatus } from '../../shared/model.ts';
import { boardUndoScope } from '../../shared/doc/ext-client.ts';
import { groupCards, readGroups, renameGroup, splitGroup, ungroupCard } from '../../shared/doc/ext-groups.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { arena, type Arena, settle, stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

const statusOf = (doc: Y.Doc, id: string): CardStatus | undefined => readCards(doc).find((c) => c.id === id)?.status;
const allActive = (doc: Y.Doc) => readCards(doc).every((c) => c.status === 'active');
/** The clusters as everyone reads them, and as stored in their two roots. */
const clusters = (doc: Y.Doc) => JSON.stringify({ read: readGroups(doc), groups: doc.getMap('groups').toJSON(), groupOf: doc.getMap('groupOf').toJSON() });

/** How many websocket writes the server refused from participants so far (`/healthz`). */
async function refusedParticipantWrites(): Promise<number> {
  const res = await fetch(`${server.url}/healthz`);
  return ((await res.json()) as { refusedWrites: { participant: number } }).refusedWrites.participant;
}

/** Checks `holds` on the facilitator's document after every update the server sends it (the arena's watcher checks its own). */
function watchFacilitator(a: Arena, name: string, holds: (doc: Y.Doc) => boolean): string[] {
  const violations: string[] = [];
  a.facilitator.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === a.facilitator.provider && !holds(a.facilitator.doc)) violations.push(name);
  });
  return violations;
}

/**
 * After an attack: once everything sent has been handled, `holds` on the watcher's and the
 * facilitator's documents (and never failed there meanwhile), and the attacker's own
 * document comes back to it.
 */
async function putBack(a: Arena, holds: (doc: Y.Doc) => boolean, atFacilitator: string[]): Promise<void> {
  await settle(a);
  expect(holds(a.watcher.doc)).toBe(true);
  expect(holds(a.facilitator.doc)).toBe(true);
  expect(a.violations).toEqual([]);
  expect(atFacilitator).toEqual([]);
  await waitFor(() => holds(a.participant.doc), 'the attacker converges back');
}

/** Two more value cards beside the arena's loose one, written by the facilitator; the three ids. */
async function valueCards(a: Arena): Promise<[string, string, string]> {
  const second = addCard(a.facilitator.doc, { column: 'value', text: 'Second idea' });
  const third = addCard(a.facilitator.doc, { column: 'value', text: 'Third idea' });
  const arrived = (d: Y.Doc) => readCards(d).some((c) => c.id === third);
  await waitFor(() => arrived(a.participant.doc) && arrived(a.watcher.doc), 'the value cards everywhere');
  return [a.trace.loose, second, third];
}

describe('a card\'s status is the facilitator\'s', () => {
  it('a participant parking and rejecting cards is put back: neither the facilitator nor anyone else sees it, nothing parked is stored', async () => {
    a = await arena(server, clients);
    const refusedBefore = await refusedParticipantWrites();
    a.watch('every card stays active', allActive);
    const atFacilitator = watchFacilitator(a, 'every card stays active at the facilitator', allActive);
    setCardStatus(a.participant.doc, a.trace.loose, 'parked');
    setCardStatus(a.participant.doc, a.trace.value, 'rejected');
    // One update that sets the key twice (parks, then rejects).
    a.participant.doc.transact(() => {
      setCardStatus(a!.participant.doc, a!.trace.goal, 'parked');
      setCardStatus(a!.participant.doc, a!.trace.goal, 'rejected');
    });
    await putBack(a, allActive, atFacilitator);
    // Counted like every refused write.
    expect(await refusedParticipantWrites()).toBeGreaterThanOrEqual(refusedBefore + 3);
    expect(allActive((await stored(server, a.board.id)).doc)).toBe(true);
    // What a restart loads: a fresh server on the same data, a fresh client.
    const { board } = a;
    await server.restart();
    const fresh = clients.connect(server.url, board.id, board.secrets.viewer);
    await fresh.synced;
    expect(readCards(fresh.doc).length).toBe(8); // the trace, the loose card and the marker
    expect(allActive(fresh.doc)).toBe(true);
  });

  it('a participant restoring what the facilitator parked or rejected is put back: it stays parked, and rejected', async () => {
    a = await arena(server, clients);
    setCardStatus(a.facilitator.doc, a.trace.loose, 'parked');
    setCardStatus(a.facilitator.doc, a.trace.value, 'rejected');
    const curated = (d: Y.Doc) => statusOf(d, a!.trace.loose) === 'parked' && statusOf(d, a!.trace.value) === 'rejected';
    await waitFor(() => curated(a!.participant.doc) && curated(a!.watcher.doc), 'the facilitator\'s curation everywhere');
    a.watch('the curation stays', curated);
    const atFacilitator = watchFacilitator(a, 'the curation stays at the facilitator', curated);
    setCardStatus(a.participant.doc, a.trace.loose, 'active');
    setCardStatus(a.participant.doc, a.trace.value, 'parked');
    // By hand: the key taken out, as the app's restore does.
    a.participant.doc.transact(() => a!.participant.doc.getMap<Y.Map<unknown>>('cards').get(a!.trace.value)!.delete('status'));
    await putBack(a, curated, atFacilitator);
    expect(curated((await stored(server, a.board.id)).doc)).toBe(true);
  });

  it('a participant\'s new card written as rejected arrives active, its text kept', async () => {
    a = await arena(server, clients);
    a.watch('no card is rejected', (d) => readCards(d).every((c) => c.status !== 'rejected'));
    const atFacilitator = watchFacilitator(a, 'no card is rejected at the facilitator', (d) => readCards(d).every((c) => c.status !== 'rejected'));
    const id = addCard(a.participant.doc, { column: 'value', text: 'Born rejected', author: 'Pat', status: 'rejected' });
    await settle(a);
    await waitFor(() => statusOf(a!.facilitator.doc, id) !== undefined, 'the new card at the facilitator');
    expect(readCards(a.watcher.doc).find((c) => c.id === id)).toMatchObject({ text: 'Born rejected', status: 'active', author: 'Pat' });
    expect(statusOf(a.facilitator.doc, id)).toBe('active');
    expect(a.violations).toEqual([]);
    expect(atFacilitator).toEqual([]);
    await waitFor(() => statusOf(a!.participant.doc, id) === 'active', 'the attacker converges back');
    expect(statusOf((await stored(server, a.board.id)).doc, id)).toBe('active');
  });

  it('a participant deleting a parked or a rejected card is put back: it stays, as curated, everywhere and stored', async () => {
    a = await arena(server, clients);
    setCardStatus(a.facilitator.doc, a.trace.loose, 'parked');
    setCardStatus(a.facilitator.doc, a.trace.value, 'rejected');
    const curated = (d: Y.Doc) => statusOf(d, a!.trace.loose) === 'parked' && statusOf(d, a!.trace.value) === 'rejected';
    await waitFor(() => curated(a!.participant.doc) && curated(a!.watcher.doc), 'the facilitator\'s curation everywhere');
    const refusedBefore = await refusedParticipantWrites();
    a.watch('the curated cards stay', curated);
    const atFacilitator = watchFacilitator(a, 'the curated cards stay at the facilitator', curated);
    deleteCard(a.participant.doc, a.trace.loose);
    deleteCard(a.participant.doc, a.trace.value);
    await putBack(a, curated, atFacilitator);
    expect(await refusedParticipantWrites()).toBeGreaterThanOrEqual(refusedBefore + 2);
    expect(curated((await stored(server, a.board.id)).doc)).toBe(true);
  });

  it('a participant who deletes an active card and takes it back with Undo gets it back active, and the facilitator deletes a parked one', async () => {
    a = await arena(server, clients);
    setCardStatus(a.facilitator.doc, a.trace.value, 'parked');
    await waitFor(() => statusOf(a!.participant.doc, a!.trace.value) === 'parked', 'the parked card at the participant');
    const refusedBefore = await refusedParticipantWrites();
    // The app's undo manager: the board's undo scope, the client's own changes.
    const undo = new Y.UndoManager(boardUndoScope(a.participant.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    deleteCard(a.participant.doc, a.trace.loose);
    await waitFor(() => statusOf(a!.watcher.doc, a!.trace.loose) === undefined, 'the deletion at the watcher');
    undo.undo();
    await waitFor(() => statusOf(a!.watcher.doc, a!.trace.loose) !== undefined, 'the card back at the watcher');
    deleteCard(a.facilitator.doc, a.trace.value);
    await waitFor(() => statusOf(a!.watcher.doc, a!.trace.value) === undefined, 'the facilitator\'s deletion at the watcher');
    await settle(a);
    expect(statusOf(a.watcher.doc, a.trace.loose)).toBe('active');
    const saved = (await stored(server, a.board.id)).doc;
    expect(statusOf(saved, a.trace.loose)).toBe('active');
    expect(statusOf(saved, a.trace.value)).toBeUndefined();
    expect(await refusedParticipantWrites()).toBe(refusedBefore);
    undo.destroy();
  });
});

describe('the clusters are the facilitator\'s', () => {
  it('a participant grouping, renaming, splitting or ungrouping is put back: the clusters stay as the facilitator made them', async () => {
    a = await arena(server, clients);
    const [loose, second, third] = await valueCards(a);
    const group = groupCards(a.facilitator.doc, [loose, second], 'Made by the facilitator');
    const made = clusters(a.facilitator.doc);
    await waitFor(() => clusters(a!.participant.doc) === made && clusters(a!.watcher.doc) === made, 'the cluster everywhere');
    const refusedBefore = await refusedParticipantWrites();
    a.watch('the clusters stay as made', (d) => clusters(d) === made);
    const atFacilitator = watchFacilitator(a, 'the clusters stay as made at the facilitator', (d) => clusters(d) === made);
    const p = a.participant.doc;
    renameGroup(p, group, 'PWNED LABEL');
    groupCards(p, [second, third], 'PWNED GROUP');
    ungroupCard(p, loose);
    splitGroup(p, group);
    // By hand: a group of cards of two columns, and a stray membership.
    p.transact(() => {
      const forged = new Y.Map<unknown>();
      forged.set('column', 'goal');
      forged.set('label', 'PWNED FORGED');
      p.getMap('groups').set('forged', forged);
      p.getMap('groupOf').set(a!.trace.goal, 'forged');
      p.getMap('groupOf').set(a!.trace.segment, 'forged');
    });
    await putBack(a, (d) => clusters(d) === made, atFacilitator);
    expect(a.seen()).not.toContain('PWNED');
    expect(await refusedParticipantWrites()).toBeGreaterThanOrEqual(refusedBefore + 5);
    const back = await stored(server, a.board.id);
    expect(clusters(back.doc)).toBe(made);
    expect(back.bytes).not.toContain('PWNED');
  });

  it('a participant moves a grouped card to another column and deletes another: both land, the clusters are not written', async () => {
    a = await arena(server, clients);
    const [loose, second, third] = await valueCards(a);
    groupCards(a.facilitator.doc, [loose, second, third], 'Three ideas');
    await waitFor(() => readGroups(a!.participant.doc)[0]?.cards.length === 3, 'the cluster at the participant');
    const stored0 = JSON.stringify((await stored(server, a.board.id)).doc.getMap('groupOf').toJSON());
    const refusedBefore = await refusedParticipantWrites();
    moveCard(a.participant.doc, third, 'behaviour', 0);
    deleteCard(a.participant.doc, second);
    await settle(a);
    await waitFor(() => statusOf(a!.facilitator.doc, second) === undefined, 'the deletion at the facilitator');
    expect(readCards(a.watcher.doc).find((c) => c.id === third)?.column).toBe('behaviour');
    expect(readCards(a.facilitator.doc).find((c) => c.id === third)?.column).toBe('behaviour');
    expect(statusOf(a.watcher.doc, second)).toBeUndefined();
    // On read, the cluster has one card left: it shows no more.
    expect(readGroups(a.watcher.doc)).toEqual([]);
    expect(await refusedParticipantWrites()).toBe(refusedBefore);
    const back = (await stored(server, a.board.id)).doc;
    expect(readCards(back).find((c) => c.id === third)?.column).toBe('behaviour');
    expect(statusOf(back, second)).toBeUndefined();
    expect(JSON.stringify(back.getMap('groupOf').toJSON())).toBe(stored0);
  });
});

describe('the facilitator curates', () => {
  it('parks, rejects, restores, groups and splits: each lands everywhere and is stored', async () => {
    a = await arena(server, clients);
    const [loose, second, third] = await valueCards(a);
    const f = a.facilitator.doc;
    setCardStatus(f, loose, 'parked');
    setCardStatus(f, a.trace.goal, 'rejected');
    await waitFor(() => statusOf(a!.watcher.doc, loose) === 'parked' && statusOf(a!.watcher.doc, a!.trace.goal) === 'rejected', 'parked and rejected at the watcher');
    setCardStatus(f, a.trace.goal, 'active');
    await waitFor(() => statusOf(a!.watcher.doc, a!.trace.goal) === 'active', 'restored at the watcher');
    const group = groupCards(f, [second, third], 'Two ideas');
    await waitFor(() => readGroups(a!.watcher.doc)[0]?.label === 'Two ideas', 'the cluster at the watcher');
    expect(readGroups(a.participant.doc)).toEqual([{ id: group, label: 'Two ideas', column: 'value', cards: [second, third] }]);
    let back = (await stored(server, a.board.id)).doc;
    expect(statusOf(back, loose)).toBe('parked');
    expect(statusOf(back, a.trace.goal)).toBe('active');
    expect(readGroups(back).map((g) => g.id)).toEqual([group]);
    splitGroup(f, group);
    await waitFor(() => readGroups(a!.watcher.doc).length === 0, 'the split at the watcher');
    back = (await stored(server, a.board.id)).doc;
    expect(readGroups(back)).toEqual([]);
  });
});
