/**
 * Anonymous mode gives a page's document a new client id while its presence
 * keeps the old one (client/sync/agreedWork.ts renewClientId). y-websocket
 * takes the document's id for the presence's: a socket opening with the
 * presence set threw ("reading 'clock'", a facilitator's page after a reload in
 * anonymous mode), and a socket closing dropped the person's own presence,
 * which never came back. The provider now sees the document under the
 * presence's id (client/sync/presenceId.ts); the stock client, the real server.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { presenceUnderItsOwnId } from '../../client/sync/presenceId.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor, wsUrl } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

const nameOf = (provider: { awareness: { getStates(): Map<number, unknown> } }, id: number) =>
  (provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name;

describe('a page whose document took a new client id (anonymous mode)', () => {
  it('connects with its presence set, and shows again after its socket drops', async () => {
    const board = await createBoard(server.url);
    const observer = clients.connect(server.url, board.id, board.secrets.viewer);
    await observer.synced;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsUrl(server.url), board.id, doc, {
      params: { token: board.secrets.participant }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, connect: false, maxBackoffTime: 300,
    });
    try {
      presenceUnderItsOwnId(provider);
      // As the app does (client/sync/connection.ts): on each connect, its presence again with a new clock.
      provider.on('status', ({ status }: { status: string }) => {
        const state = provider.awareness.getLocalState();
        if (status === 'connected' && state !== null) provider.awareness.setLocalState(state);
      });
      const presence = provider.awareness.clientID;
      provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#2563eb', role: 'participant' });
      doc.clientID = presence + 1; // what renewClientId does
      const thrown: unknown[] = [];
      const onError = (error: unknown) => thrown.push(error);
      process.on('uncaughtException', onError);
      try {
        provider.connect();
        await waitFor(() => nameOf(observer.provider, presence) === 'Ana', 'Ana at the observer');
        // The socket drops; the provider reconnects: Ana is shown again, under the same presence.
        provider.ws!.close();
        await waitFor(() => nameOf(observer.provider, presence) === undefined, 'Ana gone with her socket');
        await waitFor(() => nameOf(observer.provider, presence) === 'Ana', 'Ana back at the observer');
      } finally {
        process.off('uncaughtException', onError);
      }
      expect(thrown).toEqual([]);
      expect(provider.awareness.getLocalState()).toMatchObject({ user: { name: 'Ana' } });
    } finally {
      provider.destroy();
    }
  });
});
