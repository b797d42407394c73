import { useSyncExternalStore } from 'react';

/** Phones and narrow windows: the columns stack and scroll instead of a pan-and-zoom canvas. */
const QUERY = '(max-width: 760px)';

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}

export function useCompactLayout(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
