/**
 * The connection of one board document to the sync server, with the browser's
 * own copy in IndexedDB: edits made offline are kept there and merge when the
 * websocket reconnects; a reload while offline shows the last known state.
 */
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { presenceUnderItsOwnId } from './presenceId.ts';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, PERSON_REMOVED } from '../../shared/protocol.ts';
import { ApiError } from '../api/boards.ts';
import { createSignal } from './signal.ts';
import { SocketGate } from './socketGate.ts';
import { compactWhenQuiet } from './copyCompaction.ts';
import { quietLoad } from './quietLoad.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The server has sent us its state since we last connected. */
  synced: boolean;
  /** The browser's copy has loaded (edits are kept while offline). */
  storedLocally: boolean;
  /** The person chose "Work offline". */
  workingOffline: boolean;
  /**
   * The server refused for good: this link (bad secret, no such board), or the
   * changes this browser holds (`rejected`: they build on a version the server
   * does not have, or this link may not make them).
   */
  /** `removed`: the facilitator removed this person from the workshop (4401 with PERSON_REMOVED). */
  refused: 'unauthorized' | 'removed' | 'not-found' | 'rejected' | null;
}

/** What the server says about this page's link (asked over HTTP when the websocket cannot open). */
export type AccessCheck = () => Promise<'ok' | 'unauthorized' | 'not-found' | 'unknown'>;

/** An AccessCheck from an authenticated HTTP request: 401/403 unauthorized, 404 not found. */
export function accessCheck(request: () => Promise<unknown>): AccessCheck {
  return () => request().then(
    () => 'ok' as const,
    (error: unknown) => {
      if (!(error instanceof ApiError)) return 'unknown' as const;
      if (error.status === 401 || error.status === 403) return 'unauthorized' as const;
      return error.status === 404 ? ('not-found' as const) : ('unknown' as const);
    },
  );
}

/** Close codes after which reconnecting cannot help, and what they mean here. */
const FINAL_CLOSES = new Map<number, NonNullable<ConnectionState['refused']>>([
  [CloseCode.unauthorized, 'unauthorized'],
  [CloseCode.notFound, 'not-found'],
  [CloseCode.forbidden, 'rejected'],
  [CloseCode.badMessage, 'rejected'],
  [CloseCode.tooLarge, 'rejected'],
  [CloseCode.missingState, 'rejected'],
]);

/**
 * Announces this page's presence again each time the provider connects. The
 * stock provider re-sends it on open with the clock the server already saw;
 * if the server removed it meanwhile (the old socket closed), the server and
 * every other page ignore that state until this page's next change. A new
 * clock shows the person again at once, and lets the server hand their id
 * over from an old socket it still holds (server/sync/presenceGuard.ts).
 * Returns the function that stops it.
 */
export function reannounceOnConnect(provider: WebsocketProvider): () => void {
  const onStatus = ({ status }: { status: string }) => {
    const state = provider.awareness.getLocalState();
    if (status === 'connected' && state !== null) provider.awareness.setLocalState(state);
  };
  provider.on('status', onStatus);
  return () => provider.off('status', onStatus);
}

function syncUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** How long a connection waits for its person (joining) before it connects unsigned. */
const PERSON_WAIT_MS = 3000;
/**
 * How long a connection waits for the browser's copy to load before it
 * connects anyway (a browser whose IndexedDB hangs still gets the board).
 */
const LOCAL_COPY_WAIT_MS = 1500;

export interface ConnectionOptions {
  /** The personal token from joining: the server signs this connection's cards and comments with that person. */
  person?: string;
  /** Do not connect before `setPerson` (or PERSON_WAIT_MS): the first writes are then signed too. */
  waitForPerson?: boolean;
  /**
   * `person` is a remembered token the server may have revoked since (a reset of the
   * participant link): connect at once, but let the socket talk only once `setPerson`
   * confirms it, or reopen it with the token it gives (or after PERSON_WAIT_MS), so no
   * write goes out over a connection that signs nothing.
   */
  confirmPerson?: boolean;
  /**
   * Tells a refused link from a network problem: the server refuses a bad link
   * during the websocket upgrade, which a browser reports like any failed connection.
   */
  checkAccess?: AccessCheck;
}

