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
 * A function that calls `fn` once after the next frame is painted, however often
 * it is called before: work the coming frame does not need (a timer queued from
 * an animation frame runs after that frame). A hidden page paints no frames:
 * then `fn` runs after 100 ms.
 */
export function afterNextPaint(fn: () => void): () => void {
  let pending = false;
  const run = () => {
    if (!pending) return;
    pending = false;
    fn();
  };
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => setTimeout(run, 0));
    setTimeout(run, 100);
  };
}
