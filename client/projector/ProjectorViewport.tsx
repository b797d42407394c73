import { useEffect } from 'react';
import { useBoard } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { fitToScreen } from '../state/geometry.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { canvasSize, fromSharedViewport } from '../derive/viewport.ts';

/** The projector's canvas: the facilitator's view while follow-me is on, else the whole board fitted. */
export function ProjectorViewport() {
  const f = useFacilitation();
  const { cards, links } = useBoard();
  const shared = f?.follow.on ? f.follow.viewport : undefined;

  useEffect(() => {
    const place = () => {
      const size = canvasSize();
      const content = document.querySelector<HTMLElement>('.projector .canvas-content');
      if (!size) return;
      if (shared) ui.setViewport(fromSharedViewport(shared, size));
      else if (content) ui.setViewport(fitToScreen({ x: 0, y: 0, width: content.offsetWidth, height: content.offsetHeight }, size, 24, 1.6));
    };
    // After the board has laid itself out (and after its own first fit).
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(place)));
    window.addEventListener('resize', place);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', place);
    };
  }, [shared, cards, links]);
  return null;
}
