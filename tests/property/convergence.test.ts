/**
 * Seeded multi-peer convergence fuzz over the board document layer (after
 * tldraw's syncFuzz test). Clients edit through the typed operations only;
 * their updates travel through a simulated y-websocket star (one server doc)
 * with random delays, reordering and disconnect periods, and reconnects run
 * the y-protocols sync step 1/2 exchange. When everything is delivered, every
 * peer must read the same board, export valid board JSON and show only links
 * between existing cards in neighbouring columns.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  addCard, addLink, deleteCard, deleteLink, exportBoardJson, initBoard, moveCard, putCommitment, readBoard,
  readCard, readCards, readCommitments, readLinks, setBoardTitle, setCardStatus, setCardText, setLinkAssumption,
  updateCardFields, validateBoardJson, type NewCard,
} from '../../shared/doc/index.ts';
import {
  canLinkColumns, CARD_STATUSES, COLUMN_IDS, COMMITMENT_STATUSES, CONFIDENCE_LEVELS, EVIDENCE_LEVELS, INDICATOR_DIRECTIONS,
  INITIATIVE_FUNCTIONS, INITIATIVE_TYPES, type CardFields, type ColumnId, type Commitment,
} from '../../shared/model.ts';
import { createRng, type Rng } from './prng.ts';
import { BUILD_ORIGIN } from '../../shared/doc/index.ts';

// ------------------------------------------------------------ random content

/** Pieces of text including multi-unit code points, ZWJ sequences, flags, RTL and combining marks. */
const TEXT_PIECES = ['a', 'b', 'Z', ' ', 'é', 'ß', '日本', '😀', '👩‍👩‍👧', '🇸🇪', 'مرحبا', 'e\u0301', '\n', '—', '𝔘', '"', '<b>'];

function randomText(rng: Rng, maxPieces: number): string {
  let out = '';
  for (let i = rng.int(maxPieces + 1); i > 0; i--) out += rng.pick(TEXT_PIECES);
  return out;
}

/** A random splice of `text` at code-point boundaries (what a person typing or pasting produces). */
function spliceText(rng: Rng, text: string): string {
  const points = Array.from(text);
  const index = rng.int(points.length + 1);
  const remove = rng.int(Math.min(4, points.length - index) + 1);
  points.splice(index, remove, ...Array.from(randomText(rng, 3)));
  return points.join('');
}

function randomDate(rng: Rng): string {
  return `${rng.pick(['2026', '2027'])}-${String(rng.between(1, 12)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`;
}

/** Random valid values for some of a column's fields (or `undefined`, which clears a field). */
function randomFields(rng: Rng, column: ColumnId, clear = false): Partial<CardFields> {
  const all: Partial<CardFields> = {
    goal: { metric: randomText(rng, 3) },
    segment: {},
    value: {},
    behaviour: { actor: randomText(rng, 2), current: randomText(rng, 4), desired: randomText(rng, 4) },
    indicator: {
      definition: randomText(rng, 4), unit: rng.pick(['%', 'users', '€', 'days']), direction: rng.pick(INDICATOR_DIRECTIONS),
      baselineValue: rng.between(-50, 500) / 2, baselineAsOf: randomDate(rng), baselineSource: randomText(rng, 2),
      targetValue: rng.between(0, 1000), targetBy: randomDate(rng),
    },
    initiative: {
      initiativeType: rng.pick(INITIATIVE_TYPES), function: rng.pick(INITIATIVE_FUNCTIONS),
      confidence: rng.pick(CONFIDENCE_LEVELS), evidence: rng.pick(EVIDENCE_LEVELS),
    },
  }[column];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(all)) {
    if (rng.chance(0.5)) out[name] = clear && rng.chance(0.3) ? undefined : value;
  }
  return out as Partial<CardFields>;
}

// ------------------------------------------------------------ simulated network

