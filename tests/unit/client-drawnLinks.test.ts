import { describe, expect, it } from 'vitest';
import { areaServes, drawnArea, followArea, linksAcross } from '../../client/board/drawnLinks.ts';
import { holdsRect, linkBounds, linkEndpoints, rectsMeet, visibleBoardRect, type Point, type Rect } from '../../client/state/geometry.ts';
import type { Link } from '../../shared/model.ts';
import { rng } from '../bench/boardBuilder.ts';

/** A point of the cubic Bézier curve linkPath draws for `from` → `to`, at t in [0, 1] (the oracle for its bounds). */
function curvePoint(from: Rect, to: Rect, t: number): Point {
  const { start, end } = linkEndpoints(from, to);
  const bend = Math.max(24, Math.abs(end.x - start.x) / 2) * Math.sign(end.x - start.x || 1);
  const p = [start, { x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }, end];
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return { x: w.reduce((s, k, i) => s + k * p[i]!.x, 0), y: w.reduce((s, k, i) => s + k * p[i]!.y, 0) };
}

const card = (column: number, y: number): Rect => ({ x: column * 300, y, width: 260, height: 90 });
const link = (id: string, from: string, to: string): Link => ({ id, from, to, assumption: '' });

describe('the box of a link’s curve', () => {
  it('holds every point of the curve, for cards anywhere', () => {
    const rand = rng(7);
    for (let n = 0; n < 200; n++) {
      const from = { x: rand() * 2000, y: rand() * 5000, width: 50 + rand() * 300, height: 40 + rand() * 200 };
      const to = { x: rand() * 2000, y: rand() * 5000, width: 50 + rand() * 300, height: 40 + rand() * 200 };
      const box = linkBounds(linkEndpoints(from, to));
      for (let t = 0; t <= 1; t += 1 / 32) {
        const p = curvePoint(from, to, t);
        expect(holdsRect({ x: box.x - 1e-6, y: box.y - 1e-6, width: box.width + 2e-6, height: box.height + 2e-6 }, { ...p, width: 0, height: 0 })).toBe(true);
      }
    }
  });

  it('is no wider than the gap between two cards of neighbouring columns', () => {
    const box = linkBounds(linkEndpoints(card(0, 0), card(1, 9_000)));
    expect(box).toEqual({ x: 260, y: 45, width: 40, height: 9_000 });
  });
});

describe('which links the canvas draws', () => {
  const places = new Map<string, Rect>([
    ['top-a', card(0, 0)],
    ['top-b', card(1, 100)],
    ['far-a', card(0, 20_000)],
    ['far-b', card(1, 20_100)],
    ['right-c', card(2, 200)],
    ['right-d', card(3, 200)],
  ]);
  const links = [
    link('near', 'top-a', 'top-b'),
    link('far', 'far-a', 'far-b'),
    link('out', 'top-a', 'far-b'),
    link('across', 'far-a', 'top-b'),
    link('right', 'right-c', 'right-d'),
    link('unplaced', 'top-a', 'nowhere'),
  ];

  it('draws the links whose curve can cross the area: near ones, and those leaving it; not far ones or unplaced ones', () => {
    const area = { x: 0, y: 0, width: 600, height: 800 };
    expect(linksAcross(links, places, area).map((l) => l.id)).toEqual(['near', 'out', 'across']);
  });

  it('draws the far ones once the area is where they are', () => {
    expect(linksAcross(links, places, { x: 0, y: 19_500, width: 600, height: 800 }).map((l) => l.id)).toEqual(['far', 'out', 'across']);
    // Halfway: neither end is near, the curves crossing from top to bottom are drawn.
    expect(linksAcross(links, places, { x: 0, y: 10_000, width: 600, height: 800 }).map((l) => l.id)).toEqual(['out', 'across']);
    // Off to the right: the columns there.
    expect(linksAcross(links, places, { x: 700, y: 0, width: 300, height: 800 }).map((l) => l.id)).toEqual(['right']);
  });
});

describe('the drawn area', () => {
  const screen = { width: 1200, height: 800 };

  it('is what the screen shows, with half a screen beyond each edge', () => {
    const visible = visibleBoardRect({ x: -600, y: -400, zoom: 2 }, screen);
    expect(visible).toEqual({ x: 300, y: 200, width: 600, height: 400 });
    expect(drawnArea(visible)).toEqual({ x: 0, y: 0, width: 1_200, height: 800 });
  });

  it('stays the same object through small pans, so the layer does not render again', () => {
    const area = drawnArea(visibleBoardRect({ x: 0, y: 0, zoom: 1 }, screen));
    expect(followArea(area, visibleBoardRect({ x: -40, y: -120, zoom: 1 }, screen))).toBe(area);
    expect(followArea(area, visibleBoardRect({ x: 0, y: -500, zoom: 1 }, screen))).not.toBe(area);
  });

  it('always holds the screen when it pans up to a quarter of a screen at a time: no link pops in', () => {
    const rand = rng(3);
    let viewport = { x: 0, y: 0, zoom: 1 };
    let area = followArea(null, visibleBoardRect(viewport, screen));
    let moved = 0;
    for (let step = 0; step < 500; step++) {
      viewport = { ...viewport, x: viewport.x + (rand() - 0.5) * 0.5 * screen.width, y: viewport.y - rand() * 0.25 * screen.height };
      const visible = visibleBoardRect(viewport, screen);
      // Before it is worked out again (at the next frame), the area drawn for the last view holds the new one.
      expect(holdsRect(area, visible)).toBe(true);
      const next = followArea(area, visible);
      if (next !== area) moved++;
      area = next;
    }
    // And it is worked out again now and then, not at every step.
    expect(moved).toBeGreaterThan(10);
    expect(moved).toBeLessThan(400);
  });

  it('is worked out again when zooming out shows more than it holds, or zooming in leaves it far too large', () => {
    const area = drawnArea(visibleBoardRect({ x: 0, y: 0, zoom: 1 }, screen));
    const out = visibleBoardRect({ x: 300, y: 200, zoom: 0.5 }, screen);
    expect(areaServes(area, out)).toBe(false);
    expect(holdsRect(followArea(area, out), out)).toBe(true);
    const inside = visibleBoardRect({ x: -300, y: -200, zoom: 4 }, screen);
    expect(holdsRect(area, inside)).toBe(true);
    expect(areaServes(area, inside)).toBe(false);
    expect(followArea(area, inside).width).toBe(600);
  });

  it('meets a rectangle it touches or overlaps, not one beside it', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(rectsMeet(a, { x: 10, y: 10, width: 5, height: 5 })).toBe(true);
    expect(rectsMeet(a, { x: 3, y: -20, width: 2, height: 50 })).toBe(true);
    expect(rectsMeet(a, { x: 10.5, y: 0, width: 5, height: 5 })).toBe(false);
  });
});
