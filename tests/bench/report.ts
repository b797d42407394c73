/**
 * The bench report people can read: `npm run bench` writes, beside the console
 * table and bench-results.json, `bench-report/index.html` (one static page: a
 * section per scenario with its figures, ours against the reference, the
 * latency distributions and the trend over the last runs) and keeps those runs
 * in `bench-history.json` (the last 20), so a regression shows as a line going
 * the wrong way. Pure rendering from the results object; only `writeReport`
 * touches the disk.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { barChart, esc, fmt, histogram, trendChart, wentWorse, type TrendPoint } from './svg.ts';
import { REPORT_CSS } from './reportStyle.ts';

export interface BenchRow {
  id: string;
  scenario: string;
  ours: number | string;
  reference: number | string;
  ratio: number | string;
  target: string;
  status: string;
}

/** A latency summary as the server scenarios record it (common.ts `Dist`). */
interface DistLike {
  n?: number;
  p50: number;
  p90?: number;
  p99?: number;
  p999?: number;
  max?: number;
}

/** The parts of bench-results.json the report reads; everything but the rows is optional. */
export interface BenchResults {
  generatedAt: string;
  mode: string;
  only?: string[];
  machine?: { cpus?: number; model?: string; node?: string; taskset?: boolean };
  durationS?: number;
  rows: BenchRow[];
  notes?: string[];
  errors?: { scenario: string; error?: string }[];
  s1?: { ours: { load: { fanout: DistLike; awareness?: DistLike } }; reference: { load: { fanout: DistLike; awareness?: DistLike } } };
  s1plus?: BenchResults['s1'];
  s4?: { cards: number; serverMs: DistLike; floorMs: DistLike }[];
  client?: {
    c1?: { coldSamplesMs?: number[]; cachedSamplesMs?: number[]; reference?: { cards?: number; coldSamplesMs?: number[]; cachedSamplesMs?: number[] } };
    c2?: { frameMs?: number[] };
    c5?: { samplesMs?: number[]; floor?: { samplesMs?: number[] } };
  };
}

export interface HistoryEntry {
  generatedAt: string;
  mode: string;
  rows: Pick<BenchRow, 'id' | 'scenario' | 'ours' | 'reference' | 'ratio' | 'target' | 'status'>[];
}

/** How many runs bench-history.json keeps. */
export const HISTORY_RUNS = 20;

/** `history` with this run appended, the oldest runs dropped beyond `keep`. */
export function nextHistory(history: readonly HistoryEntry[], results: BenchResults, keep = HISTORY_RUNS): HistoryEntry[] {
  const entry: HistoryEntry = {
    generatedAt: results.generatedAt,
    mode: results.mode,
    rows: results.rows.map(({ id, scenario, ours, reference, ratio, target, status }) => ({ id, scenario, ours, reference, ratio, target, status })),
  };
  return [...history, entry].slice(-keep);
}

/** The numbers in a table cell: 918 → [918]; "23.7 / 36.4" → [23.7, 36.4]; "—" → []. */
export function numbersOf(cell: number | string | undefined): number[] {
  if (typeof cell === 'number') return Number.isFinite(cell) ? [cell] : [];
  if (typeof cell !== 'string') return [];
  return cell
    .split('/')
    .map((part) => /^-?\d+(\.\d+)?/.exec(part.trim().replace(/,/g, ''))?.[0])
    .filter((part): part is string => part !== undefined)
    .map(Number);
}

export interface Target {
  value: number;
  lowerIsBetter: boolean;
  /** The target is on the ratio to the reference (× in the target), not on our figure. */
  onRatio: boolean;
  unit: string;
}

/** "≤ 800 ms" → 800, lower is better; "≥ 60 fps" → 60, higher; "≤ 1.25×" → on the ratio; "—" → undefined. */
export function parseTarget(target: string): Target | undefined {
  const m = /([≤≥<>])\s*([\d.]+)\s*(×|[A-Za-z%]+)?/.exec(target);
  if (!m) return undefined;
  const unit = m[3] ?? '';
  return { value: Number(m[2]), lowerIsBetter: m[1] === '≤' || m[1] === '<', onRatio: unit === '×', unit };
}

/** The unit of a row: from "(ms)" in its name, else from its target. */
function unitOf(row: Pick<BenchRow, 'scenario' | 'target'>): string {
  return /\(([^()]*)\)\s*$/.exec(row.scenario)?.[1]?.replace(/^.*,\s*/, '') ?? parseTarget(row.target)?.unit ?? '';
}

const rowKey = (r: Pick<BenchRow, 'id' | 'scenario'>) => `${r.id}\u0000${r.scenario.trim()}`;

/** The figure a row's trend follows: the ratio for a target on the ratio, our figures otherwise. */
function trendValues(row: Pick<BenchRow, 'ours' | 'ratio' | 'target'>): number[] {
  return parseTarget(row.target)?.onRatio ? numbersOf(row.ratio) : numbersOf(row.ours);
}

