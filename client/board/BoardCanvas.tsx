import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { fitToScreen, screenToBoard, zoomAt, type Viewport } from './geometry.ts';
import { registerBoardSurface } from './surface.ts';
import { ZoomControls } from './ZoomControls.tsx';

const INTERACTIVE = 'button, textarea, input, select, a, [data-card-id], [role="dialog"]';
const PAN_STEP = 80;

/**
 * The pan-and-zoom canvas. Drag the background or scroll to pan, Ctrl/⌘ +
 * scroll to zoom, or use the zoom controls; arrow keys pan when it has focus.
 * Everything inside is laid out in board coordinates.
 */
export function BoardCanvas({ children, overlay }: { children: ReactNode; overlay: ReactNode }) {
  const session = useSession();
  const viewport = useUi((s) => s.viewport);
  const canvasRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);

  const fit = useCallback((widthOnly: boolean) => {
    const canvas = canvasRef.current;
    const content = contentRef.current;
    if (!canvas || !content) return;
    const screen = { width: canvas.clientWidth, height: widthOnly ? Number.MAX_SAFE_INTEGER / 4 : canvas.clientHeight };
    const next = fitToScreen({ x: 0, y: 0, width: content.offsetWidth, height: content.offsetHeight }, screen, 20, 1);
    ui.setViewport(widthOnly ? { ...next, y: 12 } : next);
  }, []);

  useLayoutEffect(() => {
    registerBoardSurface(contentRef.current, false);
    fit(true);
    return () => registerBoardSurface(null, false);
  }, [fit]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const current = uiStore.getState().viewport;
      const box = canvas.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey) {
        const factor = Math.exp(-event.deltaY * 0.0025);
        ui.setViewport(zoomAt(current, current.zoom * factor, { x: event.clientX - box.left, y: event.clientY - box.top }));
      } else {
        ui.setViewport({ ...current, x: current.x - event.deltaX, y: current.y - event.deltaY });
      }
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  const pan = useRef<{ pointerId: number; x: number; y: number; start: Viewport } | null>(null);

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || (event.target as Element).closest(INTERACTIVE)) return;
    ui.select(null);
    pan.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, start: uiStore.getState().viewport };
    event.currentTarget.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: React.PointerEvent<HTMLDivElement>) => {
    const drag = pan.current;
    if (drag && drag.pointerId === event.pointerId) {
      ui.setViewport({ ...drag.start, x: drag.start.x + event.clientX - drag.x, y: drag.start.y + event.clientY - drag.y });
    }
    const box = event.currentTarget.getBoundingClientRect();
    const point = screenToBoard({ x: event.clientX - box.left, y: event.clientY - box.top }, uiStore.getState().viewport);
    session.presence.setCursor({ x: Math.round(point.x), y: Math.round(point.y) });
  };

  const endPan = (event: React.PointerEvent<HTMLDivElement>) => {
    if (pan.current?.pointerId === event.pointerId) pan.current = null;
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const current = uiStore.getState().viewport;
    const moves: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    const move = moves[event.key];
    if (move) {
      ui.setViewport({ ...current, x: current.x + move[0], y: current.y + move[1] });
      event.preventDefault();
    }
  };

  return (
    <div className="canvas-frame">
      <div
        ref={canvasRef}
        className="canvas"
        role="region"
        aria-label="Board canvas: arrow keys pan, use the zoom controls to zoom"
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endPan}
        onPointerCancel={endPan}
        onPointerLeave={() => session.presence.setCursor(null)}
        onKeyDown={onKeyDown}
      >
        <div
          ref={contentRef}
          className="canvas-content"
          style={{ transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.zoom})` }}
        >
          {children}
          {overlay}
        </div>
      </div>
      <ZoomControls
        zoom={viewport.zoom}
        onZoom={(zoom) => {
          const canvas = canvasRef.current;
          const centre = canvas ? { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } : { x: 0, y: 0 };
          ui.setViewport(zoomAt(uiStore.getState().viewport, zoom, centre));
        }}
        onFit={() => fit(false)}
      />
    </div>
  );
}
