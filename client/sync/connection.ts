/**
 * The connection of one board document to the sync server, with the browser's
 * own copy in IndexedDB: edits made offline are kept there and merge when the
 * websocket reconnects; a reload while offline shows the last known state.
 */
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode } from '../../shared/protocol.ts';
import { createSignal } from './signal.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The server has sent us its state since we last connected. */
  synced: boolean;
  /** The browser's copy has loaded (edits are kept while offline). */
  storedLocally: boolean;
  /** The person chose "Work offline". */
  workingOffline: boolean;
  /** The server refused this link for good (4401 bad secret, 4404 no such board). */
  refused: 'unauthorized' | 'not-found' | null;
}

export function syncUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** How long a connection waits for its person (joining) before it connects unsigned. */
const PERSON_WAIT_MS = 3000;

export interface ConnectionOptions {
  /** The personal token from joining: the server signs this connection's cards and comments with that person. */
  person?: string;
  /** Do not connect before `setPerson` (or PERSON_WAIT_MS): the first writes are then signed too. */
  waitForPerson?: boolean;
}

export class BoardConnection {
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  readonly changed = createSignal();
  private state: ConnectionState;
  private readonly cleanup: (() => void)[] = [];
  /** Waiting for the person before the first connect. */
  private holding: boolean;

  constructor(doc: Y.Doc, room: string, token: string, storageName: string, options: ConnectionOptions = {}) {
    const browserOnline = navigator.onLine !== false;
    this.holding = options.waitForPerson === true;
    this.state = { status: 'connecting', synced: false, storedLocally: false, workingOffline: false, refused: null };
    this.persistence = new IndexeddbPersistence(storageName, doc);
    void this.persistence.whenSynced.then(() => this.update({ storedLocally: true }));
    this.provider = new WebsocketProvider(syncUrl(window.location), room, doc, {
      params: options.person ? { token, person: options.person } : { token },
      connect: browserOnline && !this.holding,
      disableBc: true,
      maxBackoffTime: 4000,
    });
    if (!browserOnline) this.state.status = 'offline';

    this.provider.on('status', ({ status }) => {
      // A retry after a failed attempt is still "offline" to the person: no
      // flicker back to "Connecting…" on every backoff round.
      const retrying = status === 'connecting' && this.provider.wsUnsuccessfulReconnects > 0;
      const next: ConnectionStatus = status === 'connected' ? 'online' : status === 'connecting' && !retrying ? 'connecting' : 'offline';
      this.update({ status: this.state.workingOffline || !navigator.onLine ? 'offline' : next });
    });
    // An attempt that never opened (the network is gone, though the browser
    // may still report itself online after an offline reload) means offline.
    this.provider.on('connection-close', () => {
      if (!this.provider.wsconnected && this.state.status === 'connecting') this.update({ status: 'offline' });
    });
    this.provider.on('sync', (synced) => this.update({ synced }));
    this.provider.on('closed', ({ code }) => {
      if (code === CloseCode.unauthorized || code === CloseCode.forbidden) this.update({ refused: 'unauthorized', status: 'offline' });
      else if (code === CloseCode.notFound) this.update({ refused: 'not-found', status: 'offline' });
      else this.update({ status: 'offline' });
    });

    // Chromium does not always close an open websocket when the network goes
    // away: follow the browser's own online/offline signal as well.
    const goOffline = () => {
      this.provider.disconnect();
      this.update({ status: 'offline', synced: false });
    };
    const goOnline = () => {
      if (!this.state.workingOffline && !this.state.refused && !this.holding) this.provider.connect();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    this.cleanup.push(() => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    });
    if (this.holding) {
      const timer = setTimeout(() => this.setPerson(undefined), PERSON_WAIT_MS);
      this.cleanup.push(() => clearTimeout(timer));
    }
  }

  /**
   * The personal token this connection signs with (undefined: none known).
   * Connects if the connection was waiting for it; reconnects if it changed.
   */
  setPerson(person: string | undefined): void {
    const changed = person !== undefined && this.provider.params.person !== person;
    if (changed) this.provider.params = { ...this.provider.params, person };
    if (this.holding) {
      this.holding = false;
      if (navigator.onLine !== false && !this.state.workingOffline && !this.state.refused) this.provider.connect();
    } else if (changed && (this.provider.wsconnected || this.provider.wsconnecting)) {
      this.provider.disconnect();
      this.provider.connect();
    }
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
    } else if (navigator.onLine !== false && !this.holding) {
      this.provider.connect();
    }
  }

  destroy(): void {
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
