/**
 * Works out who we are on a board: the secret comes from the link's fragment
 * (then leaves the address bar) or from this browser's memory; the role comes
 * from the server (asked as the page loaded: boardAccess.ts), or from memory
 * when the server cannot be reached (offline).
 */
import { useEffect, useState } from 'react';
import type { Role } from '../../shared/protocol.ts';
import { ApiError } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import { boardAccess, takeSecretFromFragment } from './boardAccess.ts';

export type BoardAccessState =
  | { status: 'checking' }
  | { status: 'ready'; secret: string; role: Role; title: string; offline: boolean }
  | { status: 'no-secret' }
  | { status: 'refused'; reason: 'not-found' | 'unreachable' }
  /** `worked`: this browser opened the board with this key before (it stopped working, e.g. the facilitator reset the participant link). */
  | { status: 'refused'; reason: 'unauthorized'; worked: boolean };

export function useBoardAccess(boardId: string): BoardAccessState {
  const [state, setState] = useState<BoardAccessState>({ status: 'checking' });
  // A link opened in this tab that differs only in its fragment (the new link after the facilitator
  // reset the old one, pasted over "This link no longer works") is not loaded by the browser: load it.
  // The page's own anchors never change the fragment (it holds the key).
  useEffect(() => {
    const opened = () => {
      if (window.location.hash.length > 1) window.location.reload();
    };
    window.addEventListener('hashchange', opened);
    return () => window.removeEventListener('hashchange', opened);
  }, []);
  useEffect(() => {
    let cancelled = false;
    const secret = takeSecretFromFragment(boardId) ?? rememberedBoard(boardId)?.secret;
    if (!secret) {
      setState({ status: 'no-secret' });
      return;
    }
    // A board this browser opened before with this secret opens at once, with the role it had,
    // while the server confirms it: the browser's copy loads (and the websocket opens) meanwhile
    // instead of after a round trip. The server's answer replaces the role, or refuses.
    const remembered = rememberedBoard(boardId);
    if (remembered?.role && remembered.secret === secret) {
      setState({ status: 'ready', secret, role: remembered.role, title: remembered.title ?? 'Board', offline: false });
    }
    // Asked as the page loaded (boardAccess.ts), or now; a first visit with a remembered name has joined meanwhile.
    boardAccess(boardId, secret).then(
      (access) => {
        if (!cancelled) setState({ status: 'ready', secret, role: access.role, title: access.title, offline: false });
      },
      (error: unknown) => {
        if (cancelled) return;
        const known = rememberedBoard(boardId);
        if (error instanceof ApiError && error.isNetwork) {
          if (known?.role && known.secret === secret) {
            setState({ status: 'ready', secret, role: known.role, title: known.title ?? 'Board', offline: true });
          } else setState({ status: 'refused', reason: 'unreachable' });
        } else if (error instanceof ApiError && error.status === 404) {
          setState({ status: 'refused', reason: 'not-found' });
        } else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          setState({ status: 'refused', reason: 'unauthorized', worked: !!known?.role && known.secret === secret });
        } else if (known?.role && known.secret === secret) {
          // Server trouble (5xx): work from this browser's copy rather than not at all.
          setState({ status: 'ready', secret, role: known.role, title: known.title ?? 'Board', offline: true });
        } else {
          setState({ status: 'refused', reason: 'unreachable' });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);
  return state;
}
