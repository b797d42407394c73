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

export function syncUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export class BoardConnection {
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  readonly changed = createSignal();
  private state: ConnectionState;
  private readonly cleanup: (() => void)[] = [];

  constructor(doc: Y.Doc, room: string, token: string, storageName: string) {
    const browserOnline = navigator.onLine !== false;
    this.state = { status: 'connecting', synced: false, storedLocally: false, workingOffline: false, refused: null };
    this.persistence = new IndexeddbPersistence(storageName, doc);
    void this.persistence.whenSynced.then(() => this.update({ storedLocally: true }));
    this.provider = new WebsocketProvider(syncUrl(window.location), room, doc, {
      params: { token },
      connect: browserOnline,
      disableBc: true,
      maxBackoffTime: 4000,
    });
    if (!browserOnline) this.state.status = 'offline';
    this.cleanup.push(reannounceOnConnect(this.provider));

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
      if (!this.state.workingOffline && !this.state.refused) this.provider.connect();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    this.cleanup.push(() => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    });
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
    } else if (navigator.onLine !== false) {
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
