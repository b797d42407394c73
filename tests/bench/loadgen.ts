/**
 * Child process: the fan-out load generator of S1 / S1+ / S3.
 *
 * Lightweight protocol clients (raw `ws` + the y-websocket wire protocol): every
 * client answers the server's sync step 1 with a step 2, sends its own step 1
 * and counts as synced once the server's step 2 arrived. Writers keep a real
 * Y.Doc (they apply what they receive) and type into their own card through the
 * document layer; readers do not apply documents, they only parse the update
 * metadata (`Y.parseUpdateMeta`). Every client sends a cursor awareness update
 * at a fixed rate.
 *
 * Latency: a writer stamps each update (clientID, first clock) with
 * `performance.now()` right before `ws.send`; a receiver takes the stamps whose
 * clock falls in the [from, to) range of what it received. Writers and readers
 * live in this one process, so the clocks agree. Only updates *sent* inside the
 * measurement window are sampled; they are followed until the end of the drain.
 */
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { addCard, setCardText } from '../../shared/doc/index.ts';
import { mulberry32 } from '../property/prng.ts';
import { cpuMs, dist, serveIpc, sleep, type IpcMessage } from './common.ts';

export interface LoadConfig {
  /** ws://host:port/sync/room?token=… */
  url: string;
  /** Where the readers connect, if not to `url` (S6: writers and readers on different server processes). */
  readerUrl?: string;
  /** Several boards (S2): client i connects to urls[i % urls.length] instead of `url`. */
  urls?: string[];
  clients: number;
  writers: number;
  updatesPerSec: number;
  awarenessPerSec: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  /**
   * Whether writers apply what they receive to their Y.Doc (default true). A writer
   * types only into its own card, so its updates never depend on the others'; S2
   * (2,000 writers in this one process) turns it off: applying 10,000 updates a
   * second to 2,000 documents kept this process busy in bursts (its own event-loop
   * lag, p99 70-120 ms, was counted as fan-out latency), work a real client does on
   * its own machine. Latency is measured from the update's metadata either way.
   */
  writersApply?: boolean;
  /**
   * Seeds the load's random choices (when each writer types and each cursor moves within
   * its period, the cursors' positions, the characters typed). The fan-out scenarios give
   * round i the same seed for every server, so both meet the same load (the same writers
   * typing within a millisecond of each other: common random numbers) instead of each its
   * own luck. Rounds still swing on a small VM for reasons of the machine. Default: unseeded.
   */
  seed?: number;
}

/** Uniform in [0, 1): Math.random, or mulberry32 from the round's seed (`LoadConfig.seed`). */
let random: () => number = Math.random;

const REMOTE = Symbol('remote');
const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const EMPTY_SV = Y.encodeStateVector(new Y.Doc());

type Phase = 'setup' | 'warmup' | 'measure' | 'drain' | 'done';

interface Stamps {
  clocks: number[];
  times: number[];
}

class Bench {
  phase: Phase = 'setup';
  windowStart = Infinity;
  windowEnd = Infinity;
  readonly writerByClientId = new Map<number, number>();
  readonly stamps: Stamps[] = [];
  readonly awarenessStamps = new Map<number, { clock: number; time: number }>();
  readonly fanout: number[] = [];
  readonly echo: number[] = [];
  readonly awarenessLatency: number[] = [];
  // Counted while phase === 'measure'.
  framesIn = 0;
  bytesIn = 0;
  framesOut = 0;
  updateDeliveries = 0;
  awarenessDeliveries = 0;
  stampsInWindow = 0;
  awarenessSentInWindow = 0;
  /** Per board (index into the URLs): updates and cursors sent in the window. */
  readonly stampsByBoard: number[];
  readonly awarenessByBoard: number[];
  readonly disconnects: { client: number; code: number; reason: string; phase: Phase }[] = [];
  socketErrors = 0;
  protocolErrors = 0;

  constructor(readonly config: LoadConfig) {
    for (let w = 0; w < config.writers; w++) this.stamps.push({ clocks: [], times: [] });
    this.stampsByBoard = new Array<number>(this.urls.length).fill(0);
    this.awarenessByBoard = new Array<number>(this.urls.length).fill(0);
  }

  get urls(): string[] {
    return this.config.urls?.length ? this.config.urls : [this.config.url];
  }

  inWindow(t: number): boolean {
    return t >= this.windowStart && t < this.windowEnd;
  }
}

