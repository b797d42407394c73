/**
 * The bench report (tests/bench/report.ts) from fixture results: a section per
 * scenario, ours against the reference drawn to scale, the distributions with
 * every sample, the last 20 runs kept, and a figure that got worse since the
 * previous run marked as such.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wrapLabel } from '../bench/svg.ts';
import { HISTORY_RUNS, nextHistory, numbersOf, parseTarget, readHistory, renderReport, writeReport, type BenchResults, type HistoryEntry } from '../bench/report.ts';

const fixture = (): BenchResults => JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/bench/results.json'), 'utf8')) as BenchResults;

/** An earlier run: the fixture's rows with C5's figures replaced. */
function earlierRun(at: string, c5: string): HistoryEntry {
  const results = fixture();
  return {
    generatedAt: at,
    mode: 'full',
    rows: results.rows.map((r) => (r.id === 'C5' ? { ...r, ours: c5 } : r)),
  };
}

/** The chart (figure element) whose caption starts with `caption`. */
function figure(html: string, caption: string): string {
  const at = html.indexOf(`<figcaption>${caption}`);
  expect(at, `a chart captioned "${caption}"`).toBeGreaterThan(-1);
  const start = html.lastIndexOf('<figure', at);
  return html.slice(start, html.indexOf('</figure>', at));
}

