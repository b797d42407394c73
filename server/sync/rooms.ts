/**
 * The loaded documents of this process: loads a document on first use, unloads
 * it when idle, and keeps connections alive. A document is read from storage
 * when first opened (`opened`) and applied when first needed (`get`): until
 * then a new client's first sync is answered from the stored bytes (firstSync.ts).
 */
import type { DocLog } from '../storage/types.ts';
import type { DocAddress } from '../../shared/protocol.ts';
import { DocRoom } from './docRoom.ts';
import type { SyncConnection } from './connection.ts';
import type { WriteBatcher } from './writeBatcher.ts';
import { CloseCode, JOIN_CODES_DOC } from '../../shared/protocol.ts';

/**
 * Board ownership when several processes share one store (PostgreSQL, see
 * docs/SCALING.md): a board is loaded only once this process owns it, and
 * given up when its last document unloads.
 */
export interface BoardClaims {
  /** Resolves once this process owns the board; rejects when another process does. */
  claim(boardId: string): Promise<void>;
  release(boardId: string): Promise<void>;
}

/** What `BoardClaims.claim` rejects with when another process owns the board. */
export class BoardOwnedElsewhere extends Error {
  override readonly name = 'BoardOwnedElsewhere';
  constructor(
    readonly boardId: string,
    /** The owner's internal URL (where a forwarder would send the connection). */
    readonly ownerUrl: string,
  ) {
    super(`board ${JSON.stringify(boardId)} is served by another process (${ownerUrl})`);
  }
}

interface RoomRegistryOptions {
  storage: DocLog;
  writer: WriteBatcher;
  idleUnloadMs: number;
  pingIntervalMs: number;
  compactAfterUpdates: number;
  /** See DocRoomOptions.awarenessWindowMs. */
  awarenessWindowMs?: number;
  onError: (error: unknown) => void;
  claims?: BoardClaims;
  /**
   * Called once a document has loaded, before anyone is given the loaded room (the portfolio mirror
   * reconciles a product board); a new client may hold the stored bytes already, and gets what this
   * changes (DocRoom.catchUpFromStored).
   */
  onLoaded?: (room: DocRoom) => void;
}

