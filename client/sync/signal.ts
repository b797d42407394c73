/** A minimal change signal for `useSyncExternalStore` subscriptions. */
export interface Signal {
  subscribe(listener: () => void): () => void;
  emit(): void;
}

export function createSignal(): Signal {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit() {
      for (const listener of [...listeners]) listener();
    },
  };
}

/**
 * A function that calls `fn` once typing has paused: `quietMs` after the last
 * call, however often it is called before. For what shows typed text besides
 * the field it was typed in (a button's name, an excerpt, a search): it follows
 * when the person stops typing. Re-rendering after every key instead mutates
 * the page between keys, and the frame that paints that mutation keeps the
 * compositor ticking, so the next key waits for the next 60 Hz tick instead of
 * being painted at once (C5 in docs/BENCHMARKS.md).
 */
export function afterTypingPause(fn: () => void, quietMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    fn();
  };
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, quietMs);
  };
}
