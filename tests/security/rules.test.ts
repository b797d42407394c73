/**
 * Attacks on what the room decided (issues 9 and 16, items 5 and 6), each
 * from a participant's client sending its own Yjs updates: each is reverted in
 * the same transaction, so it is never stored (the board read back from
 * storage still has it) and never broadcast (another client never sees a
 * moment without it). A facilitator's delete of a protected card goes through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard, addLink, deleteCard, deleteLink, moveCard, putCommitment, setCardText, readCards, readCommitments, readDecisions, readLinks, setCommitmentStatus, updateCommitment,
} from '../../shared/doc/index.ts';
import { deleteCommitment } from '../../shared/doc/records/commitment.ts';
import { cardText } from '../../shared/doc/records/card.ts';

const cardTextOf = (doc: Y.Doc, id: string) => cardText(doc, id)!;
import { serverEachTest } from '../helpers/server.ts';
import { trackClients, waitFor } from '../helpers/clients.ts';
import { arena, participantAs, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

const hasCard = (doc: Y.Doc, id: string) => readCards(doc).some((c) => c.id === id);
const hasLink = (doc: Y.Doc, id: string) => readLinks(doc).some((l) => l.id === id);
const agreed = (doc: Y.Doc) => readCommitments(doc).find((c) => c.status === 'agreed');

/** The whole decided trace: its six cards, five links and the agreed commitment. */
function traceIntact(a: Arena, doc: Y.Doc): boolean {
  const t = a.trace;
  return [t.goal, t.segment, t.value, t.behaviour, t.indicator, t.initiative].every((id) => hasCard(doc, id))
    && readLinks(doc).filter((l) => l.from !== a.trace.loose && l.to !== a.trace.loose).length === 5
    && agreed(doc)?.id === t.commitment;
}

async function expectTraceKept(a: Arena): Promise<void> {
  await settle(a);
  expect(traceIntact(a, a.watcher.doc)).toBe(true);
  expect(a.violations).toEqual([]);
  await waitFor(() => traceIntact(a, a.participant.doc), 'the attacker converges back');
  expect(traceIntact(a, (await stored(server, a.board.id)).doc)).toBe(true);
}

describe('protected records: a participant cannot remove what the room decided', () => {
  it('deleting the card that carries an agreed commitment is reverted, with its links and commitment', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    a.watch('the initiative, its link and its commitment are there', (d) => traceIntact(arenaNow, d));
    deleteCard(a.participant.doc, a.trace.initiative);
    await expectTraceKept(a);
  });

  it('deleting a link on an agreed trace is reverted', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    a.watch('the trace is whole', (d) => traceIntact(arenaNow, d));
    const toGoal = readLinks(a.participant.doc).find((l) => l.to === a!.trace.goal)!.id;
    deleteLink(a.participant.doc, toGoal);
    deleteLink(a.participant.doc, a.trace.initiativeLink);
    await expectTraceKept(a);
    expect(hasLink(a.watcher.doc, toGoal) && hasLink(a.watcher.doc, a.trace.initiativeLink)).toBe(true);
  });

  it('clearing the commitments, links and cards maps in bulk loses nothing decided', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    a.watch('the trace is whole', (d) => traceIntact(arenaNow, d));
    a.participant.doc.transact(() => {
      a!.participant.doc.getMap('commitments').clear();
      a!.participant.doc.getMap('links').clear();
      a!.participant.doc.getMap('cards').clear();
    });
    await expectTraceKept(a);
    // What was not protected went: the loose card.
    expect(hasCard(a.watcher.doc, a.trace.loose)).toBe(false);
  });

  it('moving a protected card to another column (which cuts its links) is reverted', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    a.watch('the trace is whole', (d) => traceIntact(arenaNow, d));
    moveCard(a.participant.doc, a.trace.value, 'behaviour', 0);
    await expectTraceKept(a);
    expect(readCards(a.watcher.doc).find((c) => c.id === a!.trace.value)?.column).toBe('value');
  });

  it('re-pointing the ends of a protected link is reverted', async () => {
    a = await arena(server, clients);
    const link = a.participant.doc.getMap<Y.Map<unknown>>('links').get(a.trace.initiativeLink)!;
    a.participant.doc.transact(() => link.set('to', a!.trace.loose));
    await expectTraceKept(a);
    expect(readLinks(a.watcher.doc).find((l) => l.id === a!.trace.initiativeLink)).toMatchObject({ from: a.trace.initiative, to: a.trace.indicator });
  });

  it('a facilitator deletes a protected card: it goes, with its links and commitment', async () => {
    a = await arena(server, clients);
    deleteCard(a.facilitator.doc, a.trace.initiative);
    await waitFor(() => !hasCard(a!.watcher.doc, a!.trace.initiative) && readCommitments(a!.watcher.doc).length === 0, 'the delete at others');
    const back = (await stored(server, a.board.id)).doc;
    expect(hasCard(back, a.trace.initiative)).toBe(false);
    expect(readCommitments(back)).toEqual([]);
    expect(back.getMap('commitments').size).toBe(0);
  });
});

