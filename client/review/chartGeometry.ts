/**
 * Where things go in the small check-in chart of a success indicator: the
 * reported values over time against the baseline and the target, and the
 * planned path between them when both are dated. Pure (no DOM); the
 * component draws what this returns.
 */
import type { IndicatorSeries, SeriesPoint } from '../../shared/review/checkins.ts';

export interface ChartBox {
  width: number;
  height: number;
  /** Room around the plot for labels. */
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface PlacedPoint extends SeriesPoint {
  x: number;
  y: number;
}

export interface ChartGeometry {
  box: ChartBox;
  plot: { left: number; right: number; top: number; bottom: number };
  points: PlacedPoint[];
  /** SVG path through the points (empty with fewer than two). */
  line: string;
  baseline?: { y: number; value: number };
  target?: { y: number; value: number };
  /** SVG path of the planned path, baseline (as of its date) to target (by its date). */
  planned?: string;
  /** Value axis: the lowest and highest value shown. */
  yRange: { min: number; max: number };
  /** First and last date on the time axis (ISO dates), if the chart has dates. */
  xRange?: { first: string; last: string };
  /** Nothing to draw: no values, no baseline, no target. */
  empty: boolean;
}

const DEFAULT_BOX: ChartBox = { width: 400, height: 150, padding: { top: 18, right: 100, bottom: 22, left: 12 } };

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const round = (n: number) => Math.round(n * 10) / 10;

/** Lays out a series in a box. */
export function chartGeometry(series: IndicatorSeries, box: ChartBox = DEFAULT_BOX): ChartGeometry {
  const plot = {
    left: box.padding.left,
    right: box.width - box.padding.right,
    top: box.padding.top,
    bottom: box.height - box.padding.bottom,
  };
  const values = [...series.points.map((p) => p.value)];
  if (series.baseline) values.push(series.baseline.value);
  if (series.target) values.push(series.target.value);
  const empty = values.length === 0;
  let min = empty ? 0 : Math.min(...values);
  let max = empty ? 1 : Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  } else {
    const pad = (max - min) * 0.08;
    min -= pad;
    max += pad;
  }
  const yOf = (v: number) => round(plot.bottom - ((v - min) / (max - min)) * (plot.bottom - plot.top));

  const dates = series.points.map((p) => p.date);
  if (series.baseline?.date) dates.push(series.baseline.date);
  if (series.target?.date) dates.push(series.target.date);
  const times = dates.map(dayMs).filter(Number.isFinite);
  let xOf: (date: string, index: number) => number;
  let xRange: ChartGeometry['xRange'];
  if (times.length > 0) {
    const first = Math.min(...times);
    const last = Math.max(...times);
    const span = last - first;
    xOf = (date) => (span === 0 ? round((plot.left + plot.right) / 2) : round(plot.left + ((dayMs(date) - first) / span) * (plot.right - plot.left)));
    xRange = { first: new Date(first).toISOString().slice(0, 10), last: new Date(last).toISOString().slice(0, 10) };
  } else {
    const n = series.points.length;
    xOf = (_date, i) => (n <= 1 ? round((plot.left + plot.right) / 2) : round(plot.left + (i / (n - 1)) * (plot.right - plot.left)));
  }

  const points = series.points.map((p, i) => ({ ...p, x: xOf(p.date, i), y: yOf(p.value) }));
  const line = points.length >= 2 ? points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ') : '';
  const geometry: ChartGeometry = { box, plot, points, line, yRange: { min, max }, empty };
  if (xRange) geometry.xRange = xRange;
  if (series.baseline) geometry.baseline = { y: yOf(series.baseline.value), value: series.baseline.value };
  if (series.target) geometry.target = { y: yOf(series.target.value), value: series.target.value };
  if (series.baseline?.date && series.target?.date && times.length > 0) {
    geometry.planned = `M${xOf(series.baseline.date, 0)} ${yOf(series.baseline.value)} L${xOf(series.target.date, 0)} ${yOf(series.target.value)}`;
  }
  return geometry;
}

/** A value as a short label: at most two decimals, with the unit when it is short. */
export function formatValue(value: number, unit?: string): string {
  const number = new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(value);
  if (!unit) return number;
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

/** In words, what the chart shows (its accessible name). */
export function chartSummary(name: string, series: IndicatorSeries): string {
  const parts = [name];
  const last = series.points[series.points.length - 1];
  parts.push(last ? `latest ${formatValue(last.value, series.unit)} on ${last.date}` : 'no value reported yet');
  if (series.baseline) parts.push(`baseline ${formatValue(series.baseline.value, series.unit)}`);
  if (series.target) parts.push(`target ${formatValue(series.target.value, series.unit)}${series.target.date ? ` by ${series.target.date}` : ''}`);
  if (series.progress !== undefined) parts.push(`${Math.round(series.progress * 100)}% of the way`);
  return parts.join(', ');
}
