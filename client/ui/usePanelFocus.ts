import { useEffect, useRef, type RefObject } from 'react';

/**
 * A side panel's focus: into the panel (its `heading`, tabIndex -1) when it
 * opens, so that Escape, which the panel handles, reaches it; and when it
 * closes with the focus in it (Escape, its Close button), back where it came
 * from, or to `opener` (the button that opens it) when it opened by itself.
 * Focus someone moved elsewhere meanwhile stays there. `key`: the panel now
 * shows something else (another card), which counts as opening it again.
 */
export function usePanelFocus(heading: RefObject<HTMLElement | null>, key?: unknown, opener?: () => HTMLElement | null): void {
  const openerRef = useRef(opener);
  useEffect(() => {
    openerRef.current = opener;
  });
  useEffect(() => {
    const active = document.activeElement;
    const previous = active instanceof HTMLElement && active !== document.body ? active : null;
    heading.current?.focus();
    return () => {
      // Closed: the panel's elements are gone, and the focus with them.
      const lost = !document.activeElement || document.activeElement === document.body;
      if (!lost) return;
      (previous?.isConnected ? previous : openerRef.current?.())?.focus();
    };
  }, [heading, key]);
}