/** Origin of transactions applied from the network: clients never echo them back. */
const NETWORK = Symbol('network');

interface Client {
  index: number;
  doc: Y.Doc;
  connected: boolean;
  /** Bumped on every (re)connect: messages of an older connection are dropped. */
  epoch: number;
  /** Step at which a disconnected client comes back. */
  reconnectAt: number;
}

interface Message {
  deliverAt: number;
  /** Client index; the direction says whether the server or the client receives it. */
  client: number;
  toServer: boolean;
  epoch: number;
  data: Uint8Array;
}

class Network {
  readonly server = new Y.Doc();
  readonly clients: Client[] = [];
  queue: Message[] = [];
  now = 0;

  constructor(private readonly rng: Rng, peers: number, private readonly maxDelay: number) {
    // Like the y-websocket server: every update the server applies goes to every other connection.
    this.server.on('update', (update: Uint8Array, origin: unknown) => {
      for (const c of this.clients) {
        if (c.connected && c !== origin) this.send(c, false, encodeUpdate(update));
      }
    });
    for (let index = 0; index < peers; index++) {
      const client: Client = { index, doc: new Y.Doc(), connected: false, epoch: 0, reconnectAt: 0 };
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== NETWORK && client.connected) this.send(client, true, encodeUpdate(update));
      });
      this.clients.push(client);
    }
  }

  private send(client: Client, toServer: boolean, data: Uint8Array): void {
    this.queue.push({ deliverAt: this.now + this.rng.int(this.maxDelay + 1), client: client.index, toServer, epoch: client.epoch, data });
  }

  /** Opens a connection: both sides send sync step 1 (the server also answers the client's with step 2). */
  connect(client: Client): void {
    client.connected = true;
    client.epoch++;
    this.send(client, true, encodeSyncStep1(client.doc));
    this.send(client, false, encodeSyncStep1(this.server));
  }

  /** Drops the connection and everything in flight on it. */
  disconnect(client: Client, until: number): void {
    client.connected = false;
    client.reconnectAt = until;
    this.queue = this.queue.filter((m) => m.client !== client.index);
  }

  /** Delivers the due messages in random order (delays and shuffling reorder them). */
  deliverDue(): void {
    const due = this.rng.shuffle(this.queue.filter((m) => m.deliverAt <= this.now));
    this.queue = this.queue.filter((m) => m.deliverAt > this.now);
    for (const m of due) this.deliver(m);
  }

  private deliver(m: Message): void {
    const client = this.clients[m.client]!;
    if (!client.connected || client.epoch !== m.epoch) return;
    const reply = encoding.createEncoder();
    const doc = m.toServer ? this.server : client.doc;
    syncProtocol.readSyncMessage(decoding.createDecoder(m.data), reply, doc, m.toServer ? client : NETWORK);
    if (encoding.length(reply) > 0) this.send(client, !m.toServer, encoding.toUint8Array(reply));
  }

  /** Reconnects everyone and delivers until the network is quiet. */
  settle(): void {
    for (const c of this.clients) if (!c.connected) this.connect(c);
    for (let rounds = 0; this.queue.length > 0; rounds++) {
      if (rounds > 10_000) throw new Error('network did not settle');
      this.now += this.maxDelay + 1;
      this.deliverDue();
    }
  }
}

function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

// ------------------------------------------------------------ random operations

const OP_WEIGHTS = {
  addCard: 14, setCardText: 12, updateCardFields: 8, moveCard: 8, deleteCard: 3, setCardStatus: 2,
  addLink: 14, setLinkAssumption: 6, deleteLink: 3, putCommitment: 5, setBoardTitle: 1,
} as const;
type OpName = keyof typeof OP_WEIGHTS;

