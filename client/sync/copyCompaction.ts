/**
 * When the browser's copy of a board is compacted. y-indexeddb writes every
 * change to IndexedDB as it happens and, once 500 are stored, merges them into
 * one: it reads the copy back, applies it and encodes the whole document, ~100
 * ms on the main thread for a 2,000-card board, one second after the last
 * change — in any pause of typing (or when others' changes arrive), so the next
 * key waits for it. Here the merge waits until the person has not typed,
 * clicked or scrolled for a few seconds and the browser is idle, or the page is
 * hidden. Every change is still written as it happens: what is typed offline
 * survives a reload whether or not the merge ran.
 */
import { PREFERRED_TRIM_SIZE, storeState, type IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/** How long the person has done nothing before the merge may run. */
export const QUIET_MS = 3000;
/** Past this many stored changes the merge no longer waits for a pause (the copy must not grow without end). */
const MUST_COMPACT = 5000;
/** setTimeout's largest delay: y-indexeddb's own merge timer is re-armed with it, so it never fires. */
const NEVER = 2 ** 31 - 1;

const whenIdle: (run: () => void) => void =
  typeof requestIdleCallback === 'function' ? (run) => requestIdleCallback(run, { timeout: 10_000 }) : (run) => setTimeout(run, 0);

/** Takes over the merging of `persistence`'s stored changes; returns the function that stops it. */
export function compactWhenQuiet(doc: Y.Doc, persistence: IndexeddbPersistence): () => void {
  persistence._storeTimeout = NEVER;
  let lastInput = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingForIdle = false;
  let running = false;
  let stopped = false;

  const due = () => persistence._dbsize >= PREFERRED_TRIM_SIZE;
  const quiet = () => performance.now() - lastInput >= QUIET_MS || persistence._dbsize >= MUST_COMPACT;
  const compact = () => {
    if (stopped || running || persistence._destroyed || !persistence.db || !due()) return;
    running = true;
    void storeState(persistence, false).finally(() => {
      running = false;
    });
  };
  const check = () => {
    timer = undefined;
    if (stopped || !due()) return;
    if (!quiet()) {
      timer = setTimeout(check, Math.max(50, QUIET_MS - (performance.now() - lastInput)));
      return;
    }
    waitingForIdle = true;
    whenIdle(() => {
      waitingForIdle = false;
      if (quiet()) compact();
      else schedule();
    });
  };
  const schedule = () => {
    if (timer === undefined && !waitingForIdle && !stopped) timer = setTimeout(check, QUIET_MS);
  };

  // After every transaction (not on `update`: an update listener would have every
  // transaction encoded, the copy's load too; quietLoad.ts).
  const afterTransaction = () => {
    if (persistence._dbsize + 1 >= PREFERRED_TRIM_SIZE) schedule();
  };
  const onInput = () => {
    lastInput = performance.now();
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') compact();
  };
  doc.on('afterTransaction', afterTransaction);
  // A copy loaded with many changes stored (the last visit did not merge them).
  void persistence.whenSynced.then(() => {
    if (due()) schedule();
  });
  for (const type of ['keydown', 'pointerdown', 'wheel'] as const) window.addEventListener(type, onInput, { capture: true, passive: true });
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    stopped = true;
    clearTimeout(timer);
    doc.off('afterTransaction', afterTransaction);
    for (const type of ['keydown', 'pointerdown', 'wheel'] as const) window.removeEventListener(type, onInput, { capture: true });
    document.removeEventListener('visibilitychange', onHidden);
  };
}