class Client {
  readonly ws: WebSocket;
  readonly doc: Y.Doc | undefined;
  readonly awarenessId: number;
  readonly writerIndex: number;
  /** Per writer: index of the next stamp this client has not received yet. */
  readonly received: Int32Array;
  awarenessClock = 0;
  synced = false;
  opened: Promise<void>;
  syncedPromise: Promise<void>;
  private onSynced!: () => void;
  cardId: string | undefined;
  text = '';
  lastClock = 0;
  closing = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(readonly index: number, readonly bench: Bench, writer: boolean, readonly board = 0) {
    this.writerIndex = writer ? index : -1;
    this.received = new Int32Array(bench.config.writers);
    if (writer) {
      const doc = new Y.Doc();
      this.doc = doc;
      bench.writerByClientId.set(doc.clientID, index);
      this.awarenessId = doc.clientID;
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE) return;
        const clock = Y.getState(doc.store, doc.clientID);
        const time = this.sendFrame(syncFrame(2, update));
        const stamps = bench.stamps[this.writerIndex]!;
        stamps.clocks.push(this.lastClock);
        stamps.times.push(time);
        if (bench.inWindow(time)) {
          bench.stampsInWindow++;
          bench.stampsByBoard[this.board]!++;
        }
        this.lastClock = clock;
      });
    } else {
      this.doc = undefined;
      this.awarenessId = 1 + Math.floor(random() * 0x7ffffff0);
    }
    this.syncedPromise = new Promise((r) => (this.onSynced = r));
    this.ws = new WebSocket(!writer && bench.config.readerUrl ? bench.config.readerUrl : bench.urls[board]!, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolveOpen, reject) => {
      this.ws.once('open', () => resolveOpen());
      this.ws.once('error', reject);
    });
    this.ws.on('open', () => {
      this.sendFrame(syncFrame(0, this.doc ? Y.encodeStateVector(this.doc) : EMPTY_SV));
      this.sendAwareness();
    });
    this.ws.on('message', (data: Buffer) => this.receive(data));
    this.ws.on('error', () => bench.socketErrors++);
    this.ws.on('close', (code, reason) => {
      this.stopTimers();
      if (!this.closing) bench.disconnects.push({ client: index, code, reason: reason.toString(), phase: bench.phase });
    });
  }

  get isWriter(): boolean {
    return this.writerIndex >= 0;
  }

  /** Sends a frame; returns the send time. */
  sendFrame(frame: Uint8Array): number {
    const t = performance.now();
    if (this.ws.readyState !== WebSocket.OPEN) return t;
    this.ws.send(frame);
    if (this.bench.phase === 'measure') this.bench.framesOut++;
    return t;
  }

  sendAwareness(): void {
    const clock = this.awarenessClock++;
    const state = {
      user: { name: `Participant ${this.index}`, color: '#30bced' },
      cursor: { x: Math.round(random() * 1600), y: Math.round(random() * 900) },
      drag: null,
    };
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.awarenessId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, MSG_AWARENESS);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    const time = this.sendFrame(encoding.toUint8Array(outer));
    this.bench.awarenessStamps.set(this.awarenessId, { clock, time });
    if (this.bench.inWindow(time)) {
      this.bench.awarenessSentInWindow++;
      this.bench.awarenessByBoard[this.board]!++;
    }
  }

  /** Starts typing (writers) and the cursor updates, each at its rate with a random (seeded) phase. */
  startLoad(): void {
    const { updatesPerSec, awarenessPerSec } = this.bench.config;
    const every = (ms: number, fn: () => void) => {
      const first = setTimeout(() => {
        fn();
        this.timers.push(setInterval(fn, ms));
      }, random() * ms);
      this.timers.push(first);
    };
    if (awarenessPerSec > 0) every(1000 / awarenessPerSec, () => this.sendAwareness());
    if (this.isWriter && updatesPerSec > 0) every(1000 / updatesPerSec, () => this.type());
  }

  stopTimers(): void {
    for (const t of this.timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.timers = [];
  }

  /** One keystroke in the writer's own card (the card is cleared every 40 characters). */
  type(): void {
    if (!this.doc || !this.cardId) return;
    const ch = String.fromCharCode(97 + Math.floor(random() * 26));
    this.text = this.text.length >= 40 ? ch : this.text + ch;
    setCardText(this.doc, this.cardId, this.text);
  }

  addOwnCard(): void {
    if (!this.doc) return;
    this.cardId = addCard(this.doc, { column: 'behaviour', text: '', author: `Writer ${this.index}` });
  }

  private receive(data: Buffer): void {
    const bench = this.bench;
    const now = performance.now();
    const measuring = bench.phase === 'measure';
    if (measuring) {
      bench.framesIn++;
      bench.bytesIn += data.length;
    }
    try {
      const decoder = decoding.createDecoder(data);
      const kind = decoding.readVarUint(decoder);
      if (kind === MSG_SYNC) {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === 0) {
          // The server's step 1: answer with what we have that it lacks.
          this.sendFrame(syncFrame(1, this.doc ? Y.encodeStateAsUpdate(this.doc, payload) : EMPTY_UPDATE));
        } else {
          // The server's sync step 2 (the board as it is) is always applied.
          if (this.doc && (step === 1 || (bench.config.writersApply ?? true))) Y.applyUpdate(this.doc, payload, REMOTE);
          // Step 2 is the initial state, not fan-out: mark it received without sampling.
          this.account(payload, now, step === 2, measuring);
          if (step === 1 && !this.synced) {
            this.synced = true;
            this.onSynced();
          }
        }
      } else if (kind === MSG_AWARENESS) {
        const entries = awarenessEntries.get(decoding.readVarUint8Array(decoder));
        if (measuring) bench.awarenessDeliveries += entries.length;
        for (const { id, clock, hidden } of entries) {
          if (id === this.awarenessId) continue;
          const stamp = bench.awarenessStamps.get(id);
          // A crowd's held cursor comes later with the cursor hidden (server/sync/crowdPresence.ts): not a cursor delivery.
          if (stamp && stamp.clock === clock && bench.inWindow(stamp.time) && !hidden) bench.awarenessLatency.push(now - stamp.time);
        }
      }
    } catch {
      bench.protocolErrors++;
    }
  }

  /** Matches the writers' stamps against a received update's clock ranges. */
  private account(update: Uint8Array, now: number, sample: boolean, measuring: boolean): void {
    const bench = this.bench;
    const meta = updateMetas.get(update);
    for (const [clientId, to] of meta.to) {
      const w = bench.writerByClientId.get(clientId);
      if (w === undefined) continue;
      const from = meta.from.get(clientId) ?? 0;
      const stamps = bench.stamps[w]!;
      let i = this.received[w]!;
      while (i < stamps.clocks.length && stamps.clocks[i]! < to) {
        if (stamps.clocks[i]! >= from) {
          if (measuring) bench.updateDeliveries++;
          const sent = stamps.times[i]!;
          if (sample && bench.inWindow(sent)) (w === this.writerIndex ? bench.echo : bench.fanout).push(now - sent);
        }
        i++;
      }
      this.received[w] = i;
    }
  }

  close(): void {
    this.closing = true;
    this.stopTimers();
    this.ws.close();
  }
}