/** Runs one random operation on a client's document; returns a short description for failure reports. */
function randomOp(rng: Rng, doc: Y.Doc, peer: number, serial: number): string {
  const op: OpName = rng.weighted(OP_WEIGHTS);
  const cards = readCards(doc);
  const card = rng.maybePick(cards);
  switch (op) {
    case 'addCard': {
      const column = rng.pick(COLUMN_IDS);
      const sibling = rng.maybePick(cards.filter((c) => c.column === column));
      const input: NewCard = {
        ...randomFields(rng, column), column, text: randomText(rng, 6), id: `c${peer}x${serial}`,
        createdAt: Date.UTC(2026, 0, 1) + rng.int(1e9), status: rng.chance(0.85) ? 'active' : rng.pick(CARD_STATUSES),
      };
      if (rng.chance(0.5)) input.author = randomText(rng, 2);
      if (sibling && rng.chance(0.4)) input.after = sibling.id;
      return `addCard ${addCard(doc, input)} in ${column}`;
    }
    case 'setCardText': {
      if (!card) return 'noop';
      const text = spliceText(rng, card.text);
      setCardText(doc, card.id, text);
      expect(readCard(doc, card.id)?.text).toBe(text);
      return `setCardText ${card.id} ${JSON.stringify(text)}`;
    }
    case 'updateCardFields': {
      if (!card) return 'noop';
      updateCardFields(doc, card.id, randomFields(rng, card.column, true));
      return `updateCardFields ${card.id}`;
    }
    case 'moveCard': {
      if (!card) return 'noop';
      const column = rng.chance(0.5) ? card.column : rng.pick(COLUMN_IDS);
      const index = rng.between(-1, cards.filter((c) => c.column === column).length + 1);
      moveCard(doc, card.id, column, index);
      return `moveCard ${card.id} ${card.column}→${column}@${index}`;
    }
    case 'deleteCard':
      if (!card) return 'noop';
      deleteCard(doc, card.id);
      return `deleteCard ${card.id}`;
    case 'setCardStatus':
      if (!card) return 'noop';
      setCardStatus(doc, card.id, rng.pick(CARD_STATUSES));
      return `setCardStatus ${card.id}`;
    case 'addLink': {
      if (!card) return 'noop';
      const partners = cards.filter((c) => canLinkColumns(c.column, card.column) || canLinkColumns(card.column, c.column));
      const other = rng.maybePick(partners);
      if (!other) return 'noop';
      const id = addLink(doc, card.id, other.id, rng.chance(0.5) ? `We believe ${randomText(rng, 4)}` : '', undefined, `l${peer}x${serial}`);
      return `addLink ${id} ${card.id}–${other.id}`;
    }
    case 'setLinkAssumption': {
      const link = rng.maybePick(readLinks(doc, cards));
      if (!link) return 'noop';
      setLinkAssumption(doc, link.id, spliceText(rng, link.assumption ?? ''));
      return `setLinkAssumption ${link.id}`;
    }
    case 'deleteLink': {
      const link = rng.maybePick(readLinks(doc, cards));
      if (!link) return 'noop';
      deleteLink(doc, link.id);
      return `deleteLink ${link.id}`;
    }
    case 'putCommitment': {
      const initiative = rng.maybePick(cards.filter((c) => c.column === 'initiative'));
      if (!initiative) return 'noop';
      const existing = rng.maybePick(readCommitments(doc).filter((c) => c.card === initiative.id));
      const indicators = rng.shuffle(cards.filter((c) => c.column === 'indicator')).slice(0, rng.int(3)).map((c) => c.id);
      const commitment: Commitment = {
        id: existing?.id ?? `m${peer}x${serial}`, card: initiative.id, title: randomText(rng, 4), owner: randomText(rng, 2),
        contributors: rng.shuffle(['Ana', 'Bo', 'Chen', 'Dörte', 'Émile']).slice(0, rng.int(3)),
        due: randomDate(rng), status: rng.pick(COMMITMENT_STATUSES), indicators,
      };
      if (rng.chance(0.5)) commitment.checkpoint = randomDate(rng);
      if (rng.chance(0.3)) commitment.definitionOfDone = randomText(rng, 5);
      putCommitment(doc, commitment);
      return `putCommitment ${commitment.id} on ${initiative.id}`;
    }
    case 'setBoardTitle':
      setBoardTitle(doc, `Board ${randomText(rng, 3)}`);
      return 'setBoardTitle';
  }
}

