/** React bindings of a board session: components read the board through these. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { BoardSnapshot } from '../../shared/model.ts';
import type { ConnectionState } from './connection.ts';
import type { Peer } from './presence.ts';
import type { BoardSession, UndoState } from './session.ts';

export const SessionContext = createContext<BoardSession | null>(null);

/** The open board session; only valid below a `SessionContext` provider. */
export function useSession(): BoardSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a board');
  return session;
}

export function useBoard(): BoardSnapshot {
  const session = useSession();
  return useSyncExternalStore(session.boardChanged.subscribe, session.getBoard);
}

/**
 * A part of the board, read with `select(board, what it gave last time)`: the
 * component re-renders only when that part changes. `select` returns its
 * previous result while its part is the same (unchanged cards and links keep
 * their identity from one board read to the next), so typing into one card of
 * a big board re-renders what shows that card, not everything reading the board.
 * Keep `select` stable (module level or useCallback).
 */
export function useBoardSlice<T>(select: (board: BoardSnapshot, previous: T | undefined) => T): T {
  const session = useSession();
  const getSlice = useMemo(() => {
    let read: BoardSnapshot | undefined;
    let slice: T | undefined;
    return () => {
      const board = session.getBoard();
      if (board !== read) {
        slice = select(board, slice);
        read = board;
      }
      return slice as T;
    };
  }, [session, select]);
  return useSyncExternalStore(session.boardChanged.subscribe, getSlice);
}

export function useConnection(): ConnectionState {
  const session = useSession();
  return useSyncExternalStore(session.connection.changed.subscribe, session.connection.getState);
}

/**
 * Whether (and why) the server refused the board's connection: for what needs
 * only that (the page choosing between the board and a refusal), so coming
 * online, the browser's copy loading and the first sync re-render nothing.
 */
export function useConnectionRefused(): ConnectionState['refused'] {
  const session = useSession();
  return useSyncExternalStore(session.connection.changed.subscribe, () => session.connection.getState().refused);
}

export function usePeers(): Peer[] {
  const session = useSession();
  return useSyncExternalStore(session.presence.peersChanged.subscribe, session.presence.getPeers);
}

/**
 * The peers editing or dragging a card; a new list only when that changes (not
 * when cursors move), for components that render every card.
 */
export function useCardPresence(): Peer[] {
  const session = useSession();
  return useSyncExternalStore(session.presence.peersChanged.subscribe, session.presence.getCardPresence);
}

export function useUndoState(): UndoState {
  const session = useSession();
  return useSyncExternalStore(session.undoChanged.subscribe, session.getUndoState);
}