export class BoardConnection {
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  readonly changed = createSignal();
  private state: ConnectionState;
  private readonly cleanup: (() => void)[] = [];
  /**
   * What the first connect waits for: the person (joining: their token is in the
   * address), and the browser's copy of the board. Talking to the server after
   * the copy has loaded announces its state, so the server sends only what the
   * browser lacks — not the whole board of thousands of cards, decoded and
   * applied a second time over the copy (and the copy is not sent up as an
   * update either: nothing is connected while it loads). The socket itself opens
   * while the copy loads; `gate` holds it until then, and until a remembered
   * person's token is confirmed (`person-check`).
   */
  private readonly holds = new Set<'person' | 'person-check' | 'local-copy'>();
  private readonly gate = new SocketGate();

  private checkingAccess = false;
  /** The socket is being replaced on purpose (reopen): its close is no news for the page. */
  private reopening = false;
  private destroyed = false;
  private readonly checkAccess: AccessCheck | undefined;

  constructor(doc: Y.Doc, room: string, token: string, storageName: string, options: ConnectionOptions = {}) {
    this.checkAccess = options.checkAccess;
    const browserOnline = navigator.onLine !== false;
    if (options.waitForPerson === true) this.holds.add('person');
    else if (options.person && options.confirmPerson === true) this.holds.add('person-check');
    this.holds.add('local-copy');
    this.state = { status: 'connecting', synced: false, storedLocally: false, workingOffline: false, refused: null };
    this.persistence = new IndexeddbPersistence(storageName, doc);
    void this.persistence.whenSynced.then(() => {
      this.update({ storedLocally: true });
      this.release('local-copy');
    });
    this.cleanup.push(compactWhenQuiet(doc, this.persistence));
    const localCopyTimer = setTimeout(() => this.release('local-copy'), LOCAL_COPY_WAIT_MS);
    this.cleanup.push(() => clearTimeout(localCopyTimer));
    this.provider = new WebsocketProvider(syncUrl(window.location), room, doc, {
      params: options.person ? { token, person: options.person } : { token },
      connect: false,
      disableBc: true,
      maxBackoffTime: 4000,
      WebSocketPolyfill: this.gate.socketClass(),
      // Final refusals (FINAL_CLOSES) stop the provider; a slow reader or a rate limit is worth a retry.
      shouldReconnect: (event) => !FINAL_CLOSES.has(event.code),
    });
    presenceUnderItsOwnId(this.provider);
    if (!browserOnline) this.state.status = 'offline';
    this.cleanup.push(quietLoad(doc, this.persistence, this.provider));
    this.cleanup.push(reannounceOnConnect(this.provider));

    this.provider.on('status', ({ status }) => {
      if (this.reopening) return;
      // A retry after a failed attempt is still "offline" to the person: no
      // flicker back to "Connecting…" on every backoff round.
      const retrying = status === 'connecting' && this.provider.wsUnsuccessfulReconnects > 0;
      const next: ConnectionStatus = status === 'connected' ? 'online' : status === 'connecting' && !retrying ? 'connecting' : 'offline';
      this.update({ status: this.state.workingOffline || !navigator.onLine ? 'offline' : next });
    });
    // An attempt that never opened (the network is gone, though the browser
    // may still report itself online after an offline reload) means offline.
    this.provider.on('connection-close', () => {
      if (this.provider.wsconnected || this.reopening) return;
      if (this.state.status === 'connecting') this.update({ status: 'offline' });
      if (navigator.onLine !== false) this.askWhyRefused();
    });
    this.provider.on('sync', (synced) => this.update({ synced }));
    this.provider.on('closed', ({ code, reason }) => {
      const refused = code === CloseCode.unauthorized && reason === PERSON_REMOVED ? 'removed' : FINAL_CLOSES.get(code) ?? null;
      this.update({ refused, status: 'offline' });
    });

    // Chromium does not always close an open websocket when the network goes
    // away: follow the browser's own online/offline signal as well.
    const goOffline = () => {
      this.provider.disconnect();
      this.update({ status: 'offline', synced: false });
    };
    const goOnline = () => {
      if (!this.state.workingOffline && !this.state.refused && !this.holds.has('person')) this.provider.connect();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    this.cleanup.push(() => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    });
    if (this.holds.has('person') || this.holds.has('person-check')) {
      const timer = setTimeout(() => this.setPerson(undefined), PERSON_WAIT_MS);
      this.cleanup.push(() => clearTimeout(timer));
    }
    if (!this.holds.has('person')) this.connectIfAllowed();
  }

