/**
 * Browser helpers for the end-to-end tests: one Chromium per test file, a new
 * context (own storage, own network) per page, pages found by role and name.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { resolveChromium } from '../helpers/chromium.ts';
import type { DocKind } from '../../shared/protocol.ts';
import { trackClients, type SyncClient } from '../helpers/clients.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches the browser the run resolved (tests/globalSetup.ts), or resolves it
 * here when run outside Vitest (the bench). `extraArgs`: e.g. host resolver rules.
 */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (process.env.VCP_CHROMIUM_ERROR) throw new Error(process.env.VCP_CHROMIUM_ERROR);
  const executablePath = process.env.VCP_RESOLVED_CHROMIUM || resolveChromium().executablePath;
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Errors thrown in the page: a test can assert there were none. */
  errors: string[];
}

export interface OpenOptions {
  /** Display name remembered in the browser, so the join prompt is skipped. */
  name?: string;
  width?: number;
  height?: number;
  /** The device that created this board: it remembers the board's invites, as the facilitator's does. */
  creator?: Workshop;
  acceptDownloads?: boolean;
}

/** A fresh browser context (like another person's laptop) showing `url`. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  await context.addInitScript(([name, board]) => {
    if (name && !localStorage.getItem('vcp.displayName')) localStorage.setItem('vcp.displayName', name);
    if (board && !localStorage.getItem(`vcp.board.${board.id}`)) {
      localStorage.setItem(`vcp.board.${board.id}`, JSON.stringify({ secret: board.secrets.facilitator, secrets: board.secrets }));
    }
  }, [options.name ?? null, options.creator ?? null] as const);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { context, page, errors };
}

/** The real server and one Chromium that a file's browser tests share. */
export interface E2eRoom {
  readonly server: TestServer;
  readonly browser: Browser;
  /** Errors thrown in every page `open` opened, as `who: error` (a test asserts there were none). */
  readonly errors: string[];
  /**
   * Another person's device showing `url` (`who` names it in `errors`,
   * default its display name): a page with a 15 s default timeout, closed
   * with the room.
   */
  open(url: string, options?: OpenOptions & { who?: string }): Promise<Page>;
  /** `open` on the board's link for `secret`, once the page says `status` (default Online; null: do not wait). */
  person(board: Workshop, secret: string, options?: OpenOptions & { who?: string; status?: string | null }): Promise<Page>;
  /** A stock sync client on one of the board's documents, synced; closed after the test. */
  client(board: Workshop, secret: string, kind?: DocKind): Promise<SyncClient>;
}

/**
 * Starts the server (with `options`) and Chromium before the file's tests and
 * closes them, with every page opened, after. Call once at the top of a test file.
 */
export function e2eRoom(options: TestServerOptions = {}): E2eRoom {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const clients = trackClients();
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(options), launchBrowser()]);
  });
  afterEach(() => clients.destroyAll());
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the room starts before the tests (beforeAll)');
    return value;
  };
  const room: E2eRoom = {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    errors,
    async open(url, openOptions = {}) {
      const who = openOptions.who ?? openOptions.name ?? 'a page';
      const opened = await openPage(started(browser), url, openOptions);
      contexts.push(opened.context);
      opened.context.setDefaultTimeout(15_000);
      for (const e of opened.errors) errors.push(`${who}: ${e}`);
      opened.page.on('pageerror', (e) => errors.push(`${who}: ${String(e)}`));
      return opened.page;
    },
    async person(board, secret, { status = 'Online', ...openOptions } = {}) {
      const page = await room.open(boardLink(started(server).url, board.id, secret), openOptions);
      if (status) await waitOnline(page, status);
      return page;
    },
    async client(board, secret, kind = 'content') {
      const c = clients.connect(started(server).url, board.id, secret, kind);
      await c.synced;
      return c;
    },
  };
  return room;
}

/** `expect.poll` with the patience of a busy 2-core machine: what another page shows may take a while. */
export const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout });

export interface Workshop {
  id: string;
  title: string;
  secrets: { facilitator: string; participant: string; viewer: string; reviewer: string; projector: string };
}

/** Creates a board through the HTTP API (the landing page flow has its own test). */
export async function createWorkshop(baseUrl: string, title: string, example = false): Promise<Workshop> {
  const response = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, example }),
  });
  if (response.status !== 201) throw new Error(`creating a board failed: ${response.status}`);
  return (await response.json()) as Workshop;
}

/** Creates a board from board JSON (an import) through the HTTP API. */
export async function importWorkshop(baseUrl: string, json: unknown): Promise<Workshop> {
  const response = await fetch(`${baseUrl}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
  if (response.status !== 201) throw new Error(`importing a board failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Workshop;
}

export function boardLink(baseUrl: string, boardId: string, secret: string): string {
  return `${baseUrl}/b/${boardId}#${secret}`;
}

/** Waits until the page's connection status says it is live. */
export async function waitOnline(page: Page, label = 'Online'): Promise<void> {
  await page.getByRole('status').filter({ hasText: label }).waitFor();
}

/** The region of one board column, by its title. */
export function column(page: Page, title: string) {
  return page.getByRole('region', { name: title, exact: true });
}

/**
 * Adds a card to a column from its add button and types its text (`field`: the
 * field the new card focuses, "Draft text" during private writing), then leaves it.
 */
export async function addCard(page: Page, columnTitle: string, text: string, field = 'Card text'): Promise<void> {
  const add = page.getByRole('button', { name: `Add card to ${columnTitle}` });
  // The board opens readable, wider than the screen: focus pans a column out of sight into view, as Tab would.
  await add.focus();
  await add.click();
  const box = column(page, columnTitle).getByRole('textbox', { name: field }).last();
  await expect.poll(() => box.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

/**
 * Brings a card (or a control on one) into the board's view the way keyboard
 * focus does: the board opens readable and wider than the screen, and it pans
 * rather than scrolls, so a click alone cannot reach a card out of sight.
 */
export async function bringIntoView(target: Locator): Promise<void> {
  const focusable = target.locator('xpath=self::button|self::textarea|self::input').or(target.locator('button, textarea, input')).first();
  await focusable.focus();
}

export interface BoardArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The board area a page's canvas shows, in board units (from its pan and zoom). */
export async function visibleArea(page: Page): Promise<BoardArea> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLElement>('.canvas')!;
    const content = document.querySelector<HTMLElement>('.canvas-content')!;
    const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(content.style.transform)!;
    const [x, y, zoom] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return { x: -x / zoom, y: -y / zoom, width: canvas.clientWidth / zoom, height: canvas.clientHeight / zoom };
  });
}

/** Whether `follower` shows all of what `leader` shows, centred on the same point (follow-me). */
export async function showsAllOf(follower: Page, leader: Page, tolerance = 2): Promise<boolean> {
  const [f, a] = [await visibleArea(leader), await visibleArea(follower)];
  return a.x <= f.x + tolerance && a.y <= f.y + tolerance && a.x + a.width >= f.x + f.width - tolerance && a.y + a.height >= f.y + f.height - tolerance
    && Math.abs(a.x + a.width / 2 - (f.x + f.width / 2)) < tolerance && Math.abs(a.y + a.height / 2 - (f.y + f.height / 2)) < tolerance;
}

/**
 * Resolves once dnd-kit's keyboard sensor listens for arrow keys after a
 * pick-up (Space on a move handle): it starts listening in a zero-delay timer
 * queued at pick-up, and a timer queued after it in the page runs after it.
 */
export async function keyboardSensorListening(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}