describe('an agreed commitment is what the room decided', () => {
  it('editing an agreed commitment\'s owner, due date and title is reverted, never stored or sent', async () => {
    a = await arena(server, clients);
    a.watch('owner, due date and title as agreed', (d) => {
      const c = readCommitments(d)[0];
      return c?.owner === 'Ann' && c.due === '2027-02-01' && c.title === 'Capacity view for leads';
    });
    const map = a.participant.doc.getMap<Y.Map<unknown>>('commitments').get(a.trace.commitment)!;
    a.participant.doc.transact(() => {
      map.set('owner', 'MALLORY-OWNER');
      map.set('due', '2099-12-31');
      map.set('title', 'MALLORY-TITLE');
    });
    await settle(a);
    expect(readCommitments(a.watcher.doc)[0]).toMatchObject({ owner: 'Ann', due: '2027-02-01', title: 'Capacity view for leads', status: 'agreed' });
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('MALLORY');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('MALLORY');
    expect(readCommitments(back.doc)[0]?.owner).toBe('Ann');
    await waitFor(() => readCommitments(a!.participant.doc)[0]?.owner === 'Ann', 'the attacker converges back');
  });

  it('agreed → in progress → proposed in two updates is caught at the second step', async () => {
    a = await arena(server, clients);
    a.watch('never proposed again without a reopening', (d) => readCommitments(d)[0]?.status !== 'proposed');
    // The owner moves it along (only the owner may: see integrity.test.ts), then tries to reopen it by a plain write.
    const owner = await participantAs(server, clients, a, 'Ann');
    setCommitmentStatus(owner.doc, a.trace.commitment, 'in-progress');
    await waitFor(() => readCommitments(a!.watcher.doc)[0]?.status === 'in-progress', 'the allowed move arrives');
    const map = owner.doc.getMap<Y.Map<unknown>>('commitments').get(a.trace.commitment)!;
    owner.doc.transact(() => map.set('status', 'proposed'));
    await settle(a, owner);
    expect(readCommitments(a.watcher.doc)[0]).toMatchObject({ status: 'in-progress' });
    expect(readCommitments(a.watcher.doc)[0]?.reopenings).toBeUndefined();
    expect(readDecisions(a.watcher.doc).map((d) => d.kind)).toEqual(['consent']);
    expect(a.violations).toEqual([]);
    expect(readCommitments((await stored(server, a.board.id)).doc)[0]?.status).toBe('in-progress');
  });

  it('dropping an agreed commitment is the facilitator\'s call, not a participant\'s click', async () => {
    a = await arena(server, clients);
    a.watch('still agreed', (d) => readCommitments(d)[0]?.status === 'agreed');
    setCommitmentStatus(a.participant.doc, a.trace.commitment, 'dropped');
    await settle(a);
    expect(readCommitments(a.watcher.doc)[0]?.status).toBe('agreed');
    expect(a.violations).toEqual([]);
    setCommitmentStatus(a.facilitator.doc, a.trace.commitment, 'dropped');
    await waitFor(() => readCommitments(a!.watcher.doc)[0]?.status === 'dropped', 'the facilitator drops it');
  });

describe('agreed words stay as agreed, edit after refused edit', () => {
  it('a writer whose edits are refused one after another wears nothing away (a letter of theirs already in the text)', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    const loose = a.trace.loose;
    const textIn = (d: Y.Doc) => readCards(d).find((c) => c.id === loose)?.text;
    // Before it is agreed, the participant's letter goes in.
    cardTextOf(a.participant.doc, loose).insert(0, 'x');
    await waitFor(() => textIn(arenaNow.watcher.doc) === 'xLoose idea', 'the letter, while it is open');
    // The facilitator puts the card on the agreed trace: its words are agreed content now.
    addLink(a.facilitator.doc, a.trace.behaviour, loose);
    addLink(a.facilitator.doc, loose, a.trace.segment);
    await waitFor(() => readLinks(arenaNow.participant.doc).filter((l) => l.from === loose || l.to === loose).length === 2, 'the card on the trace');
    a.watch('the agreed words as they were', (d) => textIn(d) === 'xLoose idea');
    for (let i = 0; i < 3; i++) {
      cardTextOf(a.participant.doc, loose).insert(0, 'x');
      await settle(a);
    }
    expect(textIn(a.watcher.doc)).toBe('xLoose idea');
    expect(textIn((await stored(server, a.board.id)).doc)).toBe('xLoose idea');
    await waitFor(() => textIn(arenaNow.participant.doc) === 'xLoose idea', 'the writer converges back');
  });
});

describe('what an agreed commitment traces to', () => {
  it('grows by no link a participant draws from its trace toward a goal; new work toward it is drawn as usual', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    const goal = addCard(a.participant.doc, { column: 'goal', text: 'Halve support headcount' });
    await waitFor(() => readCards(arenaNow.watcher.doc).some((c) => c.id === goal), 'the new goal');
    const sneaked = addLink(a.participant.doc, a.trace.segment, goal);
    const work = addCard(a.participant.doc, { column: 'initiative', text: 'Another way to move the indicator' });
    const toward = addLink(a.participant.doc, work, a.trace.indicator);
    await settle(a);
    await waitFor(() => readLinks(arenaNow.watcher.doc).some((l) => l.id === toward), 'the link from new work');
    expect(readLinks(a.watcher.doc).some((l) => l.id === sneaked)).toBe(false);
    expect(readLinks((await stored(server, a.board.id)).doc).some((l) => l.id === sneaked)).toBe(false);
    await waitFor(() => !readLinks(arenaNow.participant.doc).some((l) => l.id === sneaked), 'the writer converges back');
  });
});