/** Where each scenario's detailed results give a distribution, its charts. */
function distributionCharts(id: string, r: BenchResults): string[] {
  const ladder = (title: string, ours: DistLike | undefined, reference: DistLike | undefined) => {
    if (!ours) return '';
    const keys = (['p50', 'p90', 'p99', 'p999'] as const).filter((k) => Number.isFinite(ours[k] ?? NaN));
    return barChart(title, [{ name: 'ours', tone: 's0' }, { name: 'reference', tone: 's1' }], keys.map((k) => ({ label: k, values: [ours[k] ?? NaN, reference?.[k] ?? NaN] })), 'ms');
  };
  const c = r.client;
  switch (id) {
    case 'S1':
    case 'S3':
    case 'S1+': {
      const pair = id === 'S1+' ? r.s1plus : r.s1;
      if (!pair || id === 'S3') return [];
      return [ladder(`${id} fan-out latency by percentile`, pair.ours.load.fanout, pair.reference.load.fanout), ladder(`${id} awareness fan-out latency by percentile`, pair.ours.load.awareness, pair.reference.load.awareness)];
    }
    case 'S4':
      return (r.s4 ?? []).map((s) => ladder(`S4 cold load of ${s.cards.toLocaleString('en-US')} cards: server side (ours) vs floor (reference)`, s.serverMs, s.floorMs));
    case 'C1': {
      const cold = c?.c1?.coldSamplesMs ?? [];
      const cached = c?.c1?.cachedSamplesMs ?? [];
      if (cold.length + cached.length === 0) return [];
      const n = Math.max(cold.length, cached.length);
      const ref = c?.c1?.reference;
      // Each open of the big board, and beside it the same open of the reference board (a few cards) when measured.
      const groups = Array.from({ length: n }, (_, i) => [
        { label: `open ${i + 1}`, values: [cold[i] ?? NaN, cached[i] ?? NaN] },
        ...(ref ? [{ label: `open ${i + 1}, ${ref.cards ?? 'few'}-card board`, values: [ref.coldSamplesMs?.[i] ?? NaN, ref.cachedSamplesMs?.[i] ?? NaN] }] : []),
      ]).flat();
      return [barChart('C1 each open, cold and cached (dashed: the cold target)', [{ name: 'cold', tone: 's0' }, { name: 'cached', tone: 's1' }], groups, 'ms', 800)];
    }
    case 'C2':
      return c?.c2?.frameMs?.length ? [histogram('C2 frame times during the drag', c.c2.frameMs, 'ms', 20)] : [];
    case 'C5': {
      const floor = c?.c5?.floor?.samplesMs ?? [];
      return [
        c?.c5?.samplesMs?.length ? histogram('C5 key press to painted frame, every key', c.c5.samplesMs, 'ms', 16) : '',
        floor.length ? histogram('C5 reference: the same on a bare text field (the floor)', floor, 'ms', 16) : '',
      ];
    }
    default:
      return [];
  }
}

/** Ours against the reference for the rows of a scenario that have both, one chart per unit. */
function versusCharts(id: string, rows: BenchRow[]): string[] {
  const both = rows.filter((row) => numbersOf(row.ours).length === 1 && numbersOf(row.reference).length === 1);
  const units = [...new Set(both.map(unitOf))];
  return units.map((unit) => {
    const group = both.filter((row) => unitOf(row) === unit);
    const targets = [...new Set(group.map((row) => row.target))];
    const target = targets.length === 1 ? parseTarget(targets[0]!) : undefined;
    return barChart(
      `${id}: ours vs reference${unit ? ` (${unit})` : ''}`,
      [{ name: 'ours', tone: 's0' }, { name: 'reference', tone: 's1' }],
      group.map((row) => ({ label: row.scenario.replace(/\s*\([^()]*\)\s*$/, '').trim(), values: [numbersOf(row.ours)[0]!, numbersOf(row.reference)[0]!] })),
      unit,
      target && !target.onRatio ? target.value : undefined,
    );
  });
}

/** The trend of each row with a target over the runs in `history` (this run last). */
function trendCharts(rows: BenchRow[], history: readonly HistoryEntry[]): string[] {
  return rows.flatMap((row) => {
    const target = parseTarget(row.target);
    if (!target) return [];
    const key = rowKey(row);
    const width = trendValues(row).length;
    if (width === 0) return [];
    const names = width === 2 ? (/(\w+) \/ (\w+)/.exec(row.scenario)?.slice(1, 3) ?? ['first', 'second']) : [''];
    const series = names.map((name, k) => ({
      name,
      points: history.flatMap((entry): TrendPoint[] => {
        const past = entry.rows.find((r) => rowKey(r) === key);
        const value = past ? trendValues(past)[k] : undefined;
        return value === undefined ? [] : [{ at: entry.generatedAt, value, ...(entry.mode === 'full' ? {} : { mode: entry.mode }) }];
      }),
    }));
    const unit = target.onRatio ? '× reference' : unitOf(row);
    return [trendChart(`${row.id} ${row.scenario.trim()}`, series, unit, target.value, target.lowerIsBetter)];
  });
}

