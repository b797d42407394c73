import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Sizes a projector panel's type to its box, through the `--fit` custom
 * property its CSS uses: as large as fits, up to `maxFit` (a few cards fill
 * the wall), down to `minFit` (many cards stay legible; past that the panel
 * clips rather than shrink below what the back row can read). Re-fits when
 * `contentKey` changes or the box resizes. Text marked `data-fit-words` must
 * also fit its width: a long word shrinks the type rather than stick out.
 */
export function useFitToBox<T extends HTMLElement>(contentKey: string, minFit = 0.35, maxFit = 1): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    let fitting = false;
    const fit = () => {
      if (fitting) return;
      fitting = true;
      let scale = maxFit;
      box.style.setProperty('--fit', scale.toFixed(3));
      const words = [...box.querySelectorAll<HTMLElement>('[data-fit-words]')];
      const overflows = () => box.scrollHeight > box.clientHeight + 1 || words.some((el) => el.scrollWidth > el.clientWidth + 1);
      for (let i = 0; i < 24 && overflows() && scale > minFit; i++) {
        scale = Math.max(minFit, scale * 0.93);
        box.style.setProperty('--fit', scale.toFixed(3));
      }
      fitting = false;
    };
    fit();
    // Only the box's own size matters; changes of --fit inside it do not resize it.
    let width = box.clientWidth;
    let height = box.clientHeight;
    const observer = new ResizeObserver(() => {
      if (box.clientWidth === width && box.clientHeight === height) return;
      width = box.clientWidth;
      height = box.clientHeight;
      fit();
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, [contentKey, minFit, maxFit]);
  return ref;
}