// ------------------------------------------------------------ the fuzz run

interface FuzzOptions {
  peers?: number;
  ops?: number;
  maxDelay?: number;
  /** Chance per step that a connected client drops its connection. */
  disconnectRate?: number;
}

function runFuzz(seed: number, { peers = 4, ops = 200, maxDelay = 6, disconnectRate = 0.02 }: FuzzOptions = {}): void {
  const rng = createRng(seed);
  const net = new Network(rng, peers, maxDelay);
  // The board starts on the server (as when created over HTTP); clients join it.
  initBoard(net.server, { title: `Fuzz board ${seed}`, createdAt: Date.UTC(2026, 0, 1) }, BUILD_ORIGIN);
  for (const c of net.clients) net.connect(c);
  const log: string[] = [];
  try {
    for (let serial = 0; serial < ops; serial++) {
      net.now++;
      for (const c of net.clients) {
        if (c.connected && rng.chance(disconnectRate)) net.disconnect(c, net.now + rng.between(3, 40));
        else if (!c.connected && net.now >= c.reconnectAt) net.connect(c);
      }
      const client = rng.pick(net.clients);
      log.push(`#${serial} p${client.index}${client.connected ? '' : ' (offline)'}: ${randomOp(rng, client.doc, client.index, serial)}`);
      if (rng.chance(0.6)) net.deliverDue();
    }
    net.settle();
    assertConverged(net);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`seed ${seed} failed: ${message}\nlast operations:\n${log.slice(-25).join('\n')}`, { cause: error });
  }
}

function assertConverged(net: Network): void {
  const docs = [net.server, ...net.clients.map((c) => c.doc)];
  const expected = readBoard(net.server);
  for (const [i, doc] of docs.entries()) {
    expect(doc.store.pendingStructs, `peer ${i} has undelivered structs`).toBeNull();
    expect(readBoard(doc), `peer ${i} reads a different board`).toEqual(expected);
    const json = exportBoardJson(doc, 'fuzzboard');
    const checked = validateBoardJson(json);
    expect(checked.ok ? 'ok' : `${checked.issue.path}: ${checked.issue.message}`, `peer ${i} exports invalid JSON`).toBe('ok');
    const cards = new Map(readCards(doc).map((c) => [c.id, c]));
    for (const link of readLinks(doc)) {
      const from = cards.get(link.from);
      const to = cards.get(link.to);
      expect(from && to && canLinkColumns(from.column, to.column), `link ${link.id} joins ${link.from} and ${link.to}`).toBe(true);
    }
  }
}

describe('multi-peer convergence fuzz', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: 4 peers × 200 ops converge to one valid board`, () => runFuzz(seed));
  }

  // Seeds that failed before readCommitments checked the commitment's cards
  // (shared/doc/records/card.ts); the export then failed validateBoardJson.
  it('regression: seed 2 — a success indicator moved out of the indicator column while the commitment was rewritten', () => runFuzz(2));
  it('regression: seed 3 — commitment promoted offline while another peer moved its initiative to the segment column', () => runFuzz(3));
  it('regression: seed 5 — deleting an indicator card left it as a commitment\'s success indicator', () => runFuzz(5));
  it('regression: seed 10 — commitment promoted concurrently with the deletion of its initiative', () => runFuzz(10));

  it('5 peers with long delays and frequent disconnects converge', () => {
    for (let seed = 1000; seed < 1005; seed++) runFuzz(seed, { peers: 5, ops: 150, maxDelay: 20, disconnectRate: 0.08 });
  });
});
