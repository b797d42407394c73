/**
 * Where the browser's main thread spends its time in the client benchmarks
 * (a tool, not a test): opens a stored board cached, types into a card and
 * measures key-to-paint, each under a Chromium trace and a CPU profile, and prints the
 * main thread's self time by trace event and by JavaScript function, and the
 * longest tasks. Run after `npm run build`:
 *   npx tsx tests/bench/clientProfile.ts [open] [type]   (CARDS=2000, KEYS=200, KEY_GAP_MS=60, PAUSE_MS=1500; NO_TRACE=1 or NO_PROFILE=1
 *   to leave either out, INJECT_CSS='…' to try a style; traces and profiles are written to /tmp/clientprofile-*)
 */
import { writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { storedBoard, typeMeasured, waitInteractive } from './client.ts';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string; data?: { url?: string; functionName?: string } } }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }

const CATEGORIES = ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8'];

/** Self time per event name on the renderer's main thread, and its longest top-level tasks. */
function summariseTrace(json: string): { self: [string, number][]; tasks: number[]; total: number } {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return { self: [], tasks: [], total: 0 };
  const xs = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  const tasks: number[] = [];
  let total = 0;
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1]!.end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
    else {
      tasks.push(e.dur! / 1000);
      total += e.dur! / 1000;
    }
    const label = e.name === 'EvaluateScript' || e.name === 'v8.compile' ? `${e.name} ${(e.args?.data?.url ?? '').replace(/^.*\//, '')}` : e.name;
    self.set(label, (self.get(label) ?? 0) + e.dur!);
    stack.push({ end: e.ts + e.dur!, name: label });
  }
  return { self: [...self].map(([k, v]) => [k, v / 1000] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 25), tasks: tasks.sort((a, b) => b - a), total };
}

/** Self time per JavaScript function of a CPU profile (ms). */
function summariseProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
}

async function underProfile(browser: Browser, page: Page, label: string, run: () => Promise<void>): Promise<void> {
  if (process.env.NO_PROFILE === '1') return run();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const tracing = process.env.NO_TRACE !== '1';
  if (tracing) await browser.startTracing(page, { categories: CATEGORIES });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(`/tmp/clientprofile-${label}.cpuprofile`, JSON.stringify(profile));
  const trace = tracing ? (await browser.stopTracing()).toString('utf8') : '{"traceEvents":[]}';
  writeFileSync(`/tmp/clientprofile-${label}.json`, trace);
  const t = summariseTrace(trace);
  console.log(`\n== ${label}: main thread busy ${t.total.toFixed(0)} ms in ${t.tasks.length} top-level tasks; longest: ${t.tasks.slice(0, 12).map((d) => d.toFixed(1)).join(', ')}`);
  console.log('self time by trace event (ms):');
  for (const [k, v] of t.self) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
  console.log('self time by JS function (ms):');
  for (const [k, v] of summariseProfile(profile as never)) console.log(`  ${v.toFixed(1).padStart(8)}  ${k}`);
}

const cards = Number(process.env.CARDS ?? 2000);
const keys = Number(process.env.KEYS ?? 200);
const modes = process.argv.slice(2).length ? process.argv.slice(2) : ['open', 'type'];
const [server, browser] = await Promise.all([startTestServer(), launchBrowser((process.env.CHROMIUM_EXTRA ?? '').split(' ').filter(Boolean))]);
try {
  const url = await storedBoard(server, cards);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Bench'));
  if (process.env.INJECT_CSS) await context.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = css; document.head.append(s); }), process.env.INJECT_CSS);
  const page = await context.newPage();
  await page.goto(url);
  await waitInteractive(page, cards);
  await page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  if (modes.includes('open')) {
    await underProfile(browser, page, 'open-cached', async () => {
      await page.goto(url.replace(/#.*$/, ''));
      await waitInteractive(page, cards);
      const at = await page.evaluate(() => performance.now());
      console.log(`cached open: interactive at ${at.toFixed(0)} ms`);
    });
  }
  if (modes.includes('type')) {
    const field = page.locator('.card-list > [data-card-id] textarea').first();
    let raw: number[] = [];
    await underProfile(browser, page, 'type', async () => {
      // PAUSE_MS: how long the trace goes on after the last key (e.g. past the merge of the stored changes).
      raw = await typeMeasured(page, field, { keys, gapMs: Number(process.env.KEY_GAP_MS ?? 60), pauseMs: Number(process.env.PAUSE_MS ?? 1500) });
    });
    writeFileSync('/tmp/clientprofile-type-latencies.json', JSON.stringify(raw));
    const lat = [...raw].sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)]!.toFixed(1);
    console.log(`typing ${lat.length} keys: p50 ${q(0.5)} p95 ${q(0.95)} max ${q(1)} ms; slowest ${lat.slice(-8).map((v) => v.toFixed(1)).join(', ')}`);
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
