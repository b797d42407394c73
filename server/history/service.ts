/**
 * Version history of boards: snapshots of the content document
 * - at every phase change (the control doc's `phase`, observed in loaded rooms),
 * - periodically while the board changes (default every 5 minutes, only if it
 *   changed since the last snapshot),
 * - on demand (HTTP, participant or facilitator),
 * - when the board is created (boards.ts) and just before an update that
 *   removes more than a handful of cards (`beforeRemoval`, from the rule
 *   engine), so a mass delete is always one restore away,
 * stored through `BoardStorage.putSnapshot`. Storage stays bounded: periodic
 * and removal snapshots, and versions a participant saves, are thinned as they
 * age (thinning.ts); a phase or manual snapshot of unchanged content replaces
 * the previous one of its kind (clicking through phases, re-labelling); new
 * manual ones are rate limited per board (a participant's to one a minute). The
 * periodic tick also trims the activity feed to its cap.
 *
 * Rooms are found by sweeping the open sync connections (`watchMs`): a
 * control or content room is watched from the first sweep that sees it. A
 * phase change that happened before that (connect, change, disconnect within
 * one sweep) is caught on attach by comparing the current phase with that of
 * the newest phase snapshot. Boards written only over HTTP, with nobody
 * connected, get their periodic snapshot once someone connects and edits.
 */
import {
  docVersion, encodeDoc, exportBoardJson, HISTORY_ORIGIN, onPhaseChange, openStoredDoc, readFacilitation, sameVersion, versionOfState,
  type DocVersion, type PhaseId,
} from '../../shared/doc/index.ts';
import { ACTIVITY_CAP, trimActivity } from '../../shared/doc/review.ts';
import { randomId } from '../../shared/ids.ts';
import { isBoardId, roomAddress } from '../../shared/protocol.ts';
import type { BoardJson } from '../../shared/schema.ts';
import type { HistorySnapshots, SnapshotMeta, SnapshotReason, SnapshotSaver } from '../storage/types.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import { SnapshotRateError, type HistoryOptions } from './options.ts';
import { DEFAULT_THINNING, thinBoardHistory, type ThinningPolicy } from './thinning.ts';

export { SnapshotRateError, type HistoryOptions } from './options.ts';

/** The board's first phase: a board that never left it has had no phase change. */
const INITIAL_PHASE: PhaseId = 'frame';

interface LastTaken {
  meta: SnapshotMeta;
  /** What the content was (state vector and delete set): equal Yjs snapshots mean equal content. */
  content: DocVersion;
}

export class HistoryService {
  private readonly periodicMs: number;
  private readonly watchMs: number;
  private readonly phaseCoalesceMs: number;
  private readonly manualMinIntervalMs: number;
  private readonly participantManualMinIntervalMs: number;
  private readonly lastManualAt = new Map<string, number>();
  private readonly lastRemovalAt = new Map<string, number>();
  private readonly removalMinIntervalMs: number;
  private readonly thinning: ThinningPolicy;
  private readonly activityCap: number;
  private readonly now: () => number;
  private readonly watched = new WeakSet<DocRoom>();
  /** Boards whose content changed since their last snapshot. */
  private readonly dirty = new Set<string>();
  private readonly lastPhase = new Map<string, PhaseId>();
  private readonly lastTaken = new Map<string, LastTaken>();
  /** One chain of history work per board, so its snapshots never interleave. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly storage: HistorySnapshots,
    private readonly rooms: RoomRegistry,
    private readonly onError: (error: unknown) => void,
    options: HistoryOptions = {},
  ) {
    this.periodicMs = options.periodicMs ?? 5 * 60_000;
    this.watchMs = options.watchMs ?? 1000;
    this.phaseCoalesceMs = options.phaseCoalesceMs ?? 60_000;
    this.manualMinIntervalMs = options.manualMinIntervalMs ?? 5000;
    this.participantManualMinIntervalMs = options.participantManualMinIntervalMs ?? 60_000;
    this.thinning = options.thinning ?? DEFAULT_THINNING;
    this.activityCap = options.activityCap ?? ACTIVITY_CAP;
    this.removalMinIntervalMs = options.removalMinIntervalMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts the sweep and the periodic snapshots. */
  start(): void {
    const sweep = setInterval(() => this.sweep(), this.watchMs);
    const periodic = setInterval(() => void this.tick().catch(this.onError), this.periodicMs);
    sweep.unref();
    periodic.unref();
    this.timers = [sweep, periodic];
  }

