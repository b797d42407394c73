import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GoldenThread } from '../../shared/derive.ts';
import { COLUMN_IDS, type Card, type Link } from '../../shared/model.ts';
import { uiStore, useUi } from '../state/ui.ts';
import { linkEndpoints, linkPath, toBoardRect, visibleBoardRect, type Rect, type Size } from '../state/geometry.ts';
import { estimatedCardRects, onWindowChange } from './cardWindow.ts';
import { cardElements } from './dropSlots.ts';
import { followArea, linksAcross } from './drawnLinks.ts';
import './LinkLayer.css';

interface Layout {
  /** Where the linked cards stand (board coordinates): measured when rendered, else estimated. */
  rects: Map<string, Rect>;
  width: number;
  height: number;
}

function sameLayout(a: Layout | null, b: Layout): boolean {
  if (!a || a.width !== b.width || a.height !== b.height || a.rects.size !== b.rects.size) return false;
  for (const [id, r] of b.rects) {
    const o = a.rects.get(id);
    if (!o || Math.abs(o.x - r.x) > 0.5 || Math.abs(o.y - r.y) > 0.5 || Math.abs(o.height - r.height) > 0.5) return false;
  }
  return true;
}

/**
 * The trace links drawn as curves between the facing edges of linked cards:
 * only those whose curve can cross the part of the board on screen, with a
 * margin (drawnLinks.ts), so a board of thousands of cards draws a few dozen.
 * Where the linked cards stand is measured from the page (in board coordinates)
 * at the next frame after the board, a drag or a card's size changes: the
 * rendered ones measured, the others (not rendered by a long column) estimated;
 * cards without links are not looked at. A pan or zoom only chooses again which links to draw.
 * Decorative for assistive tech: the same links are listed in each card's details.
 */
export const LinkLayer = memo(function LinkLayer({ cards, links, thread }: { cards: readonly Card[]; links: readonly Link[]; thread: GoldenThread | null }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  /** The part of the board the links are drawn for (null: the canvas not measured yet). */
  const [area, setArea] = useState<Rect | null>(null);
  const screen = useRef<Size | null>(null);
  const drag = useUi((s) => s.drag);

  /** The drawn area for the viewport now: the same one while it still serves (no re-render), else a new one. */
  const followViewport = useCallback(() => {
    if (!screen.current || screen.current.width === 0) return;
    const visible = visibleBoardRect(uiStore.getState().viewport, screen.current);
    setArea((current) => followArea(current, visible));
  }, []);

  const measure = useCallback(() => {
    const content = svgRef.current?.parentElement;
    const canvas = content?.parentElement;
    // During a drag cards shift every frame: measure again once it is dropped.
    if (!content || !canvas || uiStore.getState().drag) return;
    // The layout is read here in any case: the screen's size with it.
    screen.current = { width: canvas.clientWidth, height: canvas.clientHeight };
    const ends = new Set<string>();
    for (const link of links) {
      ends.add(link.from);
      ends.add(link.to);
    }
    const box = content.getBoundingClientRect();
    const zoom = uiStore.getState().viewport.zoom;
    const rects = new Map<string, Rect>();
    // The rendered cards, from each column's list (not a query of the whole board's elements).
    for (const column of COLUMN_IDS) {
      for (const el of cardElements(column)) {
        const id = el.dataset.cardId!;
        if (!ends.has(id)) continue;
        const r = el.getBoundingClientRect();
        rects.set(id, toBoardRect({ x: r.left, y: r.top, width: r.width, height: r.height }, { x: box.left, y: box.top }, zoom));
      }
    }
    // Linked cards a long column does not render: where they would be.
    for (const [id, rect] of estimatedCardRects([...ends].filter((id) => !rects.has(id)))) rects.set(id, rect);
    const next = { rects, width: content.offsetWidth, height: content.offsetHeight };
    setLayout((previous) => (sameLayout(previous, next) ? previous : next));
    followViewport();
  }, [links, followViewport]);

  // Measured at the next frame, not in a layout effect: the lines are decoration,
  // and measuring thousands of cards right after a commit forces an extra layout
  // of the board (and a second render) before the board can be shown.
  // Which cards stand where: typing into a card changes none of it (a card that grows resizes its list, observed below).
  const places = useMemo(() => cards.map((c) => `${c.id} ${c.column} ${c.order}`).join('\n'), [cards]);
  useEffect(() => {
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  }, [measure, places, drag]);

  useEffect(() => {
    const content = svgRef.current?.parentElement;
    if (!content) return;
    let frame = 0;
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    const observer = new ResizeObserver(schedule);
    observer.observe(content);
    for (const list of content.querySelectorAll('.card-list')) observer.observe(list);
    content.addEventListener('transitionend', schedule);
    const stopWindows = onWindowChange(schedule);
    return () => {
      cancelAnimationFrame(frame);
      stopWindows();
      observer.disconnect();
      content.removeEventListener('transitionend', schedule);
    };
  }, [measure, places]);

  // Pans and zooms choose the links again (nothing is measured), and so does a canvas that changes size.
  useEffect(() => {
    const canvas = svgRef.current?.parentElement?.parentElement;
    if (!canvas) return;
    const unsubscribe = uiStore.subscribe((state, previous) => {
      if (state.viewport !== previous.viewport) followViewport();
    });
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      screen.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      followViewport();
    });
    observer.observe(canvas);
    return () => {
      unsubscribe();
      observer.disconnect();
    };
  }, [followViewport]);

  const drawn = useMemo(() => (layout && area ? linksAcross(links, layout.rects, area) : []), [layout, area, links]);

  return (
    <svg ref={svgRef} className="link-layer" data-dragging={drag ? true : undefined} width={layout?.width ?? 0} height={layout?.height ?? 0} aria-hidden="true">
      {layout &&
        drawn.map((link) => {
          const inThread = thread?.links.has(link.id) ?? false;
          return (
            <path
              key={link.id}
              className="link-line"
              data-in-thread={inThread || undefined}
              data-dimmed={(thread !== null && !inThread) || undefined}
              d={linkPath(linkEndpoints(layout.rects.get(link.from)!, layout.rects.get(link.to)!))}
            >
              {link.assumption && <title>{link.assumption}</title>}
            </path>
          );
        })}
    </svg>
  );
});
