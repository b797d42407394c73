import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard, initBoard, moveCard, setCardText, updateCardFields } from '../../shared/doc/index.ts';
import type { ContentRules, Writer } from '../../server/sync/contentPolicy.ts';
import { DocRules } from '../../server/sync/ruleEngine.ts';
import { revertAllInsertions } from '../../server/sync/structs/reverts.ts';
import { readCards } from '../../shared/doc/index.ts';
import { BUILD_ORIGIN, LOCAL_ORIGIN, type Origin, type PeerOrigin } from '../../shared/doc/index.ts';

/** A remote peer's updates (on the server, a sync connection's). */
const PEER: PeerOrigin = { kind: 'peer' };

/** A participant who joined as Ann (so cards signed "Ann" are theirs). */
const ann: Writer = { role: 'participant', person: { id: 'ann-person', name: 'Ann' } };
/** Why the rule engine would refuse `update` (nothing applied). */
const checkContentUpdate = (doc: Y.Doc, update: Uint8Array, rules: ContentRules) => new DocRules(doc, 'content').check(update, rules, ann)?.message;
/** Applies `update` as Ann's under the rules; returns why part of it was refused. */
const applyWithRules = (doc: Y.Doc, update: Uint8Array, rules: ContentRules, origin: Origin) => new DocRules(doc, 'content').apply(update, origin, rules, ann)?.message;

/** A server doc with a goal and a segment card, and a client synced from it. */
function setup() {
  const server = new Y.Doc();
  initBoard(server, { title: 'Policy' }, BUILD_ORIGIN);
  const goal = addCard(server, { column: 'goal', text: 'Grow NRR', metric: 'NRR' }, BUILD_ORIGIN);
  const segment = addCard(server, { column: 'segment', text: 'Mid-market' }, BUILD_ORIGIN);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const diff = () => Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
  return { server, client, goal, segment, diff };
}

const none: ContentRules = { lockedColumns: [], noNewCards: false, noAuthor: false };
const lockGoal: ContentRules = { ...none, lockedColumns: ['goal'] };

