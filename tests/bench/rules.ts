/**
 * Cost of the rule engine per update on a big board (the protection
 * check must stay cheap for ordinary edits). Builds a 2,000-card board with
 * traces and agreed commitments, then feeds a participant's updates through
 * `DocRules.apply` and, for comparison, plain `Y.applyUpdate` on a copy.
 * Run: `npx tsx tests/bench/rules.ts [cards]`.
 */
import * as Y from 'yjs';
import { addCard, addLink, deleteCard, putCommitment, readCards, readLinks, setCardText } from '../../shared/doc/index.ts';
import type { ContentRules, Writer } from '../../server/sync/contentPolicy.ts';
import { computeProtection } from '../../server/sync/protectionCache.ts';
import { DocRules } from '../../server/sync/ruleEngine.ts';
import type { PeerOrigin } from '../../shared/doc/origin.ts';

/** A remote peer's updates (on the server, a sync connection's). */
const PEER: PeerOrigin = { kind: 'peer' };
import { buildBoard, rng, sentence } from './boardBuilder.ts';

const CARDS = Number(process.argv[2] ?? 2000);
const rules: ContentRules = { lockedColumns: [], noNewCards: false, noAuthor: false };
const pat: Writer = { role: 'participant', person: { id: 'pat', name: 'Pat' } };

const { doc: board, cardIds } = buildBoard(CARDS);
// Traces: every card linked to one in the column before, and 40 agreed commitments on initiatives.
const rand = rng(7);
const cards = readCards(board);
const byColumn = new Map<string, string[]>();
for (const c of cards) (byColumn.get(c.column) ?? byColumn.set(c.column, []).get(c.column)!).push(c.id);
const order = ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'];
for (let i = 1; i < order.length; i++) {
  const to = byColumn.get(order[i - 1]!)!;
  for (const from of byColumn.get(order[i]!)!) addLink(board, from, to[Math.floor(rand() * to.length)]!);
}
const links = readLinks(board);
const initiatives = byColumn.get('initiative')!;
for (let i = 0; i < 40; i++) {
  const card = initiatives[i]!;
  const indicator = links.find((l) => l.from === card)!.to;
  putCommitment(board, { id: `m${i}`, card, title: `Commitment ${i}`, owner: 'Ann', contributors: [], due: '2027-01-01', status: 'agreed', indicators: [indicator] });
}

const state = Y.encodeStateAsUpdate(board);
const server = new Y.Doc();
Y.applyUpdate(server, state);
const plain = new Y.Doc();
Y.applyUpdate(plain, state);
// As in the server, where the room persists every update: Yjs encodes each transaction's update.
plain.on('update', () => {});
const client = new Y.Doc();
Y.applyUpdate(client, state);
const engine = new DocRules(server, 'content');
const updates: Uint8Array[] = [];
client.on('update', (u: Uint8Array) => updates.push(u));

const t0 = performance.now();
const protection = computeProtection(server);
const protectionMs = performance.now() - t0;

function time(label: string, write: () => void, n: number): { engineUs: number[]; plainUs: number[] } {
  const engineUs: number[] = [];
  const plainUs: number[] = [];
  for (let i = 0; i < n; i++) {
    updates.length = 0;
    write();
    for (const u of updates) {
      let s = performance.now();
      engine.apply(u, PEER, rules, pat);
      engineUs.push((performance.now() - s) * 1000);
      s = performance.now();
      Y.applyUpdate(plain, u, 'peer');
      plainUs.push((performance.now() - s) * 1000);
    }
  }
  const stat = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0);
    return `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0)} µs, p50 ${q(0.5)}, p99 ${q(0.99)}`;
  };
  console.log(`${label} (${engineUs.length} updates): rule engine ${stat(engineUs)} | plain applyUpdate ${stat(plainUs)}`);
  return { engineUs, plainUs };
}

console.log(`board: ${readCards(server).length} cards, ${readLinks(server).length} links, 40 agreed commitments; `
  + `encoded ${(state.byteLength / 1024).toFixed(0)} KiB; protected ${protection.cards.size} cards, ${protection.links.size} links; `
  + `computing protection once: ${protectionMs.toFixed(1)} ms`);

const protectedCard = [...protection.cards.keys()][0]!;
const free = cardIds.filter((id) => !protection.cards.has(id));
let k = 0;
// Warm-up (JIT), not reported.
for (let i = 0; i < 500; i++) {
  client.getMap<Y.Map<Y.Text>>('cards').get(free[i]!)!.get('text')!.insert(0, 'w');
  for (const u of updates.splice(0)) {
    engine.apply(u, PEER, rules, pat);
    Y.applyUpdate(plain, u, 'peer');
  }
}
time('typing one character into a protected card', () => {
  const text = client.getMap<Y.Map<Y.Text>>('cards').get(protectedCard)!.get('text')!;
  text.insert(text.length, 'x');
}, 2000);
time('typing one character into another card', () => {
  const text = client.getMap<Y.Map<Y.Text>>('cards').get(free[k++ % free.length]!)!.get('text')!;
  text.insert(0, 'y');
}, 2000);
time('adding a card, then typing in it (protection invalidated, not recomputed)', () => {
  const id = addCard(client, { column: 'value', text: '', author: 'Pat' });
  setCardText(client, id, sentence(rand, 3, 8));
}, 200);
time('deleting an unprotected card (after a change that invalidated protection: recomputed)', () => {
  addCard(client, { column: 'value', text: 'to go', author: 'Pat' });
  deleteCard(client, free[k++ % free.length]!);
}, 50);
time('deleting a protected card (refused and restored)', () => {
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), 'server');
  updates.length = 0;
  deleteCard(client, protectedCard);
}, 50);
