import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { fitToScreen, screenToBoard, zoomAt, type Viewport } from '../state/geometry.ts';
import { panIntoView, registerBoardSurface } from './surface.ts';
import { openingViewport } from './columnFocus.ts';
import { ZoomControls } from './ZoomControls.tsx';
import './BoardCanvas.css';

const INTERACTIVE = 'button, textarea, input, select, a, [data-card-id], [role="dialog"]';
const PAN_STEP = 80;

/** Turns a native scroll of the canvas (which is only ever panned) into the same pan of its viewport. */
function absorbScroll(canvas: HTMLElement): void {
  if (canvas.scrollLeft === 0 && canvas.scrollTop === 0) return;
  const current = uiStore.getState().viewport;
  ui.setViewport({ ...current, x: current.x - canvas.scrollLeft, y: current.y - canvas.scrollTop });
  canvas.scrollLeft = 0;
  canvas.scrollTop = 0;
}

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

  const fit = useCallback(() => {
    const canvas = canvasRef.current;
    const content = contentRef.current;
    if (!canvas || !content) return;
    const screen = { width: canvas.clientWidth, height: canvas.clientHeight };
    ui.setViewport(fitToScreen({ x: 0, y: 0, width: content.offsetWidth, height: content.offsetHeight }, screen, 20, 1));
  }, []);

  // Opens readable (not fitted to the width: that made card text about 9 px on
  // a laptop); the board page then pans to the phase's column (ActiveColumnInView).
  useLayoutEffect(() => {
    registerBoardSurface(contentRef.current, false);
    ui.setViewport(openingViewport());
    return () => registerBoardSurface(null, false);
  }, []);

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

  // The canvas is moved by its viewport, never scrolled: the browser scrolls it
  // anyway to show a focused element (or one a test scrolls to). Turn that
  // scroll into a pan, so board and screen coordinates stay in step.
  const onScroll = (event: React.UIEvent<HTMLDivElement>) => absorbScroll(event.currentTarget);

  // Keyboard focus moving to a control out of sight (Tab, a new card's text) pans it into view.
  const onFocus = (event: React.FocusEvent<HTMLDivElement>) => {
    const canvas = canvasRef.current;
    if (!canvas || event.target === canvas) return;
    absorbScroll(canvas);
    panIntoView(event.target);
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
        onScroll={onScroll}
        onFocus={onFocus}
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
        onFit={fit}
      />
    </div>
  );
}
