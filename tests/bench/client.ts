/**
 * Client benchmarks C1, C2 and C4 of docs/BENCHMARKS.md, in headless Chromium against
 * the real server (not a test: timings are reported, never asserted).
 *   C1  open a stored 2,000-card board: interactive (cold / cached)
 *   C2  drag a card on a 500-card board: frames per second during the drag (the pointer moves every
 *       frame, the browser's 60 Hz cap is off), and
 *       how long after the drop another page shows the card in its new column
 *   C4  the participant's JavaScript, gzipped
 *   C5  typing in a card on a 2,000-card board: key press to the next painted frame (p50 / p95)
 * Run alone with `npx tsx tests/e2e/clientBench.ts` (after `npm run build`), or
 * import `runClientBench` from the bench runner.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import type { Browser, Locator, Page } from 'playwright-core';
import { readCards } from '../../shared/doc/index.ts';
import { buildBoard } from './boardBuilder.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { boardLink, createWorkshop, launchBrowser } from '../e2e/browser.ts';

export interface ClientBenchResult {
  /**
   * Medians of `reps` opens, each in a fresh browser context (cold) and then reloaded in it (cached);
   * `reference`: the same opens of a board of a few cards, alternating with them (what opening the
   * app costs on this machine in this run, whatever the board's size).
   */
  c1: OpenTimes & { reference: OpenTimes };
  /**
   * Frames per second in which the dragged card moved, with the 60 Hz cap off and the pointer moving every
   * frame; the 95th percentile of the frame times, every frame time, and how many frames moved the card.
   */
  c2: { cards: number; fps: number; p95FrameMs: number; frameMs: number[]; remoteSeenAfterDropMs: number; movedFrames?: number };
  c4: { participantJsGzipBytes: number; files: string[] };
  c5: { cards: number; keys: number; p50Ms: number; p95Ms: number; samplesMs: number[]; floor: { p50Ms: number; p95Ms: number; samplesMs: number[] } };
}

export interface OpenTimes { cards: number; coldMs: number; cachedMs: number; coldSamplesMs: number[]; cachedSamplesMs: number[] }

/** C1's reference board: the app opening with next to nothing to show. */
const SMALL_BOARD_CARDS = 12;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;
/** Nearest-rank percentile, rounded to 0.1. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! * 10) / 10;
}

/** A board with `cards` cards stored on the server; returns its participant link. */
export async function storedBoard(server: TestServer, cards: number): Promise<string> {
  const board = await createWorkshop(server.url, `Bench ${cards}`);
  const writer = connect(server.url, board.id, board.secrets.facilitator);
  await writer.synced;
  const built = buildBoard(cards);
  Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(built.doc));
  const reader = connect(server.url, board.id, board.secrets.viewer);
  await waitFor(() => readCards(reader.doc).length >= cards, `${cards} cards stored`, 60_000);
  reader.destroy();
  writer.destroy();
  built.doc.destroy();
  return boardLink(server.url, board.id, board.secrets.participant);
}

/** How long C2 moves the dragged card, frame by frame. */
const DRAG_MS = 3000;
/**
 * C2's browser: frames are not held to a 60 Hz clock (a capped browser reports
 * at most 60 fps however little a frame costs), so its frame rate is what the
 * page's work per frame allows.
 */
export const DRAG_BROWSER_ARGS = ['--disable-frame-rate-limit', '--disable-gpu-vsync'];