/** The change of a row's figure since the previous run in `history`, as an arrow the table shows. */
function changeCell(row: BenchRow, history: readonly HistoryEntry[]): string {
  const target = parseTarget(row.target);
  const runs = history.map((e) => e.rows.find((r) => rowKey(r) === rowKey(row))).filter((r) => r !== undefined);
  if (!target || runs.length < 2) return '';
  const k = trendValues(row).length - 1;
  const points = runs.slice(-2).map((r, i) => ({ at: String(i), value: trendValues(r)[k] ?? NaN }));
  const [a, b] = [points[0]!.value, points[1]!.value];
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === b) return '<span class="same">=</span>';
  const worse = wentWorse(points, target.lowerIsBetter);
  return `<span class="${worse ? 'worse' : 'moved'}" title="previous run ${esc(fmt(a))}">${b > a ? '▲' : '▼'} ${esc(fmt(((b - a) / Math.abs(a || 1)) * 100))} %</span>`;
}

/**
 * The report page for `results`, with `history` (its last entry being this
 * run, as `nextHistory` makes it) for the trends.
 */
export function renderReport(results: BenchResults, history: readonly HistoryEntry[]): string {
  const ids = [...new Set(results.rows.map((r) => r.id))];
  const sections = ids.map((id) => {
    const rows = results.rows.filter((r) => r.id === id);
    const table = `<table><thead><tr><th>scenario</th><th>ours</th><th>reference</th><th>ratio</th><th>target</th><th>vs target</th><th>since last run</th></tr></thead><tbody>${rows
      .map((r) => `<tr data-status="${esc(r.status)}"><td>${esc(r.scenario)}</td><td class="num">${esc(r.ours)}</td><td class="num">${esc(r.reference)}</td><td class="num">${esc(typeof r.ratio === 'number' ? `${r.ratio}×` : r.ratio)}</td><td>${esc(r.target)}</td><td class="status">${esc(r.status)}</td><td>${changeCell(r, history)}</td></tr>`)
      .join('')}</tbody></table>`;
    const charts = [...versusCharts(id, rows), ...distributionCharts(id, results), ...trendCharts(rows, history)].filter(Boolean);
    return `<section id="${esc(id)}" aria-labelledby="h-${esc(id)}"><h2 id="h-${esc(id)}">${esc(id)}</h2>${table}<div class="charts">${charts.join('')}</div></section>`;
  });
  const failing = results.rows.filter((r) => r.status === 'FAIL').length;
  const m = results.machine ?? {};
  const notes = results.notes?.length ? `<details><summary>Notes (${results.notes.length})</summary><ul>${results.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></details>` : '';
  const errors = results.errors?.length ? `<p class="errors">Crashed: ${results.errors.map((e) => esc(e.scenario)).join(', ')}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench report ${esc(results.generatedAt)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>Bench report</h1>
<p class="meta">${esc(results.generatedAt)} · ${esc(results.mode)} run${results.only?.length ? ` (only ${esc(results.only.join(', '))})` : ''} · ${esc(m.cpus ?? '?')} cores, ${esc(m.model ?? 'unknown CPU')}, node ${esc(m.node ?? '?')}, taskset ${m.taskset ? 'yes' : 'no'}${results.durationS !== undefined ? ` · ${esc(results.durationS)} s` : ''} · ${history.length} run${history.length === 1 ? '' : 's'} in the history</p>
<p class="summary">${results.rows.length} figures, <strong>${failing}</strong> over target. Pass/FAIL is information only: the machine is shared and noisy, so read ratios to the reference (same run) before absolute numbers.</p>
${errors}
<nav aria-label="Scenarios">${ids.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(' ')}</nav>
${sections.join('\n')}
${notes}
</main></body></html>
`;
}

/** Reads bench-history.json (an unreadable or missing file is an empty history). */
export function readHistory(path: string): HistoryEntry[] {
  if (!existsSync(path)) return [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]).filter((e) => e && typeof e.generatedAt === 'string' && Array.isArray(e.rows)) : [];
  } catch {
    return [];
  }
}

/** Appends this run to `historyPath` and writes the report page to `reportPath`; returns both paths. */
export function writeReport(results: BenchResults, options: { historyPath: string; reportPath: string }): { historyPath: string; reportPath: string } {
  const history = nextHistory(readHistory(options.historyPath), results);
  writeFileSync(options.historyPath, JSON.stringify(history, null, 1) + '\n');
  mkdirSync(dirname(options.reportPath), { recursive: true });
  writeFileSync(options.reportPath, renderReport(results, history));
  return { historyPath: resolve(options.historyPath), reportPath: resolve(options.reportPath) };
}
