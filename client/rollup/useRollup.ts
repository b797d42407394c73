/**
 * The roll-up page's data: the portfolio's secret (from the link's fragment,
 * then taken out of the address bar and kept for this tab; else what this
 * browser remembers of the portfolio), and the roll-up fetched with it,
 * fetched again when the server says it may have changed (watchRollup: a
 * member board or the portfolio changed in the server's process), every
 * REFRESH_MS while the tab is visible (what another process's boards
 * changed), when the tab comes back, and on demand. The member boards' rooms
 * need their own secrets, which a portfolio reader does not have: the server
 * watches them for the page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { localDay } from '../../shared/dates.ts';
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { ApiError } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import { fetchRollup, watchRollup } from '../api/rollup.ts';

/** How often the page asks for the roll-up again. */
export const REFRESH_MS = 30_000;

export type RollupState =
  | { status: 'loading' }
  | { status: 'refused'; reason: 'no-secret' | 'unauthorized' | 'not-found' | 'unreachable'; message?: string }
  | { status: 'ready'; rollup: Rollup; secret: string; updatedAt: Date; refreshing: boolean; error?: string; live: boolean };

const tabKey = (portfolioId: string) => `vcp.rollup.${portfolioId}`;

function portfolioSecret(portfolioId: string): string | undefined {
  const fromLink = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (fromLink) {
    try {
      sessionStorage.setItem(tabKey(portfolioId), fromLink);
    } catch {
      // Without session storage a reload needs the link again.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    return fromLink;
  }
  try {
    const kept = sessionStorage.getItem(tabKey(portfolioId));
    if (kept) return kept;
  } catch {
    // Fall through to what this browser remembers.
  }
  return rememberedBoard(portfolioId)?.secret;
}

/** The roll-up of `portfolioId`, and a function that fetches it again now. */
export function useRollup(portfolioId: string): { state: RollupState; refresh: () => void } {
  const [state, setState] = useState<RollupState>({ status: 'loading' });
  const secret = useRef<string | undefined>(undefined);
  const inFlight = useRef(false);
  /** A change notice came while a fetch was under way: fetch again after it. */
  const again = useRef(false);
  const live = useRef(false);

  const load = useCallback(async () => {
    const key = secret.current;
    if (!key) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    again.current = false;
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : s));
    try {
      const rollup = await fetchRollup(portfolioId, key, localDay());
      setState({ status: 'ready', rollup, secret: key, updatedAt: new Date(), refreshing: false, live: live.current });
    } catch (error) {
      const api = error instanceof ApiError ? error : undefined;
      setState((s) => {
        // A roll-up already on screen stays, with what went wrong beside it.
        if (s.status === 'ready') return { ...s, refreshing: false, error: api?.message ?? 'The roll-up could not be refreshed.' };
        const reason = api?.status === 404 ? 'not-found' : api?.status === 401 || api?.status === 403 ? 'unauthorized' : 'unreachable';
        return { status: 'refused', reason, ...(api ? { message: api.message } : {}) };
      });
    } finally {
      inFlight.current = false;
    }
    if (again.current) void load();
  }, [portfolioId]);

  useEffect(() => {
    secret.current = portfolioSecret(portfolioId);
    if (!secret.current) {
      // The page has nothing to ask with: say so at once (an external fact, read once).
      setState({ status: 'refused', reason: 'no-secret' });
      return;
    }
    void load();
    const watching = new AbortController();
    const onLive = (on: boolean) => {
      live.current = on;
      setState((s) => (s.status === 'ready' && s.live !== on ? { ...s, live: on } : s));
    };
    watchRollup(portfolioId, secret.current, () => void load(), onLive, watching.signal);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      watching.abort();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [portfolioId, load]);

  return { state, refresh: () => void load() };
}