  /** Stops the timers and waits for history work in flight (call before the rooms close). */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled([...this.chains.values()]);
  }

  /**
   * Takes a snapshot now (`manual` from HTTP); resolves once it is stored. A
   * manual snapshot of unchanged content right after another manual one is
   * that one (given the new label, if any); throws `SnapshotRateError` when
   * a new manual snapshot comes too soon after the last.
   */
  snapshot(boardId: string, reason: SnapshotReason, label?: string, savedBy?: SnapshotSaver): Promise<SnapshotMeta> {
    return this.serial(boardId, () => this.take(boardId, reason, label, savedBy));
  }

  /**
   * Keeps the board as it is now, before an update that removes `cards` cards
   * is applied. The state is taken synchronously and handed to storage at once:
   * storage runs requests in arrival order, so the snapshot is stored before the
   * removal (whose write the room issues after this returns).
   */
  beforeRemoval(room: DocRoom, cards: number): void {
    if (this.closed || room.room.kind !== 'content') return;
    const boardId = room.room.boardId;
    const at = this.now();
    if (at - (this.lastRemovalAt.get(boardId) ?? -Infinity) < this.removalMinIntervalMs) return;
    this.lastRemovalAt.set(boardId, at);
    const state = encodeDoc(room.doc);
    const content = docVersion(room.doc);
    const phase = this.lastPhase.get(boardId);
    const label = `Before ${cards} cards were removed`;
    const meta: SnapshotMeta = { id: randomId(12), at, reason: 'removal', label, bytes: state.byteLength, ...(phase ? { phase } : {}) };
    const stored = this.storage.putSnapshot(boardId, { id: meta.id, at, reason: 'removal', label, state, ...(phase ? { phase } : {}) });
    void this.serial(boardId, async () => {
      await stored;
      this.lastTaken.set(boardId, { meta, content });
      await thinBoardHistory(this.storage, boardId, this.now(), this.thinning);
    }).catch(this.onError);
  }

  list(boardId: string): Promise<SnapshotMeta[]> {
    return this.storage.listSnapshots(boardId);
  }

  async meta(boardId: string, id: string): Promise<SnapshotMeta | undefined> {
    return (await this.storage.listSnapshots(boardId)).find((s) => s.id === id);
  }

  /** The board JSON of a stored snapshot (built in a scratch document: nothing live is touched). */
  async boardJsonAt(boardId: string, id: string): Promise<BoardJson | undefined> {
    const stored = await this.storage.getSnapshot(boardId, id);
    if (!stored) return undefined;
    const doc = openStoredDoc({ snapshot: stored.state, updates: [] }, 'content');
    try {
      return exportBoardJson(doc, boardId);
    } finally {
      doc.destroy();
    }
  }

  /** A stored snapshot's raw state (a Yjs update), for clients that read it with the document layer. */
  async stateAt(boardId: string, id: string): Promise<Uint8Array | undefined> {
    return (await this.storage.getSnapshot(boardId, id))?.state;
  }

  /** The current board JSON. */
  current(boardId: string): Promise<BoardJson> {
    return this.rooms.with(this.address(boardId, 'content'), (r) => exportBoardJson(r.doc, boardId));
  }

  /**
   * The periodic step: a snapshot of every board that changed since its last
   * one, then thinning of its history and trimming of its activity feed.
   */
  async tick(): Promise<void> {
    if (this.closed) return;
    this.sweep();
    await Promise.all([...this.dirty].map((boardId) => this.serial(boardId, async () => {
      if (!this.dirty.has(boardId)) return;
      await this.take(boardId, 'periodic');
      await thinBoardHistory(this.storage, boardId, this.now(), this.thinning);
      await this.rooms.with(this.address(boardId, 'content'), async (r) => {
        if (trimActivity(r.doc, this.activityCap, HISTORY_ORIGIN) > 0) await r.whenDurable();
      });
    }).catch(this.onError)));
  }

  /** Watches the rooms of every open connection not watched yet. */
  sweep(): void {
    if (this.closed) return;
    for (const connection of this.rooms.allConnections()) {
      const room = connection.room;
      if (this.watched.has(room)) continue;
      if (room.room.kind === 'content') this.watchContent(room);
      else if (room.room.kind === 'control') this.watchControl(room);
    }
  }

  private watchContent(room: DocRoom): void {
    this.watched.add(room);
    const boardId = room.room.boardId;
    room.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== HISTORY_ORIGIN) this.dirty.add(boardId);
    });
    // Changes made before this sweep saw the room (or before a restart) count too.
    void this.serial(boardId, async () => {
      if (this.dirty.has(boardId)) return;
      const last = await this.lastContent(boardId);
      const differs = await this.rooms.with(this.address(boardId, 'content'), (r) => !last || !sameVersion(last, docVersion(r.doc)));
      if (differs) this.dirty.add(boardId);
    }).catch(this.onError);
  }

  /** The content of the board's newest snapshot (from memory, else from storage). */
  private async lastContent(boardId: string): Promise<DocVersion | undefined> {
    const known = this.lastTaken.get(boardId);
    if (known) return known.content;
    const newest = (await this.storage.listSnapshots(boardId)).at(-1);
    const stored = newest && (await this.storage.getSnapshot(boardId, newest.id));
    return stored ? versionOfState(stored.state) : undefined;
  }

  private watchControl(room: DocRoom): void {
    this.watched.add(room);
    const boardId = room.room.boardId;
    onPhaseChange(room.doc, () => {
      if (this.closed) return;
      const phase = readFacilitation(room.doc).phase;
      if (this.lastPhase.get(boardId) === phase) return;
      this.lastPhase.set(boardId, phase);
      void this.serial(boardId, () => this.take(boardId, 'phase')).catch(this.onError);
    });
    const phase = readFacilitation(room.doc).phase;
    this.lastPhase.set(boardId, phase);
    // A phase change this service did not see (before the sweep, or while the server was down).
    void this.serial(boardId, async () => {
      const phases = (await this.storage.listSnapshots(boardId)).filter((s) => s.reason === 'phase');
      const newest = phases[phases.length - 1];
      if (newest ? newest.phase !== phase : phase !== INITIAL_PHASE) await this.take(boardId, 'phase');
    }).catch(this.onError);
  }

  /** Stores a snapshot of the board's content as it is now (after everything applied is durable). */
  private async take(boardId: string, reason: SnapshotReason, label?: string, savedBy?: SnapshotSaver): Promise<SnapshotMeta> {
    const phase = await this.rooms.with(this.address(boardId, 'control'), (r) => readFacilitation(r.doc).phase);
    const { state, content } = await this.rooms.with(this.address(boardId, 'content'), async (r) => {
      await r.whenDurable();
      // Synchronous from here: what is encoded is exactly what `dirty` is cleared for.
      this.dirty.delete(boardId);
      return { state: encodeDoc(r.doc), content: docVersion(r.doc) };
    });
    const at = this.now();
    const previous = this.lastTaken.get(boardId);
    const unchanged = previous !== undefined && sameVersion(previous.content, content);
    const saver = reason === 'manual' ? savedBy ?? 'facilitator' : undefined;
    // The same content saved again: the saved version it already is, or that version relabelled.
    // A participant cannot relabel (so replace) a version the facilitator keeps; the facilitator
    // saving a participant's version again makes it one that is kept.
    const resaved = reason === 'manual' && unchanged && previous.meta.reason === 'manual';
    const previousKept = resaved && previous.meta.savedBy !== 'participant';
    if (resaved && (!label || label === previous.meta.label) && (previousKept || saver === 'participant')) return previous.meta;
    const relabel = resaved && (!previousKept || saver === 'facilitator');
    if (relabel && !label && previous.meta.label) label = previous.meta.label;
    // A relabel stores the whole board again too: a participant's is held to the same minute (a red-team
    // script relabelled a full board 40 times in 3 s, 100 MiB/s of writes).
    if (saver && (!relabel || saver === 'participant')) {
      const minInterval = saver === 'participant' ? this.participantManualMinIntervalMs : this.manualMinIntervalMs;
      const wait = (this.lastManualAt.get(`${saver}:${boardId}`) ?? -Infinity) + minInterval - at;
      if (wait > 0) {
        if (!unchanged) this.dirty.add(boardId); // still owed a periodic snapshot
        throw new SnapshotRateError(wait);
      }
      this.lastManualAt.set(`${saver}:${boardId}`, at);
    }
    const optional = { ...(label ? { label } : {}), ...(saver ? { savedBy: saver } : {}) };
    const meta: SnapshotMeta = { id: randomId(12), at, reason, phase, bytes: state.byteLength, ...optional };
    try {
      await this.storage.putSnapshot(boardId, { id: meta.id, at, reason, phase, state, ...optional });
    } catch (error) {
      this.dirty.add(boardId);
      throw error;
    }
    this.lastTaken.set(boardId, { meta, content });
    // Same content as the previous snapshot of the same kind: keep only the new one when it
    // is a relabelled manual snapshot, or a phase change shortly after the last (clicking through phases).
    const replaces = relabel || (unchanged && reason === 'phase' && previous.meta.reason === reason && at - previous.meta.at < this.phaseCoalesceMs);
    if (replaces) await this.storage.deleteSnapshots(boardId, [previous!.meta.id]);
    if (saver === 'participant') await thinBoardHistory(this.storage, boardId, at, this.thinning);
    return meta;
  }

  private serial<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('history is closed'));
    const previous = this.chains.get(boardId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(() => undefined, () => undefined);
    this.chains.set(boardId, settled);
    void settled.then(() => {
      if (this.chains.get(boardId) === settled) this.chains.delete(boardId);
    });
    return next;
  }

  private address(boardId: string, kind: 'content' | 'control') {
    if (!isBoardId(boardId)) throw new Error(`not a board id: ${boardId}`);
    return roomAddress(boardId, kind);
  }
}
