/**
 * Agreed work is safe from any click (QA bugs 1, 2 and 7): hand-made updates
 * from a participant's stock client that change the status of someone else's
 * commitment, take Done back, or rewrite agreed content, and a facilitator's
 * update that takes an entry out of the decision log. Each is reverted in the
 * same transaction: never stored, never seen by another client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard, addDecision, addLink, linkAssumptionText, promoteToCommitment, readCard, readLinks, readCards, readCommitments, readDecisions, setCardText, setCommitmentStatus, setLinkAssumption, takeBackDone, updateCardFields,
} from '../../shared/doc/index.ts';
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

const statusOf = (doc: Y.Doc) => readCommitments(doc)[0]?.status;

describe('commitment status: only its owner (or the facilitator) moves it', () => {
  it('marking someone else’s commitment done is reverted; its owner marks it done', async () => {
    a = await arena(server, clients);
    a.watch('never done by someone who does not own it', (d) => statusOf(d) === 'agreed');
    // Pat (the attacker) does not own it (Ann does): done, in progress, by the document layer and by a raw write.
    setCommitmentStatus(a.participant.doc, a.trace.commitment, 'done');
    await settle(a);
    const map = a.participant.doc.getMap<Y.Map<unknown>>('commitments').get(a.trace.commitment)!;
    a.participant.doc.transact(() => map.set('status', 'in-progress'));
    await settle(a);
    expect(statusOf(a.watcher.doc)).toBe('agreed');
    expect(a.violations).toEqual([]);
    expect(statusOf((await stored(server, a.board.id)).doc)).toBe('agreed');
    await waitFor(() => statusOf(a!.participant.doc) === 'agreed', 'the attacker converges back');

    // From here the status changes: the invariant above was for the attacks only.
    const ann = await participantAs(server, clients, a, 'ann'); // the owner's name, in another case
    setCommitmentStatus(ann.doc, a.trace.commitment, 'done');
    await waitFor(() => statusOf(a!.watcher.doc) === 'done', 'the owner’s done arrives');
    expect(statusOf((await stored(server, a.board.id)).doc)).toBe('done');
  });

  it('a participant (even the owner) cannot take Done back; the facilitator can, with who and why in the decision log', async () => {
    a = await arena(server, clients);
    const ann = await participantAs(server, clients, a, 'Ann');
    setCommitmentStatus(ann.doc, a.trace.commitment, 'done');
    await waitFor(() => statusOf(a!.watcher.doc) === 'done', 'done at others');
    const arenaNow = a;
    a.watch('done stays done until the facilitator takes it back', (d) => statusOf(d) === 'done' || readDecisions(d).some((e) => e.kind === 'take-back'));
    const map = ann.doc.getMap<Y.Map<unknown>>('commitments').get(a.trace.commitment)!;
    ann.doc.transact(() => map.set('status', 'in-progress'));
    await settle(arenaNow, ann);
    expect(statusOf(a.watcher.doc)).toBe('done');
    // Forging the facilitator's record does not help: the decision log is the facilitator's.
    takeBackDone(ann.doc, a.trace.commitment, 'agreed', 'Ann', 'forged');
    await settle(arenaNow, ann);
    expect(statusOf(a.watcher.doc)).toBe('done');
    expect(readDecisions(a.watcher.doc).map((d) => d.kind)).toEqual(['consent']);
    expect(a.violations).toEqual([]);

    takeBackDone(a.facilitator.doc, a.trace.commitment, 'in-progress', 'Fran', 'Marked done by mistake');
    await waitFor(() => statusOf(a!.watcher.doc) === 'in-progress', 'the take-back arrives');
    const back = (await stored(server, a.board.id)).doc;
    expect(statusOf(back)).toBe('in-progress');
    expect(readDecisions(back).at(-1)).toMatchObject({ kind: 'take-back', by: 'Fran', from: 'done', to: 'in-progress', reason: 'Marked done by mistake' });
  });
});

describe('the decision log is append-only, for the facilitator too', () => {
  it('a facilitator’s update that removes or rewrites an entry is reverted; what it appends stays', async () => {
    a = await arena(server, clients);
    a.watch('the consent entry is there, as written', (d) => readDecisions(d).some((e) => e.kind === 'consent' && e.outcome === 'agreed'));
    const log = a.facilitator.doc.getArray('decisions');
    const first = log.get(0) as Record<string, unknown>;
    // Removing the entry while appending one (what an undo of a logged act plus a new entry sends).
    a.facilitator.doc.transact(() => {
      log.delete(0, 1);
      log.push([{ ...first, id: 'forgedentry1', outcome: 'not-agreed' }]);
    });
    addDecision(a.facilitator.doc, { kind: 'override', by: 'Fran', reason: 'Closing with one finding open', findings: [] });
    await settle(a, a.facilitator);
    const kinds = (doc: Y.Doc) => readDecisions(doc).map((d) => `${d.kind}${d.kind === 'consent' ? `:${d.outcome}` : ''}`);
    expect(kinds(a.watcher.doc)).toEqual(['consent:agreed', 'consent:not-agreed', 'override']);
    expect(a.violations).toEqual([]);
    expect(kinds((await stored(server, a.board.id)).doc)).toEqual(['consent:agreed', 'consent:not-agreed', 'override']);
    await waitFor(() => readDecisions(a!.facilitator.doc)[0]?.id === first.id, 'the facilitator converges back');
    expect(readCards(a.watcher.doc).length).toBeGreaterThan(0);
  });
});

describe('what was agreed is read only for participants', () => {
  it('appending to the agreed initiative, changing the indicator’s target and rewriting a behaviour on the trace are reverted; other cards stay editable', async () => {
    a = await arena(server, clients);
    const t = a.trace;
    const asAgreed = (d: Y.Doc) => readCard(d, t.initiative)?.text === 'Capacity view' && readCard(d, t.indicator)?.targetValue === 40
      && readCard(d, t.behaviour)?.text === 'Leads plan in the tool' && readCard(d, t.goal)?.metric === 'NRR';
    a.watch('the agreed content as agreed', asAgreed);
    const p = a.participant.doc;
    // Typing into the text (a Y.Text insert), as the editor does.
    (p.getMap<Y.Map<unknown>>('cards').get(t.initiative)!.get('text') as Y.Text).insert(13, ' MALLORY-APPEND');
    updateCardFields(p, t.indicator, { targetValue: 6 });
    setCardText(p, t.behaviour, 'MALLORY-REWRITE');
    updateCardFields(p, t.goal, { metric: 'MALLORY-METRIC' });
    // A card on no agreed trace stays editable, in the same update as a refused edit.
    p.transact(() => {
      setCardText(p, t.loose, 'Loose idea, sharpened');
      updateCardFields(p, t.indicator, { targetBy: '2099-01-01' });
    });
    await settle(a);
    expect(asAgreed(a.watcher.doc)).toBe(true);
    expect(readCard(a.watcher.doc, t.indicator)?.targetBy).toBe('2027-03-31');
    expect(readCard(a.watcher.doc, t.loose)?.text).toBe('Loose idea, sharpened');
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('MALLORY');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('MALLORY');
    expect(asAgreed(back.doc)).toBe(true);
    await waitFor(() => asAgreed(a!.participant.doc), 'the attacker converges back');
  });

  it('a card that joins an agreed trace later (a new link) becomes read only; one just added stays editable', async () => {
    a = await arena(server, clients);
    const t = a.trace;
    setCardText(a.participant.doc, t.loose, 'Loose idea, first edit');
    await waitFor(() => readCard(a!.watcher.doc, t.loose)?.text === 'Loose idea, first edit', 'the first edit arrives');
    const fresh = addCard(a.participant.doc, { column: 'value', text: 'Fresh', author: 'Pat' });
    setCardText(a.participant.doc, fresh, 'Fresh, typed after adding');
    await waitFor(() => readCard(a!.watcher.doc, fresh)?.text === 'Fresh, typed after adding', 'typing into the new card arrives');
    // The facilitator links the loose card into the agreed trace (behaviour → it → segment): from now on it is agreed content.
    addLink(a.facilitator.doc, t.behaviour, t.loose);
    addLink(a.facilitator.doc, t.loose, t.segment);
    await waitFor(() => readLinks(a!.participant.doc).some((l) => l.from === t.loose && l.to === t.segment), 'the links at the participant');
    setCardText(a.participant.doc, t.loose, 'MALLORY after the link');
    await settle(a);
    expect(readCard(a.watcher.doc, t.loose)?.text).toBe('Loose idea, first edit');
    expect(a.seen()).not.toContain('MALLORY');
  });

  it('the assumption of a link on the agreed trace is read only; a link off it stays editable', async () => {
    a = await arena(server, clients);
    const t = a.trace;
    const onTrace = readLinks(a.facilitator.doc).find((l) => l.from === t.value && l.to === t.segment)!;
    setLinkAssumption(a.facilitator.doc, onTrace.id, 'Teams that plan ahead renew');
    const loose = addLink(a.facilitator.doc, t.loose, t.segment, 'Maybe');
    await waitFor(() => readLinks(a!.participant.doc).find((l) => l.id === onTrace.id)?.assumption === 'Teams that plan ahead renew'
      && readLinks(a!.participant.doc).some((l) => l.id === loose), 'the links at the participant');
    const asAgreed = (d: Y.Doc) => readLinks(d).find((l) => l.id === onTrace.id)?.assumption === 'Teams that plan ahead renew';
    a.watch('the agreed assumption as agreed', asAgreed);
    // Typing into the assumption (a Y.Text insert), as the editor does, and a whole rewrite.
    (linkAssumptionText(a.participant.doc, onTrace.id)!).insert(5, ' MALLORY');
    setLinkAssumption(a.participant.doc, t.initiativeLink, 'MALLORY-REWRITE');
    setLinkAssumption(a.participant.doc, loose, 'Maybe, sharpened');
    await settle(a);
    expect(asAgreed(a.watcher.doc)).toBe(true);
    expect(readLinks(a.watcher.doc).find((l) => l.id === t.initiativeLink)?.assumption ?? '').toBe('');
    expect(readLinks(a.watcher.doc).find((l) => l.id === loose)?.assumption).toBe('Maybe, sharpened');
    expect(a.violations).toEqual([]);
    expect(a.seen()).not.toContain('MALLORY');
    const back = await stored(server, a.board.id);
    expect(back.bytes).not.toContain('MALLORY');
    expect(asAgreed(back.doc)).toBe(true);
    await waitFor(() => asAgreed(a!.participant.doc), 'the attacker converges back');
  });

  it('the facilitator amends agreed content; a card carrying only a proposal stays editable for everyone', async () => {
    a = await arena(server, clients);
    const t = a.trace;
    updateCardFields(a.facilitator.doc, t.indicator, { targetValue: 60 });
    await waitFor(() => readCard(a!.watcher.doc, t.indicator)?.targetValue === 60, 'the facilitator’s amendment arrives');
    expect(readCard((await stored(server, a.board.id)).doc, t.indicator)?.targetValue).toBe(60);
    // A proposal is still being shaped by the room: its card's text is anyone's to edit.
    const draft = addCard(a.facilitator.doc, { column: 'initiative', text: 'Draft idea' });
    promoteToCommitment(a.facilitator.doc, draft, { title: 'Draft idea' });
    await waitFor(() => readCommitments(a!.participant.doc).length === 2, 'the proposal at the participant');
    setCardText(a.participant.doc, draft, 'Draft idea, sharpened by the room');
    await waitFor(() => readCard(a!.watcher.doc, draft)?.text === 'Draft idea, sharpened by the room', 'the participant’s edit arrives');
  });
});