/** A document being loaded: its room once the stored state is read (`DocRoom.stored`), and once applied. */
interface Loading {
  opened: Promise<DocRoom>;
  ready: Promise<DocRoom>;
  /** The room, once constructed (after the board's claim). */
  room?: DocRoom;
  /** Whether someone needs it applied (`get`): it is applied as soon as it is read. */
  applyAsked: boolean;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, DocRoom>();
  private readonly loading = new Map<string, Loading>();
  /** Claims of boards in flight (PostgreSQL), by board. */
  private readonly claiming = new Map<string, Promise<void>>();
  private readonly connections = new Map<DocRoom, Set<SyncConnection>>();
  private readonly idleTimers = new Map<DocRoom, NodeJS.Timeout>();
  /** Rooms in use by an HTTP request (kept loaded until it finishes). */
  private readonly borrowed = new Map<DocRoom, number>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: RoomRegistryOptions) {
    this.heartbeat = setInterval(() => {
      for (const set of this.connections.values()) for (const c of set) c.heartbeat();
    }, options.pingIntervalMs);
    this.heartbeat.unref();
  }

  /** The loaded room for a document, loading it from storage first if needed. */
  async get(room: DocAddress): Promise<DocRoom> {
    const existing = this.rooms.get(room.docName);
    if (existing) {
      this.cancelIdle(existing);
      return existing;
    }
    const loading = this.load(room);
    loading.applyAsked = true;
    loading.room?.apply();
    const loaded = await loading.ready;
    this.cancelIdle(loaded);
    return loaded;
  }

  /**
   * The room for a document as soon as its stored state is read, which may be
   * before it is applied (`DocRoom.isLoaded`): a new client's first sync can be
   * answered from the stored bytes meanwhile (`DocRoom.canAnswer`); anything
   * else waits for `get`. Opening does not apply the document: the first `get`
   * does (a connection first lets its client's first sync be answered, upgrade.ts).
   */
  async opened(room: DocAddress): Promise<DocRoom> {
    const existing = this.rooms.get(room.docName);
    if (existing) {
      this.cancelIdle(existing);
      return existing;
    }
    return this.load(room).opened;
  }

  /** Loads a document once however many ask for it at the same time. */
  private load(room: DocAddress): Loading {
    const inFlight = this.loading.get(room.docName);
    if (inFlight) return inFlight;
    const loading = { applyAsked: false } as Loading;
    let opened!: (docRoom: DocRoom) => void;
    let failed!: (error: unknown) => void;
    const openedPromise = new Promise<DocRoom>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    openedPromise.catch(() => {}); // the same error rejects `ready`, which every caller awaits
    const ready = (async () => {
      try {
        // A board's every document waits for the one claim of it in flight (a document that loaded
        // while another's claim was failing would be served by a process that does not own the board).
        if (this.options.claims && (!this.boardLoaded(room.boardId) || this.claiming.has(room.boardId))) {
          await this.claim(room.boardId);
        }
        const loaded = new DocRoom(room, {
          storage: this.options.storage,
          writer: this.options.writer,
          compactAfterUpdates: this.options.compactAfterUpdates,
          ...(this.options.awarenessWindowMs !== undefined ? { awarenessWindowMs: this.options.awarenessWindowMs } : {}),
          onError: this.options.onError,
          applyWhenAsked: true,
        });
        loading.room = loaded;
        if (loading.applyAsked) loaded.apply();
        loaded.stored.then(() => opened(loaded), () => {});
        try {
          await loaded.ready;
        } catch (error) {
          loaded.destroy();
          throw error;
        }
        this.loading.delete(room.docName);
        this.rooms.set(room.docName, loaded);
        this.connections.set(loaded, new Set());
        try {
          this.options.onLoaded?.(loaded);
        } catch (error) {
          this.options.onError(error);
        }
        return loaded;
      } catch (error) {
        this.loading.delete(room.docName);
        failed(error);
        throw error;
      }
    })();
    ready.catch(() => {}); // rejects the waiters of `get`; one that only opened must not crash the process
    loading.opened = openedPromise;
    loading.ready = ready;
    this.loading.set(room.docName, loading);
    return loading;
  }

  /**
   * Claims the board once however many of its documents load at the same time.
   * The join codes' system document serves every board, whichever process owns
   * it: with several processes it is held only while a request uses it (unloaded
   * at once), and a claim of it waits a moment for another process to let go.
   */
  private claim(boardId: string): Promise<void> {
    let pending = this.claiming.get(boardId);
    if (!pending) {
      const claims = this.options.claims!;
      const claimOnce = async (): Promise<void> => {
        for (let wait = 20; ; wait *= 2) {
          try {
            return await claims.claim(boardId);
          } catch (error) {
            if (!(error instanceof BoardOwnedElsewhere) || boardId !== JOIN_CODES_DOC.boardId || wait > 1_000) throw error;
            await new Promise((resolve) => setTimeout(resolve, wait));
          }
        }
      };
      pending = claimOnce().finally(() => this.claiming.delete(boardId));
      this.claiming.set(boardId, pending);
    }
    return pending;
  }

  /** Runs `fn` with the loaded room, keeping it loaded meanwhile (HTTP requests). */
  async with<T>(room: DocAddress, fn: (docRoom: DocRoom) => Promise<T> | T): Promise<T> {
    const docRoom = await this.get(room);
    this.pin(docRoom);
    try {
      return await fn(docRoom);
    } finally {
      this.unpin(docRoom);
    }
  }

  /** Keeps a room loaded until `unpin` (e.g. the control doc while its board's content is edited). */
  pin(room: DocRoom): void {
    this.borrowed.set(room, (this.borrowed.get(room) ?? 0) + 1);
    this.cancelIdle(room);
  }

  unpin(room: DocRoom): void {
    const n = (this.borrowed.get(room) ?? 1) - 1;
    if (n <= 0) this.borrowed.delete(room);
    else this.borrowed.set(room, n);
    this.scheduleIdle(room);
  }

  /** A room got for a connection that went away before it attached: unloaded when idle, as when a last connection leaves. */
  release(room: DocRoom): void {
    if (this.holds(room)) this.scheduleIdle(room);
  }

  attach(connection: SyncConnection): void {
    this.connections.get(connection.room)?.add(connection);
    this.cancelIdle(connection.room);
  }

  detach(connection: SyncConnection): void {
    const set = this.connections.get(connection.room);
    set?.delete(connection);
    this.scheduleIdle(connection.room);
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    let n = 0;
    for (const set of this.connections.values()) n += set.size;
    return n;
  }

  /** Whether `room` is still the loaded room of its document (not dropped: its board moved to another process). */
  holds(room: DocRoom): boolean {
    return this.rooms.get(room.room.docName) === room;
  }

  isLoaded(docName: string): boolean {
    return this.rooms.has(docName);
  }

  /** The room of a document if it is loaded here (nothing is loaded for it). */
  loaded(docName: string): DocRoom | undefined {
    return this.rooms.get(docName);
  }

  /** Every open sync connection (shutdown closes them). */
  allConnections(): SyncConnection[] {
    return [...this.connections.values()].flatMap((set) => [...set]);
  }

  private inUse(room: DocRoom): boolean {
    return (this.connections.get(room)?.size ?? 0) > 0 || this.borrowed.has(room);
  }

  private cancelIdle(room: DocRoom): void {
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
  }

  private scheduleIdle(room: DocRoom): void {
    if (this.inUse(room) || this.idleTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(room);
      void this.unload(room);
    }, this.options.claims && room.room.boardId === JOIN_CODES_DOC.boardId ? 0 : this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  /** Unloads an idle room once everything it holds is stored (a failed write keeps it loaded). */
  private async unload(room: DocRoom): Promise<void> {
    if (this.inUse(room)) return;
    try {
      await room.compactNow();
    } catch (error) {
      this.options.onError(error);
      this.scheduleIdle(room);
      return;
    }
    if (this.inUse(room) || room.hasUnstoredChanges) {
      this.scheduleIdle(room);
      return;
    }
    this.rooms.delete(room.room.docName);
    this.connections.delete(room);
    room.destroy();
    const boardId = room.room.boardId;
    if (this.options.claims && !this.boardLoaded(boardId)) {
      this.options.claims.release(boardId).catch((error: unknown) => this.options.onError(error));
    }
  }

  /** Whether any document of the board is loaded or loading here. */
  private boardLoaded(boardId: string): boolean {
    for (const r of this.rooms.values()) if (r.room.boardId === boardId) return true;
    for (const name of this.loading.keys()) if (name === boardId || name.startsWith(`${boardId}/`)) return true;
    return false;
  }

  /**
   * The board now belongs to another process (its lease was taken over): its
   * clients are closed so they reconnect (and reach the owner), its rooms
   * dropped. Writes of it still unstored are refused by the store's fence.
   */
  dropBoard(boardId: string): void {
    for (const [docName, room] of [...this.rooms]) {
      if (room.room.boardId !== boardId) continue;
      for (const c of this.connections.get(room) ?? []) c.close(CloseCode.shuttingDown, 'the board moved to another server');
      this.cancelIdle(room);
      this.rooms.delete(docName);
      this.connections.delete(room);
      this.borrowed.delete(room);
      room.destroy();
    }
  }

  /**
   * Shutdown: wait for every change to be stored, compact each loaded
   * document's log (what a restart would otherwise replay; a failure leaves the
   * log, which loads as well), then drop everything.
   */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await this.options.writer.close();
    await Promise.all([...this.rooms.values()].map((room) => room.compactNow().catch((error: unknown) => this.options.onError(error))));
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    this.connections.clear();
  }
}
