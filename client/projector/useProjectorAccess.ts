/**
 * Which secret the projector uses: the one in the link's fragment (then taken
 * out of the address bar, and kept for this tab only so a reload works), else
 * what this browser already knows about the board, preferring the projector
 * secret (read only, and it shows the join code), then the viewer's. It never
 * changes what the browser remembers for the board itself, so opening the
 * projector beside the console leaves the console alone.
 */
import { useEffect, useState } from 'react';
import type { Role } from '../../shared/protocol.ts';
import { ApiError, fetchBoardAccess } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';

export type ProjectorAccess =
  | { status: 'checking' }
  | { status: 'ready'; secret: string; title: string; role: Role; projector: boolean }
  | { status: 'refused'; reason: 'no-secret' | 'unauthorized' | 'not-found' | 'unreachable' };

const tabKey = (boardId: string) => `vcp.present.${boardId}`;

function projectorSecret(boardId: string): string | undefined {
  const fromLink = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (fromLink) {
    try {
      sessionStorage.setItem(tabKey(boardId), fromLink);
    } catch {
      // Without session storage a reload needs the link again.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    return fromLink;
  }
  let kept: string | null;
  try {
    kept = sessionStorage.getItem(tabKey(boardId));
  } catch {
    kept = null;
  }
  const known = rememberedBoard(boardId);
  return kept ?? known?.secrets?.projector ?? known?.secrets?.viewer ?? known?.secret;
}

export function useProjectorAccess(boardId: string): ProjectorAccess {
  const [state, setState] = useState<ProjectorAccess>({ status: 'checking' });
  // The new projector link pasted into this tab after the facilitator reset the old one differs only in
  // its fragment, which the browser does not load: load it (as the board does, useBoardAccess.ts).
  useEffect(() => {
    const opened = () => {
      if (window.location.hash.length > 1) window.location.reload();
    };
    window.addEventListener('hashchange', opened);
    return () => window.removeEventListener('hashchange', opened);
  }, []);
  useEffect(() => {
    let cancelled = false;
    const secret = projectorSecret(boardId);
    if (!secret) {
      setState({ status: 'refused', reason: 'no-secret' });
      return;
    }
    fetchBoardAccess(boardId, secret).then(
      (access) => !cancelled && setState({ status: 'ready', secret, title: access.title, role: access.role, projector: access.projector === true }),
      (error: unknown) => {
        if (cancelled) return;
        const reason = error instanceof ApiError && error.status === 404 ? 'not-found' : error instanceof ApiError && (error.status === 401 || error.status === 403) ? 'unauthorized' : 'unreachable';
        setState({ status: 'refused', reason });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);
  return state;
}
