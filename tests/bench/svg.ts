/**
 * The bench report's charts as inline SVG strings (no charting library: the
 * report is one static HTML file a browser opens from disk, and three chart
 * kinds are a few dozen lines). Pure functions; every text is escaped.
 */

/** Text for HTML or SVG content and attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number as a chart shows it: three significant digits at most. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? String(Math.round(value)) : abs >= 10 ? value.toFixed(1).replace(/\.0$/, '') : value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

export interface BarGroup {
  label: string;
  /** One value per series (NaN: not measured). */
  values: number[];
}

export interface Series {
  name: string;
  /** CSS class of the series' colour (report.css: s0, s1, …). */
  tone: string;
}

const W = 560;
const ROW = 18;
/** A bar chart's label column holds about this many characters a line (11 px text in 184 px), and this many lines. */
const LABEL_CHARS = 30;
const LABEL_LINES = 3;
const LABEL_LINE = 12;

/**
 * A label cut into lines at spaces, each at most LABEL_CHARS long where the
 * words allow, at most LABEL_LINES of them (the last then ends in "…"; the
 * whole label is the chart's tooltip): a long scenario name no longer runs
 * off the chart's left edge.
 */
export function wrapLabel(label: string): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= LABEL_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= LABEL_LINES) return lines;
  const kept = lines.slice(0, LABEL_LINES);
  kept[LABEL_LINES - 1] = `${kept[LABEL_LINES - 1]!.slice(0, LABEL_CHARS - 1)}…`;
  return kept;
}

/**
 * Grouped horizontal bars: one group per label, one bar per series, each
 * labelled with its value; a dashed line marks `target` when given.
 */
export function barChart(title: string, series: Series[], groups: BarGroup[], unit: string, target?: number): string {
  const labelW = 190;
  const plotW = W - labelW - 60;
  const finite = groups.flatMap((g) => g.values).filter(Number.isFinite);
  const top = Math.max(...finite, target ?? 0, 1e-9);
  const x = (v: number) => labelW + (Math.max(0, v) / top) * plotW;
  const groupH = series.length * ROW + 8;
  const height = 28 + groups.length * groupH + 22;
  const parts: string[] = [];
  groups.forEach((g, gi) => {
    const y0 = 28 + gi * groupH;
    const lines = wrapLabel(g.label);
    const firstY = y0 + (series.length * ROW) / 2 + 4 - ((lines.length - 1) * LABEL_LINE) / 2;
    const tspans = lines.map((line, li) => `<tspan x="${labelW - 6}" y="${(firstY + li * LABEL_LINE).toFixed(1)}">${esc(line)}</tspan>`).join('');
    parts.push(`<text class="label" text-anchor="end"><title>${esc(g.label)}</title>${tspans}</text>`);
    g.values.forEach((v, si) => {
      const y = y0 + si * ROW;
      if (!Number.isFinite(v)) return;
      const w = Math.max(1, x(v) - labelW);
      parts.push(`<rect class="bar ${series[si]!.tone}" data-series="${esc(series[si]!.name)}" data-value="${v}" x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 4}"><title>${esc(`${series[si]!.name}: ${fmt(v)} ${unit}`)}</title></rect>`);
      parts.push(`<text class="value" x="${(labelW + w + 4).toFixed(1)}" y="${y + ROW - 7}">${esc(fmt(v))}</text>`);
    });
  });
  if (target !== undefined && Number.isFinite(target)) {
    parts.push(`<line class="target" x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="22" y2="${height - 18}"><title>target ${esc(fmt(target))} ${esc(unit)}</title></line>`);
  }
  return frame(title, height, `${legend(series)}${parts.join('')}<text class="axis" x="${W - 4}" y="${height - 4}" text-anchor="end">${esc(unit)}</text>`);
}

