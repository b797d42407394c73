import { useEffect, useRef } from 'react';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { useFacilitation, useRequiredControl } from '../sync/controlHooks.ts';
import { canvasSize, fromSharedViewport, sameViewport, toSharedViewport } from '../derive/viewport.ts';
import type { Viewport } from '../state/geometry.ts';

const SEND_EVERY_MS = 120;

/**
 * Follow-me without a component of its own on screen: the facilitator's view
 * is shared while follow-me is on; everyone else's canvas follows it until
 * they pan or zoom themselves (or press "Stop following"). "Bring everyone
 * here" moves everyone once.
 */
export function FollowController() {
  const control = useRequiredControl();
  const facilitation = useFacilitation();
  const following = useUi((s) => s.following);
  const view = useUi((s) => s.view);
  const followOn = facilitation?.follow.on ?? false;
  const shared = facilitation?.follow.viewport;
  const summon = facilitation?.summon ?? 0;
  const applied = useRef<Viewport | null>(null);
  const seenSummon = useRef<number | null>(null);

  // Facilitator: share the view while follow-me is on (throttled, last one always sent).
  useEffect(() => {
    if (!control.isFacilitator || !followOn) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSent = 0;
    const send = () => {
      timer = null;
      lastSent = Date.now();
      const size = canvasSize();
      if (size) control.setFollow(true, toSharedViewport(uiStore.getState().viewport, size));
    };
    const schedule = () => {
      if (timer) return;
      timer = setTimeout(send, Math.max(0, SEND_EVERY_MS - (Date.now() - lastSent)));
    };
    const unsubscribe = uiStore.subscribe((state, previous) => {
      if (state.viewport !== previous.viewport) schedule();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [control, followOn]);

  // Everyone else: a new follow-me starts everyone following.
  useEffect(() => {
    if (!control.isFacilitator && followOn) ui.setFollowing(true);
  }, [control, followOn]);

  // Apply the facilitator's view, now and when this screen resizes.
  useEffect(() => {
    if (control.isFacilitator || !followOn || !following || !shared || view !== 'board') return;
    const apply = () => {
      const size = canvasSize();
      if (!size) return;
      const next = fromSharedViewport(shared, size);
      applied.current = next;
      ui.setViewport(next);
    };
    const frame = requestAnimationFrame(apply);
    window.addEventListener('resize', apply);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', apply);
    };
  }, [control, followOn, following, shared, view]);

  // Panning or zooming yourself stops following.
  useEffect(() => {
    if (control.isFacilitator || !followOn || !following) return;
    let lastInput = 0;
    const onInput = (event: Event) => {
      if (event.target instanceof Element && event.target.closest('.canvas-frame')) lastInput = Date.now();
    };
    const inputs = ['wheel', 'pointerdown', 'keydown'] as const;
    for (const type of inputs) window.addEventListener(type, onInput, { capture: true, passive: true });
    const unsubscribe = uiStore.subscribe((state, previous) => {
      if (state.viewport === previous.viewport || state.drag || Date.now() - lastInput > 1500) return;
      if (!applied.current || !sameViewport(state.viewport, applied.current)) ui.setFollowing(false);
    });
    return () => {
      unsubscribe();
      for (const type of inputs) window.removeEventListener(type, onInput, { capture: true });
    };
  }, [control, followOn, following]);

  // "Bring everyone here": a jump for each new summons seen after this page synced.
  useEffect(() => {
    const start = () => {
      if (seenSummon.current === null && control.connection.getState().synced) seenSummon.current = control.getFacilitation().summon;
    };
    start();
    return control.connection.changed.subscribe(start);
  }, [control]);
  useEffect(() => {
    if (control.isFacilitator || seenSummon.current === null || summon <= seenSummon.current) return;
    seenSummon.current = summon;
    const target = control.getSummonViewport();
    const size = canvasSize();
    if (!target) return;
    if (view !== 'board') ui.setView('board');
    requestAnimationFrame(() => {
      const s = size ?? canvasSize();
      if (!s) return;
      const next = fromSharedViewport(target, s);
      applied.current = next;
      ui.setViewport(next);
      ui.notify('The facilitator brought everyone to this part of the board');
    });
  }, [control, summon, view]);

  return null;
}
