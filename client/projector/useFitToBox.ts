import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Shrinks a projector panel's type until its content fits its box (never
 * below about a third), through the `--fit` custom property its CSS uses.
 * Re-fits when `contentKey` changes or the box resizes.
 */
export function useFitToBox<T extends HTMLElement>(contentKey: string): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const fit = () => {
      let scale = 1;
      box.style.setProperty('--fit', '1');
      for (let i = 0; i < 12 && box.scrollHeight > box.clientHeight + 1 && scale > 0.35; i++) {
        scale *= 0.88;
        box.style.setProperty('--fit', scale.toFixed(3));
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(box);
    return () => observer.disconnect();
  }, [contentKey]);
  return ref;
}
