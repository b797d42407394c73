/** The app's few routes: `/` (landing) and `/b/<boardId>` (a board, secret in the fragment). */
import { useSyncExternalStore } from 'react';
import { isBoardId } from '../shared/protocol.ts';

export type Route = { page: 'landing' } | { page: 'board'; boardId: string } | { page: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'landing' };
  const match = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (match && isBoardId(match[1])) return { page: 'board', boardId: match[1]! };
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