const HIDDEN_CURSOR = Buffer.from('"cursor":null');

/** Whether an awareness state (JSON bytes) has its cursor hidden (searched in the bytes). */
function hidesCursor(json: Uint8Array): boolean {
  return Buffer.from(json.buffer, json.byteOffset, json.byteLength).indexOf(HIDDEN_CURSOR) >= 0;
}

/**
 * What a message's bytes were decoded to, by content. The server sends the same
 * bytes to most recipients (one framed broadcast, crowdPresence.ts's shared
 * awareness): this process holds a thousand of those recipients in S7, and
 * decoding every copy kept it near saturation (84 % of its core; its queueing
 * counted as the server's latency). A small map, cleared when full.
 */
class DecodedCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly decode: (bytes: Uint8Array) => T) {}
  get(bytes: Uint8Array): T {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= 512) this.map.clear();
      value = this.decode(bytes);
      this.map.set(key, value);
    }
    return value;
  }
}

interface AwarenessEntry {
  id: number;
  clock: number;
  /** A crowd's held cursor, sent later with the cursor hidden. */
  hidden: boolean;
}

const awarenessEntries = new DecodedCache<AwarenessEntry[]>((update) => {
  const inner = decoding.createDecoder(update);
  const n = decoding.readVarUint(inner);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const id = decoding.readVarUint(inner);
    const clock = decoding.readVarUint(inner);
    entries.push({ id, clock, hidden: hidesCursor(decoding.readVarUint8Array(inner)) });
  }
  return entries;
});
const updateMetas = new DecodedCache((update) => Y.parseUpdateMeta(update));

