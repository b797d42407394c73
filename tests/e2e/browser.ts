/**
 * Browser helpers for the end-to-end tests: one Chromium per test file, a new
 * context (own storage, own network) per page, pages found by role and name.
 */
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { resolveChromium } from '../helpers/chromium.ts';

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
}

/** A fresh browser context (like another person's laptop) showing `url`. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  if (options.name) {
    await context.addInitScript((name) => {
      if (!localStorage.getItem('vcp.displayName')) localStorage.setItem('vcp.displayName', name);
    }, options.name);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { context, page, errors };
}

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