describe('content policy', () => {
  it('allows everything when no rule is active', () => {
    const { server, client, goal, diff } = setup();
    deleteCard(client, goal);
    addCard(client, { column: 'goal', text: 'x', author: 'Ann' });
    expect(checkContentUpdate(server, diff(), none)).toBeUndefined();
  });

  describe('locked column', () => {
    const cases: [string, (s: ReturnType<typeof setup>) => void, boolean][] = [
      ['typing in a locked card', (s) => setCardText(s.client, s.goal, 'Grow NRR fast'), false],
      ['deleting text in a locked card', (s) => setCardText(s.client, s.goal, 'Grow'), false],
      ['typing in an unlocked card', (s) => setCardText(s.client, s.segment, 'Mid-market EU'), true],
      ['a new card in the locked column', (s) => void addCard(s.client, { column: 'goal', text: 'new' }), false],
      ['a new card elsewhere', (s) => void addCard(s.client, { column: 'segment', text: 'new' }), true],
      ['moving a card into the locked column', (s) => moveCard(s.client, s.segment, 'goal', 0), false],
      ['moving a card out of the locked column', (s) => moveCard(s.client, s.goal, 'segment', 0), false],
      ['deleting a locked card', (s) => deleteCard(s.client, s.goal), false],
      ['deleting an unlocked card', (s) => deleteCard(s.client, s.segment), true],
      ['changing a locked card field', (s) => updateCardFields(s.client, s.goal, { metric: 'ARR' }), false],
    ];
    for (const [name, change, allowed] of cases) {
      it(`${allowed ? 'allows' : 'refuses'} ${name}`, () => {
        const s = setup();
        change(s);
        const verdict = checkContentUpdate(s.server, s.diff(), lockGoal);
        if (allowed) expect(verdict).toBeUndefined();
        else expect(verdict).toMatch(/goal column is locked/);
      });
    }
  });

  it('refuses new cards in the shared board during private writing, allows edits', () => {
    const s = setup();
    addCard(s.client, { column: 'value', text: 'draft leaked' });
    expect(checkContentUpdate(s.server, s.diff(), { ...none, noNewCards: true })).toMatch(/private writing/);
    const t = setup();
    setCardText(t.client, t.segment, 'Mid-market, EU');
    expect(checkContentUpdate(t.server, t.diff(), { ...none, noNewCards: true })).toBeUndefined();
  });

  it('refuses an author in anonymous mode', () => {
    const s = setup();
    addCard(s.client, { column: 'value', text: 'v', author: 'Ann' });
    expect(checkContentUpdate(s.server, s.diff(), { ...none, noAuthor: true })).toMatch(/anonymous/);
    const t = setup();
    addCard(t.client, { column: 'value', text: 'v' });
    expect(checkContentUpdate(t.server, t.diff(), { ...none, noAuthor: true })).toBeUndefined();
  });

  describe('applyWithRules', () => {
    it('reverts a refused change in the same transaction and keeps later updates integrable', () => {
      const s = setup();
      const before = readCards(s.server);
      const emitted: Uint8Array[] = [];
      s.server.on('update', (u: Uint8Array) => emitted.push(u));
      setCardText(s.client, s.goal, 'Grow NRR — LEAKED');
      const refused = addCard(s.client, { column: 'goal', text: 'NEW-LOCKED' });
      expect(applyWithRules(s.server, s.diff(), lockGoal, PEER)).toMatch(/locked/);
      expect(readCards(s.server)).toEqual(before);
      expect(emitted.length).toBe(1);
      expect(Buffer.from(emitted[0]!).toString('latin1')).not.toContain('NEW-LOCKED');
      expect(Buffer.from(emitted[0]!).toString('latin1')).not.toContain('LEAKED');
      // The author's next change builds on the refused one's clock: it must still apply.
      Y.applyUpdate(s.client, Y.encodeStateAsUpdate(s.server));
      const next = addCard(s.client, { column: 'segment', text: 'after refusal' });
      expect(applyWithRules(s.server, s.diff(), lockGoal, PEER)).toBeUndefined();
      expect(readCards(s.server).map((c) => c.id)).toContain(next);
      expect(readCards(s.server).map((c) => c.id)).not.toContain(refused);
      expect(s.server.store.pendingStructs).toBeNull();
    });

    it('restores a deleted card of a locked column and a card moved out of it', () => {
      const s = setup();
      const before = readCards(s.server);
      deleteCard(s.client, s.goal);
      applyWithRules(s.server, s.diff(), lockGoal, PEER);
      expect(readCards(s.server).map((c) => [c.id, c.column, c.text, c.metric])).toEqual(before.map((c) => [c.id, c.column, c.text, c.metric]));
      const t = setup();
      moveCard(t.client, t.goal, 'segment', 0);
      applyWithRules(t.server, t.diff(), lockGoal, PEER);
      expect(readCards(t.server).find((c) => c.id === t.goal)?.column).toBe('goal');
    });
  });

  describe('what a refused update leaves', () => {
    it('reverting everything an update inserted gives back the plain values it replaced', () => {
      const s = setup();
      const card = s.client.getMap<Y.Map<unknown>>('cards').get(s.segment)!;
      s.client.transact(() => {
        card.set('column', 'value');
        card.set('order', 'zz');
        s.client.getMap('bulk').set('big', 'x'.repeat(1000));
      });
      const before = readCards(s.server);
      let reverted = 0;
      s.server.transact((transaction) => {
        Y.applyUpdate(s.server, s.diff());
        reverted = revertAllInsertions(transaction);
      });
      expect(reverted).toBe(3);
      expect(readCards(s.server)).toEqual(before);
      expect(s.server.getMap('bulk').size).toBe(0);
      expect(Y.encodeStateAsUpdate(s.server).byteLength).toBeLessThan(1000);
    });

    it('a participant signs new cards with their own name; a connection without a person signs none', () => {
      const signed = setup();
      addCard(signed.client, { column: 'value', text: 'v', author: 'The CEO' });
      expect(new DocRules(signed.server, 'content').apply(signed.diff(), PEER, none, ann)?.path).toBe('author');
      expect(readCards(signed.server).find((c) => c.text === 'v')?.author).toBe('Ann');
      const unsigned = setup();
      addCard(unsigned.client, { column: 'value', text: 'v', author: 'Ann' });
      new DocRules(unsigned.server, 'content').apply(unsigned.diff(), PEER, none, { role: 'participant' });
      expect(readCards(unsigned.server).find((c) => c.text === 'v')?.author).toBeUndefined();
      // The facilitator is trusted with authors (a history restore brings back everyone's).
      const facilitator = setup();
      addCard(facilitator.client, { column: 'value', text: 'v', author: 'Bob' });
      expect(new DocRules(facilitator.server, 'content').apply(facilitator.diff(), PEER, none, { role: 'facilitator' })).toBeUndefined();
      expect(readCards(facilitator.server).find((c) => c.text === 'v')?.author).toBe('Bob');
    });

    it('an undo that brings back a deleted card keeps its author', () => {
      const s = setup();
      const rules = new DocRules(s.server, 'content');
      const bob = addCard(s.server, { column: 'value', text: 'by Bob', author: 'Bob' }, BUILD_ORIGIN);
      Y.applyUpdate(s.client, Y.encodeStateAsUpdate(s.server, Y.encodeStateVector(s.client)));
      const undo = new Y.UndoManager(s.client.getMap('cards'), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
      deleteCard(s.client, bob, LOCAL_ORIGIN);
      rules.apply(s.diff(), PEER, none, ann);
      expect(readCards(s.server).some((c) => c.id === bob)).toBe(false);
      undo.undo();
      expect(rules.apply(s.diff(), PEER, none, ann)).toBeUndefined();
      expect(readCards(s.server).find((c) => c.id === bob)?.author).toBe('Bob');
    });
  });
});