  /**
   * One reason to wait is gone: the socket opens once the person is known, and
   * is let through (the sync starts) once the browser's copy has loaded.
   */
  private release(hold: 'person' | 'person-check' | 'local-copy'): void {
    if (!this.holds.delete(hold) || this.destroyed) return;
    if (hold === 'person') this.connectIfAllowed();
    else if (!this.holds.has('local-copy') && !this.holds.has('person-check')) this.gate.release();
  }

  private connectIfAllowed(): void {
    if (navigator.onLine !== false && !this.state.workingOffline && !this.state.refused && !this.holds.has('person')) this.provider.connect();
  }

  /**
   * The personal token this connection signs with (undefined: none known, or
   * the remembered one as it is). Connects if the connection was waiting for it;
   * reconnects if it changed (a socket held while a remembered token was checked
   * has sent nothing: it is replaced before the gate lets any socket talk).
   */
  setPerson(person: string | undefined): void {
    const changed = person !== undefined && this.provider.params.person !== person;
    if (changed) this.provider.params = { ...this.provider.params, person };
    if (this.holds.has('person')) {
      this.release('person');
      return;
    }
    if (changed && (this.provider.wsconnected || this.provider.wsconnecting)) this.reopen();
    this.release('person-check');
  }

  /** Replaces the socket (for another personal token): not a failed attempt, so the page says "Connecting…", not offline. */
  private reopen(): void {
    this.reopening = true;
    this.provider.disconnect();
    this.reopening = false;
    this.provider.wsUnsuccessfulReconnects = 0;
    this.update({ status: 'connecting', synced: false });
    this.provider.connect();
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  getState = (): ConnectionState => this.state;

  /** "Work offline": keep editing locally; changes merge when going back online. */
  setWorkingOffline(offline: boolean): void {
    this.update({ workingOffline: offline });
    if (offline) {
      this.provider.disconnect();
      this.update({ status: 'offline', synced: false });
    } else if (navigator.onLine !== false && !this.holds.has('person')) {
      this.provider.connect();
    }
  }

  /**
   * Forgets this browser's copy of the document (and the changes the server
   * refused); the caller reloads to open the server's board.
   */
  async discardLocalCopy(): Promise<void> {
    this.provider.disconnect();
    await this.persistence.clearData();
  }

  /** After an attempt that never opened: asks over HTTP whether the link itself was refused. */
  private askWhyRefused(): void {
    if (!this.checkAccess || this.checkingAccess || this.state.refused) return;
    this.checkingAccess = true;
    void this.checkAccess().then((answer) => {
      this.checkingAccess = false;
      if (answer !== 'unauthorized' && answer !== 'not-found') return;
      this.provider.disconnect();
      this.update({ refused: answer, status: 'offline' });
    });
  }

  destroy(): void {
    this.destroyed = true;
    for (const fn of this.cleanup) fn();
    this.provider.destroy();
    void this.persistence.destroy();
  }

  private update(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch };
    if (Object.entries(patch).every(([k, v]) => this.state[k as keyof ConnectionState] === v)) return;
    this.state = next;
    this.changed.emit();
  }
}
