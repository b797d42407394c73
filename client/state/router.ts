/**
 * The app's few routes: `/` (landing), `/b/<boardId>` (a board, secret in the
 * fragment), its review page `/b/<boardId>/review`, its projector
 * `/b/<boardId>/present`, a portfolio's roll-up `/b/<portfolioId>/rollup`, and `/present`
 * (type a projector code on a room PC).
 */
import { useSyncExternalStore } from 'react';
import { isBoardId } from '../../shared/protocol.ts';

/** The review page's sections: `/b/<boardId>/review`, `/review/activity`, `/review/history` (over the open board, so its session stays). */
export type ReviewSection = 'summary' | 'activity' | 'history';

export type Route = { page: 'landing' } | { page: 'board'; boardId: string; review?: ReviewSection } | { page: 'present'; boardId: string } | { page: 'rollup'; boardId: string } | { page: 'present-code' } | { page: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'landing' };
  if (pathname === '/present' || pathname === '/present/') return { page: 'present-code' };
  const match = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (match && isBoardId(match[1])) return { page: 'board', boardId: match[1]! };
  const present = /^\/b\/([^/]+)\/present\/?$/.exec(pathname);
  if (present && isBoardId(present[1])) return { page: 'present', boardId: present[1]! };
  const rollup = /^\/b\/([^/]+)\/rollup\/?$/.exec(pathname);
  if (rollup && isBoardId(rollup[1])) return { page: 'rollup', boardId: rollup[1]! };
  const review = /^\/b\/([^/]+)\/review(?:\/(activity|history))?\/?$/.exec(pathname);
  if (review && isBoardId(review[1])) return { page: 'board', boardId: review[1]!, review: (review[2] as ReviewSection | undefined) ?? 'summary' };
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Goes to `url` (path and fragment) without reloading the page. */
export function navigate(url: string, state: unknown = null): void {
  window.history.pushState(state, '', url);
  for (const listener of [...listeners]) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
