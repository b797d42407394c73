import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GoldenThread } from '../../shared/derive.ts';
import type { Card, Link } from '../../shared/model.ts';
import { uiStore, useUi } from '../state/ui.ts';
import { linkEndpoints, linkPath, toBoardRect, type Rect } from '../state/geometry.ts';
import { estimatedCardRects, onWindowChange } from './cardWindow.ts';
import './LinkLayer.css';

interface Layout {
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
 * The trace links drawn as curves between the facing edges of linked cards.
 * Card positions are measured from the page (in board coordinates) at the
 * next frame after the board, a drag or a card's size changes. Decorative for assistive tech:
 * the same links are listed in each card's details.
 */
export const LinkLayer = memo(function LinkLayer({ cards, links, thread }: { cards: readonly Card[]; links: readonly Link[]; thread: GoldenThread | null }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  const drag = useUi((s) => s.drag);

  const measure = useCallback(() => {
    const content = svgRef.current?.parentElement;
    // During a drag cards shift every frame: measure again once it is dropped.
    if (!content || uiStore.getState().drag) return;
    const box = content.getBoundingClientRect();
    const zoom = uiStore.getState().viewport.zoom;
    const rects = new Map<string, Rect>();
    for (const el of content.querySelectorAll<HTMLElement>('.card-list > [data-card-id]')) {
      const r = el.getBoundingClientRect();
      rects.set(el.dataset.cardId!, toBoardRect({ x: r.left, y: r.top, width: r.width, height: r.height }, { x: box.left, y: box.top }, zoom));
    }
    // Cards a long column does not render: where they would be.
    for (const [id, rect] of estimatedCardRects()) if (!rects.has(id)) rects.set(id, rect);
    const next = { rects, width: content.offsetWidth, height: content.offsetHeight };
    setLayout((previous) => (sameLayout(previous, next) ? previous : next));
  }, []);

  // Measured at the next frame, not in a layout effect: the lines are decoration,
  // and measuring thousands of cards right after a commit forces an extra layout
  // of the board (and a second render) before the board can be shown.
  // Which cards stand where: typing into a card changes none of it (a card that grows resizes its list, observed below).
  const places = useMemo(() => cards.map((c) => `${c.id} ${c.column} ${c.order}`).join('\n'), [cards]);
  useEffect(() => {
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  }, [measure, places, links, drag]);

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

  return (
    <svg ref={svgRef} className="link-layer" data-dragging={drag ? true : undefined} width={layout?.width ?? 0} height={layout?.height ?? 0} aria-hidden="true">
      {layout &&
        links.map((link) => {
          const from = layout.rects.get(link.from);
          const to = layout.rects.get(link.to);
          if (!from || !to) return null;
          const inThread = thread?.links.has(link.id) ?? false;
          return (
            <path
              key={link.id}
              className="link-line"
              data-in-thread={inThread || undefined}
              data-dimmed={(thread !== null && !inThread) || undefined}
              d={linkPath(linkEndpoints(from, to))}
            >
              {link.assumption && <title>{link.assumption}</title>}
            </path>
          );
        })}
    </svg>
  );
});
