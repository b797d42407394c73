import { useEffect, useRef } from 'react';
import { useFacilitation } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { selectionEpoch } from '../derive/board.ts';

/**
 * What a selection outlives: it is this person's passing look at one golden
 * thread, so a new phase or a spotlight (the room looks elsewhere now) ends it,
 * and Escape lets go of it anywhere on the board page. Without these the board
 * stayed dimmed around a card selected phases ago.
 */
export function useSelectionRules(): void {
  const facilitation = useFacilitation();
  const key = selectionEpoch(facilitation);
  const last = useRef(key);
  useEffect(() => {
    if (last.current === key) return;
    last.current = key;
    ui.select(null);
  }, [key]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') ui.select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