/** tsx keeps function names with a `__name` helper that page functions do not have. */
const NAME_HELPER = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** Waits until the board page is interactive (C1's measure: see timeToInteractive). */
export async function waitInteractive(page: Page, cards: number): Promise<void> {
  await page.waitForFunction(
    // Interactive: online, every column counting all its cards, and cards on screen (a long column renders only those near it).
    (n) => [...document.querySelectorAll('.column-count')].reduce((sum, e) => sum + Number(e.textContent), 0) >= n
      && document.querySelectorAll('.card-list > [data-card-id]').length > 0
      && !!document.querySelector('.connection-status[data-status="online"]'),
    cards,
    { timeout: 120_000, polling: 'raf' },
  );
}

async function timeToInteractive(page: Page, url: string, cards: number): Promise<number> {
  await page.goto(url);
  await waitInteractive(page, cards);
  return page.evaluate(() => performance.now());
}

async function benchOpen(browser: Browser, server: TestServer, cards: number, reps: number): Promise<ClientBenchResult['c1']> {
  const boards = [
    { cards, url: await storedBoard(server, cards), cold: [] as number[], cached: [] as number[] },
    { cards: SMALL_BOARD_CARDS, url: await storedBoard(server, SMALL_BOARD_CARDS), cold: [] as number[], cached: [] as number[] },
  ];
  for (let i = 0; i < reps; i++) {
    // Alternating, the first board first in every other round: a machine slowing down mid-run weighs on both.
    for (const board of i % 2 === 0 ? boards : [...boards].reverse()) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Bench'));
      const page = await context.newPage();
      board.cold.push(Math.round(await timeToInteractive(page, board.url, board.cards)));
      await page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
      board.cached.push(Math.round(await timeToInteractive(page, board.url.replace(/#.*$/, ''), board.cards)));
      await context.close();
    }
  }
  const times = (b: (typeof boards)[number]): OpenTimes => ({ cards: b.cards, coldMs: median(b.cold), cachedMs: median(b.cached), coldSamplesMs: b.cold, cachedSamplesMs: b.cached });
  return { ...times(boards[0]!), reference: times(boards[1]!) };
}

/** `uncapped` runs the dragging page; the watching page runs in the ordinary `browser` (its rAF polling would take CPU from the drag). */
async function benchDrag(uncapped: Browser, browser: Browser, server: TestServer, cards: number): Promise<ClientBenchResult['c2']> {
  const url = await storedBoard(server, cards);
  const open = async (name: string, from: Browser) => {
    const context = await from.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(NAME_HELPER);
    await context.addInitScript((n) => localStorage.setItem('vcp.displayName', n), name);
    const page = await context.newPage();
    await timeToInteractive(page, url, cards);
    return { context, page };
  };
  const a = await open('Dragger', uncapped);
  const b = await open('Watcher', browser);
  const handle = a.page.locator('section.column[data-column="initiative"] .drag-handle').first();
  // The board opens readable at the goal end: focus pans the initiatives into view (as Tab would).
  await handle.focus();
  const cardId = await handle.evaluate((el) => el.closest('[data-card-id]')!.getAttribute('data-card-id')!);
  const target = (await a.page.locator('section.column[data-column="indicator"] .column-header').boundingBox())!;
  const from = (await handle.boundingBox())!;

  const seen = b.page.evaluate(
    (id) =>
      new Promise<number>((done) => {
        const check = () => {
          if (document.querySelector(`section.column[data-column="indicator"] [data-card-id="${id}"]`)) done(Date.now());
          else requestAnimationFrame(check);
        };
        check();
      }),
    cardId,
  );
  // The drag starts with real input (the pointer sensor wants 5 px of movement)...
  await a.page.mouse.move(from.x + 5, from.y + 5);
  await a.page.mouse.down();
  for (let i = 1; i <= 4; i++) await a.page.mouse.move(from.x + 5 + i * 4, from.y + 5 + i * 2);
  const to = { x: target.x + 60, y: target.y + 80 };
  // ...then the pointer moves on every animation frame, from inside the page, so every frame carries a
  // step of the drag. This browser runs without the 60 Hz cap (DRAG_BROWSER_ARGS): a frame comes as soon
  // as the previous one is done, and the frame rate is what the drag work allows.
  const { frameMs, seconds, movedFrames } = await a.page.evaluate(
    ({ start, end, ms }) =>
      new Promise<{ frames: number; frameMs: number[]; seconds: number; movedFrames: number }>((done) => {
        const frameTimes: number[] = [];
        let first = 0;
        let last = 0;
        // Frames in which the dragged card stands somewhere else than in the frame before.
        let movedFrames = 0;
        let shownAt = '';
        const tick = (now: number) => {
          if (!first) first = now;
          else frameTimes.push(Math.round((now - last) * 10) / 10);
          last = now;
          const preview = document.querySelector('.drag-preview')?.getBoundingClientRect();
          const at = preview ? `${preview.left},${preview.top}` : '';
          if (preview && at !== shownAt) movedFrames++;
          shownAt = at;
          const t = Math.min(1, (now - first) / ms);
          const x = start.x + (end.x - start.x) * t;
          const y = start.y + (end.y - start.y) * t + Math.sin(t * 20) * 30;
          document.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1 }));
          if (t < 1) requestAnimationFrame(tick);
          else done({ frames: frameTimes.length, frameMs: frameTimes, seconds: (now - first) / 1000, movedFrames });
        };
        requestAnimationFrame(tick);
      }),
    { start: { x: from.x + 21, y: from.y + 13 }, end: to, ms: DRAG_MS },
  );
  await a.page.mouse.move(to.x, to.y);
  const dropAt = await a.page.evaluate(() => Date.now());
  await a.page.mouse.up();
  const seenAt = await seen;
  await a.context.close();
  await b.context.close();
  return { cards, fps: Math.round((movedFrames / seconds) * 10) / 10, p95FrameMs: percentile(frameMs, 0.95), frameMs, movedFrames, remoteSeenAfterDropMs: seenAt - dropAt };
}

/**
 * Key press to painted frame while typing into a card of a big board: from the
 * keydown's timestamp to the frame after the input was handled (a timer queued
 * from the next animation frame runs once that frame is painted).
 */
async function benchTyping(browser: Browser, server: TestServer, cards: number): Promise<ClientBenchResult['c5']> {
  const url = await storedBoard(server, cards);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Typist'));
  const page = await context.newPage();
  await timeToInteractive(page, url, cards);
  const field = page.locator('.card-list > [data-card-id] textarea').first();
  const board = await keyToPaint(page, field);
  await context.close();
  // The reference: the same measure on a bare text field in the same browser (waiting for the next frame is the floor).
  const bare = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const blank = await bare.newPage();
  await blank.setContent('<textarea aria-label="Text" style="width: 300px; height: 120px"></textarea>');
  const floor = await keyToPaint(blank, blank.locator('textarea'));
  await bare.close();
  return {
    cards,
    keys: board.length,
    p50Ms: percentile(board, 0.5),
    p95Ms: percentile(board, 0.95),
    samplesMs: board,
    floor: { p50Ms: percentile(floor, 0.5), p95Ms: percentile(floor, 0.95), samplesMs: floor },
  };
}

/**
 * Key press to painted frame for each of TYPED_KEYS keys typed into `field`
 * (ms, 0.1 ms steps). 200 keys, not 40 as before: with 40 samples the "p95"
 * was the second-slowest key, so one GC pause or one frame of other work
 * decided the figure (18-39 ms across runs of the same build); 200 keys are a
 * few sentences of typing, and each of their slowest 5 % counts.
 */
const TYPED_KEYS = 200;

function keyToPaint(page: Page, field: Locator): Promise<number[]> {
  return typeMeasured(page, field, { keys: TYPED_KEYS, gapMs: 60, pauseMs: 300 });
}

/**
 * Types `keys` keys into `field`, `gapMs` apart, and waits `pauseMs` after the
 * last; resolves with each key's time from its keydown to the frame after it
 * was handled (a timer queued from the next animation frame runs once that
 * frame is painted), in ms, 0.1 ms steps. Also the profiling tool's measure
 * (clientProfile.ts).
 */
export async function typeMeasured(page: Page, field: Locator, { keys, gapMs, pauseMs }: { keys: number; gapMs: number; pauseMs: number }): Promise<number[]> {
  await field.focus();
  await page.keyboard.press('End');
  await page.evaluate(() => {
    const w = window as unknown as { benchLatencies: number[] };
    w.benchLatencies = [];
    document.addEventListener('keydown', (event) => {
      const t0 = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => w.benchLatencies.push(performance.now() - t0), 0));
    }, true);
  });
  const text = 'measured typing on a big board, one key at';
  for (let i = 0; i < keys; i++) {
    await page.keyboard.type(text[i % text.length]!);
    await page.waitForTimeout(gapMs);
  }
  await page.waitForTimeout(pauseMs);
  return (await page.evaluate(() => (window as unknown as { benchLatencies: number[] }).benchLatencies)).map((ms) => Math.round(ms * 10) / 10);
}

