/**
 * The roll-up page's data: the portfolio's secret (from the link's fragment,
 * then taken out of the address bar and kept for this tab; else what this
 * browser remembers of the portfolio), and the roll-up fetched with it,
 * refreshed every REFRESH_MS while the tab is visible, when the tab comes
 * back, and on demand. The member boards' rooms need their own secrets,
 * which a portfolio reader does not have: polling the server's roll-up is
 * what keeps this page current.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { localDay } from '../../shared/dates.ts';
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { ApiError } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import { fetchRollup } from '../api/rollup.ts';

/** How often the page asks for the roll-up again. */
export const REFRESH_MS = 30_000;

export type RollupState =
  | { status: 'loading' }
  | { status: 'refused'; reason: 'no-secret' | 'unauthorized' | 'not-found' | 'unreachable'; message?: string }
  | { status: 'ready'; rollup: Rollup; secret: string; updatedAt: Date; refreshing: boolean; error?: string };

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

  const load = useCallback(async () => {
    const key = secret.current;
    if (!key || inFlight.current) return;
    inFlight.current = true;
    setState((s) => (s.status === 'ready' ? { ...s, refreshing: true } : s));
    try {
      const rollup = await fetchRollup(portfolioId, key, localDay());
      setState({ status: 'ready', rollup, secret: key, updatedAt: new Date(), refreshing: false });
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
  }, [portfolioId]);

  useEffect(() => {
    secret.current = portfolioSecret(portfolioId);
    if (!secret.current) {
      // The page has nothing to ask with: say so at once (an external fact, read once).
      setState({ status: 'refused', reason: 'no-secret' });
      return;
    }
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [portfolioId, load]);

  return { state, refresh: () => void load() };
}