describe('a proposal the room is answering on stays as asked', () => {
  it('while its consent round is open or closed and not recorded, a participant cannot change or delete it; once recorded, a proposal is theirs to shape again', async () => {
    a = await arena(server, clients);
    const arenaNow = a;
    const proposal = 'proposal-1';
    const card = addCard(a.facilitator.doc, { column: 'initiative', text: 'Onboarding call' });
    const link = addLink(a.facilitator.doc, card, a.trace.indicator);
    putCommitment(a.facilitator.doc, {
      id: proposal, card, title: 'Onboarding call', owner: 'Dana', contributors: [], due: '2026-03-31', status: 'proposed', indicators: [a.trace.indicator],
    });
    await waitFor(() => readCommitments(arenaNow.participant.doc).some((c) => c.id === proposal), 'the proposal at the participant');
    const call = (action: Record<string, unknown>) => fetch(`${server.url}/api/boards/${arenaNow.board.id}/facilitation`, {
      method: 'POST', headers: { Authorization: `Bearer ${arenaNow.board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify(action),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { consent: { id: string } } }));
    const started = await call({ action: 'startConsent', commitments: [proposal], method: 'thumbs' });
    expect(started.status).toBe(200);
    const round = started.body.consent.id;
    // The commitment as asked, and its trace: its initiative's words, the link to its indicator, the indicator's words.
    const indicatorText = readCards(a.facilitator.doc).find((c) => c.id === a!.trace.indicator)!.text;
    const asAsked = (d: Y.Doc) => {
      const c = readCommitments(d).find((x) => x.id === proposal);
      const texts = new Map(readCards(d).map((x) => [x.id, x.text]));
      return c?.owner === 'Dana' && c.due === '2026-03-31' && texts.get(card) === 'Onboarding call' && texts.get(a!.trace.indicator) === indicatorText
        && readLinks(d).some((l) => l.id === link);
    };
    let recorded = false;
    a.watch('the proposal as the room was asked about it', (d) => recorded || asAsked(d));
    for (const state of ['open', 'closed']) {
      if (state === 'closed') expect((await call({ action: 'closeConsent' })).status).toBe(200);
      updateCommitment(a.participant.doc, proposal, { owner: 'MALLORY', due: '2030-12-31' });
      await settle(a);
      deleteCommitment(a.participant.doc, proposal);
      await settle(a);
      // Nor its trace: the initiative's and the indicator's words, the link between them.
      setCardText(a.participant.doc, card, 'Onboarding call, plus a full rewrite of billing');
      setCardText(a.participant.doc, a.trace.indicator, 'Weekly planners (any one login counts)');
      deleteLink(a.participant.doc, link);
      await settle(a);
      expect(asAsked(a.watcher.doc)).toBe(true);
      expect(a.violations).toEqual([]);
      await waitFor(() => asAsked(arenaNow.participant.doc), 'the attacker converges back');
    }
    expect(asAsked((await stored(server, a.board.id)).doc)).toBe(true);
    // The facilitator records the round (not agreed: revise it); the room may shape the proposal again.
    const now = readCommitments(a.facilitator.doc).find((c) => c.id === proposal)!;
    putCommitment(a.facilitator.doc, {
      ...now, consents: [{ at: '2026-01-02T10:00:00Z', round, method: 'thumbs', participants: ['Ana'], responses: [{ name: 'Ana', value: 'down' }], outcome: 'not-agreed' }],
    });
    await waitFor(() => (readCommitments(arenaNow.participant.doc).find((c) => c.id === proposal)?.consents?.length ?? 0) > 0, 'the record at the participant');
    recorded = true;
    updateCommitment(a.participant.doc, proposal, { owner: 'Ana' });
    await waitFor(() => readCommitments(arenaNow.watcher.doc).find((c) => c.id === proposal)?.owner === 'Ana', 'a participant shapes the proposal again');
  });
});
});