async function benchBundle(browser: Browser, server: TestServer): Promise<ClientBenchResult['c4']> {
  const board = await createWorkshop(server.url, 'Bundle');
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Bench'));
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(boardLink(server.url, board.id, board.secrets.participant));
  await page.locator('.connection-status[data-status="online"]').waitFor();
  await context.close();
  const files = [...scripts].filter((p) => p.startsWith('/assets/'));
  const bytes = files.reduce((sum, p) => sum + gzipSync(readFileSync(resolve('dist', `.${p}`)), { level: 9 }).length, 0);
  return { participantJsGzipBytes: bytes, files };
}

export async function runClientBench(options: { quick?: boolean } = {}): Promise<ClientBenchResult> {
  const [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  try {
    const c4 = await benchBundle(browser, server);
    const c1 = await benchOpen(browser, server, options.quick ? 500 : 2000, options.quick ? 1 : 5);
    const uncapped = await launchBrowser(DRAG_BROWSER_ARGS);
    const c2 = await benchDrag(uncapped, browser, server, 500).finally(() => uncapped.close());
    const c5 = await benchTyping(browser, server, options.quick ? 500 : 2000);
    return { c1, c2, c4, c5 };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const result = await runClientBench({ quick: process.env.BENCH_QUICK === '1' });
  console.table([
    { id: 'C1', scenario: `open ${result.c1.cards}-card board, cold`, value: `${result.c1.coldMs} ms`, target: '≤ 800 ms' },
    { id: 'C1', scenario: `open ${result.c1.cards}-card board, cached`, value: `${result.c1.cachedMs} ms`, target: '≤ 500 ms' },
    { id: 'C2', scenario: `drag on ${result.c2.cards}-card board, 60 Hz cap off (card moved in ${result.c2.movedFrames} of ${result.c2.frameMs.length} frames)`, value: `${result.c2.fps} fps`, target: '≥ 60 fps' },
    { id: 'C2', scenario: 'frame time p95 during the drag', value: `${result.c2.p95FrameMs} ms`, target: '≤ 20 ms' },
    { id: 'C2', scenario: 'other page sees the drop', value: `${result.c2.remoteSeenAfterDropMs} ms`, target: '≤ 100 ms' },
    { id: 'C4', scenario: 'participant JS gzipped', value: `${(result.c4.participantJsGzipBytes / 1024).toFixed(1)} KB`, target: '≤ 250 KB' },
    { id: 'C5', scenario: `typing on ${result.c5.cards}-card board, key to paint p50 / p95`, value: `${result.c5.p50Ms} / ${result.c5.p95Ms} ms`, target: 'p95 ≤ 16 ms' },
    { id: 'C5', scenario: 'the same on a bare text field (floor)', value: `${result.c5.floor.p50Ms} / ${result.c5.floor.p95Ms} ms`, target: '—' },
  ]);
}