function syncFrame(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MSG_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

async function run(config: LoadConfig, phase: (name: string) => void) {
  random = config.seed === undefined ? Math.random : mulberry32(config.seed);
  const bench = new Bench(config);
  const clients: Client[] = [];
  const t0 = performance.now();
  // Writers are spread over the client list; connect in small batches.
  const writerSlots = new Set<number>();
  for (let w = 0; w < config.writers; w++) writerSlots.add(Math.floor((w * config.clients) / config.writers));
  let writerIndex = 0;
  const order: boolean[] = [];
  for (let i = 0; i < config.clients; i++) order.push(writerSlots.has(i));
  const batch = 25;
  for (let i = 0; i < config.clients; i += batch) {
    const group: Client[] = [];
    for (let j = i; j < Math.min(config.clients, i + batch); j++) {
      const isWriter = order[j]!;
      // Writers get indices 0..writers-1 (they index the stamp tables); readers follow.
      const c = new Client(isWriter ? writerIndex++ : config.writers + j, bench, isWriter, j % bench.urls.length);
      group.push(c);
    }
    await Promise.all(group.map((c) => c.opened));
    await Promise.all(group.map((c) => c.syncedPromise));
    clients.push(...group);
  }
  const connectMs = performance.now() - t0;
  for (const c of clients) if (c.isWriter) c.addOwnCard();
  await sleep(500);
  phase('loaded');

  bench.phase = 'warmup';
  for (const c of clients) c.startLoad();
  await sleep(config.warmupMs);

  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = cpuMs();
  bench.windowStart = performance.now();
  bench.phase = 'measure';
  phase('measure-start');
  await sleep(config.measureMs);
  bench.windowEnd = performance.now();
  bench.phase = 'drain';
  const cpu1 = cpuMs();
  lag.disable();
  phase('measure-end');
  // Stop the load, keep receiving.
  for (const c of clients) c.stopTimers();
  const open = clients.filter((c) => c.ws.readyState === WebSocket.OPEN);
  const alive = open.length;
  const aliveByBoard = new Array<number>(bench.urls.length).fill(0);
  for (const c of open) aliveByBoard[c.board]!++;
  // Each update is expected at every other client of its board still connected.
  const perBoard = (sent: number[]) => sent.reduce((sum, n, b) => sum + n * Math.max(0, aliveByBoard[b]! - 1), 0);
  const expected = () => perBoard(bench.stampsByBoard);
  const drainUntil = performance.now() + config.drainMs;
  while (performance.now() < drainUntil && bench.fanout.length < expected()) await sleep(50);
  bench.phase = 'done';
  for (const c of clients) c.close();
  await sleep(200);

  const windowS = (bench.windowEnd - bench.windowStart) / 1000;
  return {
    config,
    connectMs,
    windowS,
    clientsAlive: alive,
    // Updates still undelivered at the end of the drain count as infinitely late.
    fanout: dist(bench.fanout.concat(new Array<number>(Math.max(0, expected() - bench.fanout.length)).fill(Infinity))),
    echo: dist(bench.echo),
    awareness: dist(bench.awarenessLatency),
    stampsInWindow: bench.stampsInWindow,
    updatesPerSec: bench.stampsInWindow / windowS,
    expectedFanout: expected(),
    missingFanout: Math.max(0, expected() - bench.fanout.length),
    awarenessSentInWindow: bench.awarenessSentInWindow,
    expectedAwareness: perBoard(bench.awarenessByBoard),
    framesIn: bench.framesIn,
    bytesIn: bench.bytesIn,
    framesOut: bench.framesOut,
    updateDeliveries: bench.updateDeliveries,
    awarenessDeliveries: bench.awarenessDeliveries,
    disconnects: bench.disconnects,
    socketErrors: bench.socketErrors,
    protocolErrors: bench.protocolErrors,
    loadgenCpuMs: cpu1 - cpu0,
    loadgenCpuShare: (cpu1 - cpu0) / (bench.windowEnd - bench.windowStart),
    loadgenLagP99Ms: lag.percentile(99) / 1e6,
    loadgenLagMaxMs: lag.max / 1e6,
    /** Raw latency samples (ms, 3 decimals) so that rounds can be merged; dropped from the results file. */
    raw: { fanout: rounded(bench.fanout), echo: rounded(bench.echo), awareness: rounded(bench.awarenessLatency) } as RawSamples | undefined,
  };
}

export interface RawSamples {
  fanout: number[];
  echo: number[];
  awareness: number[];
}

function rounded(values: number[]): number[] {
  return values.map((v) => Math.round(v * 1000) / 1000);
}

export type LoadResult = Awaited<ReturnType<typeof run>>;

serveIpc({
  run: async (m: IpcMessage) => {
    const config = m.config as LoadConfig;
    try {
      const result = await run(config, (name) => process.send?.({ type: 'phase', phase: name }));
      process.send?.({ type: 'result', result });
    } catch (error) {
      process.send?.({ type: 'result', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    return {};
  },
  stop: () => process.exit(0),
});
process.send?.({ type: 'ready' });
