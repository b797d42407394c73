/** The readable opening zoom and the pan that brings a phase's column into view. */
import { describe, expect, it } from 'vitest';
import { columnJumpOrder, focusColumn, movedEnough, openingViewport, panToShow, READABLE_ZOOM } from '../../client/board/columnFocus.ts';

describe('the column a phase is about', () => {
  it('is the column the phase fills, the goals before them and the initiatives after them', () => {
    expect(focusColumn('goals')).toBe('goal');
    expect(focusColumn('who')).toBe('segment');
    expect(focusColumn('behaviours')).toBe('behaviour');
    expect(focusColumn('initiatives')).toBe('initiative');
    expect(focusColumn('frame')).toBe('goal');
    expect(focusColumn(null)).toBe('goal');
    expect(focusColumn('trace')).toBe('initiative');
    expect(focusColumn('commit')).toBe('initiative');
    expect(focusColumn('close')).toBe('initiative');
  });
});

describe('the keyboard jump list', () => {
  it('offers the column the phase is about first, then the others in chain order', () => {
    expect(columnJumpOrder('who')).toEqual(['segment', 'goal', 'value', 'behaviour', 'indicator', 'initiative']);
    expect(columnJumpOrder('commit')).toEqual(['initiative', 'goal', 'segment', 'value', 'behaviour', 'indicator']);
    expect(columnJumpOrder(null)).toEqual(['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative']);
  });
});

describe('the opening viewport', () => {
  it('is readable: card text (0.95 rem of a 15 px root, 14.25 px) stays at 13 px or more', () => {
    expect(openingViewport().zoom).toBe(READABLE_ZOOM);
    expect(14.25 * READABLE_ZOOM).toBeGreaterThanOrEqual(13);
  });
});

describe('bringing a column into view', () => {
  const view = { x: 0, y: 0, width: 1280, height: 700 };
  const column = (x: number) => ({ x, y: 12, width: 288, height: 900 });

  it('does not move when the column is already in view', () => {
    const viewport = { x: -600, y: 12, zoom: 1 };
    expect(panToShow(viewport, column(700), view)).toEqual(viewport);
  });

  it('pans the least: a column off the left edge lands at the left margin, one off the right edge at the right margin', () => {
    const viewport = { x: -600, y: 12, zoom: 1 };
    expect(panToShow(viewport, column(12), view)).toEqual({ x: 12, y: 12, zoom: 1 });
    const right = panToShow(viewport, column(1604), view);
    expect(1604 + 288 + right.x).toBe(1280 - 24);
  });

  it('works at any zoom and beside a panel covering part of the canvas', () => {
    const viewport = { x: 0, y: 0, zoom: 0.5 };
    const next = panToShow(viewport, column(1604), { ...view, width: 800 });
    expect((1604 + 288) * 0.5 + next.x).toBe(800 - 24);
    expect(next.zoom).toBe(0.5);
  });

  it('shows the left edge of something wider than the view', () => {
    expect(panToShow({ x: 0, y: 0, zoom: 1 }, { x: 500, y: 0, width: 2000, height: 10 }, view).x).toBe(24 - 500);
  });

  it('brings the header back when the column top is out of sight, and keeps a tall column where it is otherwise', () => {
    expect(panToShow({ x: -600, y: -500, zoom: 1 }, column(700), view).y).toBe(12 - 12);
    expect(panToShow({ x: -600, y: -50, zoom: 1 }, column(700), view, 24).y).toBe(12 - 12);
    expect(panToShow({ x: -600, y: 0, zoom: 1 }, column(700), view).y).toBe(0);
  });

  it('shows a whole element (a focused control) when asked to, not only its top', () => {
    const control = { x: 100, y: 900, width: 50, height: 30 };
    const next = panToShow({ x: 0, y: 0, zoom: 1 }, control, view, 16, false);
    expect(900 + 30 + next.y).toBe(700 - 8);
  });

  it('tells a real move from rounding noise', () => {
    expect(movedEnough({ x: 0, y: 0, zoom: 1 }, { x: 0.2, y: -0.3, zoom: 1 })).toBe(false);
    expect(movedEnough({ x: 0, y: 0, zoom: 1 }, { x: 3, y: 0, zoom: 1 })).toBe(true);
  });
});