/** Samples as a histogram (equal-width bins), with a dashed line at `target`. */
export function histogram(title: string, samples: number[], unit: string, target?: number, bins = 24): string {
  const finite = samples.filter(Number.isFinite);
  const height = 170;
  if (finite.length === 0) return frame(title, 40, '<text class="axis" x="8" y="30">no samples</text>');
  const lo = Math.min(...finite, target ?? Infinity);
  const hi = Math.max(...finite, target ?? -Infinity);
  const span = hi - lo || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor(((v - lo) / span) * bins))]!++;
  const most = Math.max(...counts);
  const left = 30;
  const plotW = W - left - 10;
  const plotH = height - 50;
  const bw = plotW / bins;
  const x = (v: number) => left + ((v - lo) / span) * plotW;
  const bars = counts.map((c, i) => {
    const h = (c / most) * plotH;
    const from = lo + (i * span) / bins;
    return `<rect class="bar s0" data-count="${c}" x="${(left + i * bw + 1).toFixed(1)}" y="${(20 + plotH - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${fmt(from)}–${fmt(from + span / bins)} ${unit}: ${c}`)}</title></rect>`;
  });
  const line = target === undefined ? '' : `<line class="target" x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="14" y2="${20 + plotH}"><title>target ${esc(fmt(target))} ${esc(unit)}</title></line>`;
  const axis = `<text class="axis" x="${left}" y="${height - 14}">${esc(fmt(lo))}</text><text class="axis" x="${W - 10}" y="${height - 14}" text-anchor="end">${esc(fmt(hi))} ${esc(unit)}</text><text class="axis" x="${left}" y="12">n = ${finite.length}</text>`;
  return frame(title, height, bars.join('') + line + axis);
}

export interface TrendPoint {
  at: string;
  value: number;
  /** The run's mode when it was not a plain full run ('quick': fewer repetitions; 'profiled': a profiler slowed it): drawn hollow. */
  mode?: string;
}

export interface TrendSeries {
  name: string;
  points: TrendPoint[];
}

/** True when the last step of `points` went the wrong way (up for lower-is-better) by more than 10 %. */
export function wentWorse(points: readonly TrendPoint[], lowerIsBetter: boolean): boolean {
  const finite = points.filter((p) => Number.isFinite(p.value));
  const last = finite.at(-1)?.value;
  const before = finite.at(-2)?.value;
  if (last === undefined || before === undefined) return false;
  return lowerIsBetter ? last > before * 1.1 && last - before > 1e-9 : last < before * 0.9;
}

/**
 * Figures over the last runs (one line per series, oldest run on the left)
 * with a dashed target line; a series whose last step went the wrong way is
 * drawn as `worse`, and so is the chart's frame.
 */
export function trendChart(title: string, series: TrendSeries[], unit: string, target?: number, lowerIsBetter = true): string {
  const height = 130;
  const runs = Math.max(0, ...series.map((s) => s.points.length));
  const values = series.flatMap((s) => s.points.map((p) => p.value)).filter(Number.isFinite);
  if (values.length === 0) return frame(title, 40, '<text class="axis" x="8" y="30">no history yet</text>');
  const hi = Math.max(...values, target ?? -Infinity);
  const lo = Math.min(...values, target ?? Infinity, 0);
  const span = hi - lo || 1;
  const left = 44;
  const plotW = W - left - 20;
  const plotH = height - 44;
  const x = (i: number) => left + (runs <= 1 ? plotW / 2 : (i / (runs - 1)) * plotW);
  const y = (v: number) => 18 + plotH - ((v - lo) / span) * plotH;
  let anyWorse = false;
  const lines = series.map((s, si) => {
    const offset = runs - s.points.length;
    const drawn = s.points.map((p, i) => ({ ...p, i: i + offset })).filter((p) => Number.isFinite(p.value));
    const worse = wentWorse(s.points, lowerIsBetter);
    anyWorse ||= worse;
    const path = drawn.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    const dots = drawn.map(
      (p) => `<circle class="dot s${si}${p.mode ? ' hollow' : ''}" cx="${x(p.i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3"><title>${esc(`${s.name ? `${s.name}, ` : ''}${p.at}${p.mode ? ` (${p.mode})` : ''}: ${fmt(p.value)} ${unit}`)}</title></circle>`,
    );
    return `<path class="trend s${si}${worse ? ' worse' : ''}" data-series="${esc(s.name)}" d="${path}" />${dots.join('')}`;
  });
  const line = target === undefined ? '' : `<line class="target" x1="${left}" x2="${W - 20}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}"><title>target ${esc(fmt(target))} ${esc(unit)}</title></line>`;
  const names = series.length > 1 ? series.map((s, si) => `<text class="label s${si}" x="${left + si * 90}" y="11">${esc(s.name)}</text>`).join('') : '';
  const axis = `<text class="axis" x="${left - 4}" y="${y(hi) + 4}" text-anchor="end">${esc(fmt(hi))}</text><text class="axis" x="${left - 4}" y="${y(lo) + 4}" text-anchor="end">${esc(fmt(lo))}</text><text class="axis" x="${W - 20}" y="${height - 6}" text-anchor="end">last ${runs} runs · ${esc(unit)}</text>`;
  return frame(title, height, `${names}${line}${lines.join('')}${axis}`, anyWorse ? 'worse' : undefined);
}

function legend(series: Series[]): string {
  if (series.length < 2) return '';
  return series.map((s, i) => `<rect class="bar ${s.tone}" x="${8 + i * 130}" y="6" width="10" height="10" /><text class="label" x="${22 + i * 130}" y="15">${esc(s.name)}</text>`).join('');
}

function frame(title: string, height: number, body: string, state?: string): string {
  return `<figure class="chart"${state ? ` data-state="${state}"` : ''}><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}">${body}</svg></figure>`;
}