const attr = (fragment: string, name: string) => [...fragment.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('the bench report', () => {
  it('reads the figures of a table cell and the targets', () => {
    expect(numbersOf(918)).toEqual([918]);
    expect(numbersOf('23.7 / 36.4')).toEqual([23.7, 36.4]);
    expect(numbersOf('0 / 0')).toEqual([0, 0]);
    expect(numbersOf('—')).toEqual([]);
    expect(parseTarget('≤ 800 ms')).toEqual({ value: 800, lowerIsBetter: true, onRatio: false, unit: 'ms' });
    expect(parseTarget('≥ 60 fps')).toMatchObject({ value: 60, lowerIsBetter: false });
    expect(parseTarget('p95 ≤ 16 ms')).toMatchObject({ value: 16, lowerIsBetter: true });
    expect(parseTarget('≤ 1.25×')).toMatchObject({ value: 1.25, onRatio: true });
    expect(parseTarget('—')).toBeUndefined();
  });

  it('wraps a long bar label into lines that fit the label column, the whole label kept as its tooltip', () => {
    const label = 'p50 ours on the in-memory store (not durable) / reference';
    const lines = wrapLabel(label);
    expect(lines.join(' ')).toBe(label);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(wrapLabel('fan-out p50')).toEqual(['fan-out p50']);
    const cut = wrapLabel('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen');
    expect(cut).toHaveLength(3);
    expect(cut[2]!.endsWith('…')).toBe(true);
    const html = renderReport(fixture(), []);
    const chart = figure(html, 'S3: ours vs reference');
    expect(chart).toContain('<tspan');
    expect(chart).toContain('<title>p99 ours (durable) / reference, 100 clients</title><tspan x="184" y="44.0">p99 ours (durable) /</tspan><tspan x="184" y="56.0">reference, 100 clients</tspan>');
  });

  it('keeps the last 20 runs, this one last', () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 25; i++) history = nextHistory(history, { ...fixture(), generatedAt: `run ${i}` });
    expect(history).toHaveLength(HISTORY_RUNS);
    expect(history[0]!.generatedAt).toBe('run 5');
    expect(history.at(-1)!.generatedAt).toBe('run 24');
    expect(history.at(-1)!.rows.find((r) => r.id === 'C5')!.ours).toBe('23.7 / 36.4');
  });

  it('has a section per scenario, draws ours against the reference to scale and every sample', () => {
    const results = fixture();
    const html = renderReport(results, nextHistory([], results));
    for (const id of ['S1', 'S3', 'S4', 'C1', 'C5', 'C9']) expect(html).toContain(`<section id="${id}"`);

    const versus = figure(html, 'S1: ours vs reference (ms)');
    const widths = new Map<string, number>();
    for (const bar of versus.matchAll(/<rect class="bar [^"]*" data-series="([^"]+)" data-value="([^"]+)" x="[^"]*" y="[^"]*" width="([^"]+)"/g)) {
      widths.set(`${bar[1]} ${bar[2]}`, Number(bar[3]));
    }
    expect([...widths.keys()].sort()).toEqual(['ours 2.8', 'ours 21.4', 'reference 1.7', 'reference 30.2']);
    expect(widths.get('ours 2.8')! / widths.get('reference 1.7')!).toBeCloseTo(2.8 / 1.7, 1);
    expect(widths.get('reference 30.2')! / widths.get('ours 21.4')!).toBeCloseTo(30.2 / 21.4, 1);

    const ladder = figure(html, 'S1 fan-out latency by percentile');
    expect(attr(ladder, 'data-value')).toEqual(['2.8', '1.7', '6.1', '5.2', '21.4', '30.2', '40.2', '51']);

    const keys = figure(html, 'C5 key press to painted frame');
    const counts = attr(keys, 'data-count').map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(results.client!.c5!.samplesMs!.length);
    expect(keys).toContain('class="target"');

    // C1: each open of the big board, and of the reference board beside it when the run has one.
    const opens = figure(html, 'C1 each open');
    expect(attr(opens, 'data-value')).toEqual(results.client!.c1!.coldSamplesMs!.flatMap((cold, i) => [String(cold), String(results.client!.c1!.cachedSamplesMs![i])]));
    const withReference: BenchResults = { ...results, client: { ...results.client, c1: { ...results.client!.c1, reference: { cards: 12, coldSamplesMs: [301, 302, 303], cachedSamplesMs: [201, 202, 203] } } } };
    const opensWithReference = figure(renderReport(withReference, nextHistory([], withReference)), 'C1 each open');
    expect(opensWithReference).toContain('open 2, 12-card board');
    expect(attr(opensWithReference, 'data-value').slice(2, 4)).toEqual(['301', '201']);

    // Names are text, never markup.
    expect(html).not.toContain('<script>');
    expect(html).toContain('a &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; name');
  });

  it('marks a figure that went the wrong way since the previous run, and not one that improved', () => {
    const results = fixture();
    const worse = renderReport(results, nextHistory([earlierRun('before', '20.1 / 24.0')], results));
    const trend = figure(worse, 'C5 type into a card');
    expect(trend).toContain('data-state="worse"');
    expect(attr(trend, 'class').filter((c) => c.startsWith('trend'))).toEqual(['trend s0 worse', 'trend s1 worse']);
    expect(worse).toMatch(/<span class="worse"[^>]*>▲ 51\.7 %<\/span>/);

    const better = renderReport(results, nextHistory([earlierRun('before', '30.0 / 50.0')], results));
    expect(figure(better, 'C5 type into a card')).not.toContain('worse');
    expect(better).toMatch(/<span class="moved"[^>]*>▼ -27\.2 %<\/span>/);
    // A higher-is-better figure going down is worse too: the ratio target of S3 goes by the ratio.
    const s3 = renderReport(results, nextHistory([{ ...earlierRun('before', '1 / 1'), rows: results.rows.map((r) => (r.id === 'S3' ? { ...r, ratio: 0.5 } : r)) }], results));
    expect(figure(s3, 'S3 p99 ours (durable) / reference')).toContain('data-state="worse"');
  });

  it('draws the points of quick and profiled runs hollow in the trends, named as such', () => {
    const results = fixture();
    const history = nextHistory([{ ...earlierRun('profiled-run', '90.0 / 95.0'), mode: 'profiled' }, { ...earlierRun('quick-run', '20.0 / 24.0'), mode: 'quick' }, earlierRun('full-run', '20.0 / 24.0')], results);
    const trend = figure(renderReport(results, history), 'C5 type into a card');
    const dots = [...trend.matchAll(/<circle class="([^"]*)"[^>]*><title>([^<]*)<\/title>/g)].filter((m) => m[1]!.includes('s0'));
    expect(dots.map((m) => [m[1], m[2]!.slice(0, m[2]!.lastIndexOf(':'))])).toEqual([
      ['dot s0 hollow', 'p50, profiled-run (profiled)'],
      ['dot s0 hollow', 'p50, quick-run (quick)'],
      ['dot s0', 'p50, full-run'],
      ['dot s0', `p50, ${results.generatedAt}`],
    ]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the page and adds each run to the history file', () => {
    const paths = { historyPath: join(dir, 'bench-history.json'), reportPath: join(dir, 'report', 'index.html') };
    writeReport({ ...fixture(), generatedAt: 'first' }, paths);
    writeReport({ ...fixture(), generatedAt: 'second' }, paths);
    expect(readHistory(paths.historyPath).map((e) => e.generatedAt)).toEqual(['first', 'second']);
    const page = readFileSync(paths.reportPath, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('2 runs in the history');
  });
});
