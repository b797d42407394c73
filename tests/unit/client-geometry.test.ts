import { describe, expect, it } from 'vitest';
import {
  clampZoom, displayColumns, fitToScreen, linkEndpoints, linkPath, MAX_ZOOM, MIN_ZOOM, screenToBoard, toBoardRect, zoomAt,
  type Point, type Viewport,
} from '../../client/state/geometry.ts';

/** Where a board point shows on screen: the inverse of screenToBoard, the oracle of these tests. */
const boardToScreen = (point: Point, viewport: Viewport): Point => ({ x: point.x * viewport.zoom + viewport.x, y: point.y * viewport.zoom + viewport.y });

describe('board ↔ screen coordinates', () => {
  const viewport = { x: 100, y: -40, zoom: 0.5 };

  it('round-trips a point', () => {
    const board = { x: 300, y: 220 };
    expect(screenToBoard(boardToScreen(board, viewport), viewport)).toEqual(board);
  });

  it('applies pan then zoom', () => {
    expect(boardToScreen({ x: 10, y: 10 }, viewport)).toEqual({ x: 105, y: -35 });
    expect(screenToBoard({ x: 100, y: -40 }, viewport)).toEqual({ x: 0, y: 0 });
  });

  it('converts a measured screen rectangle into board coordinates', () => {
    expect(toBoardRect({ x: 150, y: 60, width: 100, height: 50 }, { x: 100, y: 10 }, 0.5)).toEqual({ x: 100, y: 100, width: 200, height: 100 });
  });
});

describe('zoom', () => {
  it('keeps the board point under the anchor fixed', () => {
    const before = { x: 20, y: 30, zoom: 1 };
    const anchor = { x: 400, y: 300 };
    const fixed = screenToBoard(anchor, before);
    const after = zoomAt(before, 1.6, anchor);
    expect(after.zoom).toBe(1.6);
    const moved = boardToScreen(fixed, after);
    expect(moved.x).toBeCloseTo(anchor.x);
    expect(moved.y).toBeCloseTo(anchor.y);
  });

  it('clamps to the allowed range', () => {
    expect(clampZoom(10)).toBe(MAX_ZOOM);
    expect(clampZoom(0.01)).toBe(MIN_ZOOM);
    expect(zoomAt({ x: 0, y: 0, zoom: 1 }, 100, { x: 0, y: 0 }).zoom).toBe(MAX_ZOOM);
  });
});

describe('fitToScreen', () => {
  it('scales a wide board down to the screen width and centres it', () => {
    const fit = fitToScreen({ x: 0, y: 0, width: 2000, height: 500 }, { width: 1040, height: 800 }, 20);
    expect(fit.zoom).toBeCloseTo(0.5);
    expect(fit.x).toBeCloseTo(20);
    const right = boardToScreen({ x: 2000, y: 0 }, fit);
    expect(right.x).toBeCloseTo(1020);
  });

  it('never zooms in beyond the maximum asked for', () => {
    const fit = fitToScreen({ x: 0, y: 0, width: 100, height: 100 }, { width: 1000, height: 1000 }, 0, 1);
    expect(fit.zoom).toBe(1);
    expect(fit.x).toBe(450);
  });

  it('fits the height when the board is tall', () => {
    const fit = fitToScreen({ x: 0, y: 0, width: 400, height: 4000 }, { width: 1000, height: 1000 }, 0);
    expect(fit.zoom).toBeCloseTo(0.25);
    expect(fit.y).toBeCloseTo(0);
  });

  it('accounts for content that does not start at the origin', () => {
    const fit = fitToScreen({ x: 500, y: 500, width: 100, height: 100 }, { width: 100, height: 100 }, 0);
    expect(boardToScreen({ x: 500, y: 500 }, fit)).toEqual({ x: 0, y: 0 });
  });
});

describe('columns', () => {
  it('puts the goal on the right for rtl and on the left for ltr', () => {
    expect(displayColumns('rtl')).toEqual(['initiative', 'indicator', 'behaviour', 'value', 'segment', 'goal']);
    expect(displayColumns('ltr')).toEqual(['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative']);
  });
});

describe('link lines', () => {
  const left = { x: 0, y: 0, width: 200, height: 100 };
  const right = { x: 300, y: 200, width: 200, height: 60 };

  it('joins the facing edges at their middles, whichever side the goal is on', () => {
    expect(linkEndpoints(left, right)).toEqual({ start: { x: 200, y: 50 }, end: { x: 300, y: 230 } });
    expect(linkEndpoints(right, left)).toEqual({ start: { x: 300, y: 230 }, end: { x: 200, y: 50 } });
  });

  it('draws an S-curve that starts and ends at the endpoints', () => {
    const path = linkPath(linkEndpoints(left, right));
    expect(path).toBe('M 200 50 C 250 50, 250 230, 300 230');
  });

  it('bends the right way when drawn right to left', () => {
    const path = linkPath({ start: { x: 300, y: 0 }, end: { x: 200, y: 0 } });
    expect(path).toBe('M 300 0 C 250 0, 250 0, 200 0');
  });
});
