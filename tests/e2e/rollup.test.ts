/**
 * The portfolio roll-up page in real Chromium against the real server: two
 * product boards under one portfolio, each with an initiative linked through
 * to the same goal, show under that goal with their functions; the goal
 * nobody serves is a gap; the filters work from the keyboard; the room reads
 * it at 1920 × 1080 (no text under 28 px); exports download; what a board's
 * workshop changes shows by itself (and on Refresh); a board's link never opens the roll-up.
 * Most cases read a rich fixture seeded through tests/helpers/portfolioSeed.ts
 * (check-ins, overlaps, a local goal); one builds its portfolio and boards
 * through the HTTP API and stock sync clients, as teams would.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, addLink, readCards, setCardText } from '../../shared/doc/index.ts';
import { connect } from '../helpers/clients.ts';
import { BOARD_TITLES, GOALS, SEGMENTS } from '../helpers/portfolioFixture.ts';
import { seedPortfolio, type SeededPortfolio } from '../helpers/portfolioSeed.ts';
import { e2eRoom, poll } from './browser.ts';

const room = e2eRoom();
const { errors } = room;
let seeded: SeededPortfolio;

beforeAll(async () => {
  seeded = await seedPortfolio(room.server);
});

const rollupLink = (secret: string) => `${room.server.url}/b/${seeded.portfolio.id}/rollup#${secret}`;
const target = (page: Page, text: string) => page.getByRole('article', { name: text, exact: true });
/** The boards a goal's or segment's table names (its row headers), in order. */
const boardsUnder = (page: Page, text: string) => target(page, text).getByRole('rowheader').evaluateAll((cells) => cells.map((c) => c.querySelector('.rollup-board-name')?.textContent ?? ''));

/** The smallest computed font size of visible text on the page, with where it is. */
const smallestText = (page: Page) =>
  page.evaluate(() => {
    let least = { px: Infinity, where: '' };
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement!;
      if (!node.textContent!.trim() || el.closest('.visually-hidden, option')) continue;
      const box = el.getBoundingClientRect();
      if (getComputedStyle(el).visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const px = Number.parseFloat(getComputedStyle(el).fontSize);
      if (px < least.px) least = { px, where: `${el.className || el.tagName}: ${node.textContent!.trim().slice(0, 60)}` };
    }
    return least;
  });

describe('the portfolio roll-up page', () => {
  it('shows both boards under the goal they serve with their functions, the goal nobody serves as a gap, and the overlap side by side', async () => {
    const page = await room.open(rollupLink(seeded.portfolio.secrets.viewer), { width: 1920, height: 1080, who: 'leadership' });
    await page.getByRole('heading', { level: 1, name: 'Acme 2027' }).waitFor();
    // The secret leaves the address bar.
    expect(new URL(page.url()).hash).toBe('');
    const g1 = target(page, GOALS.G1);
    expect(await boardsUnder(page, GOALS.G1)).toEqual([BOARD_TITLES.onboarding, BOARD_TITLES.sales]);
    expect(await g1.getByRole('rowheader', { name: /Onboarding/ }).textContent()).toContain('Product, Marketing');
    expect(await g1.getByRole('rowheader', { name: /Sales enablement/ }).textContent()).toContain('Sales, Customer success');
    expect(await g1.getByRole('row', { name: /Ship the guided invite flow/ }).textContent()).toMatch(/Ana.*due 1 Mar 2027.*Agreed.*At risk.*20 Jan 2027 · 30 %/);
    expect(await g1.getByRole('row', { name: /Run onboarding calls/ }).textContent()).toMatch(/Ben \(Head of Sales\).*In progress/);

    const g3 = target(page, GOALS.G3);
    expect(await g3.textContent()).toContain('Gap: no board serves this goal.');
    expect(await g3.getByRole('table').count()).toBe(0);
    const gaps = page.getByRole('region', { name: /^Gaps/ });
    expect(await gaps.getByRole('listitem').allTextContents()).toEqual([
      `Goal “${GOALS.G3}”: no board’s initiative reaches it.`,
      `Segment “${SEGMENTS.S3}”: no board’s initiative serves it.`,
      `Board “${BOARD_TITLES.support}”: its initiatives reach only its own local goals.`,
    ]);
    const overlap = page.getByRole('region', { name: /^Overlaps/ }).getByRole('listitem');
    expect(await overlap.textContent()).toMatch(/Same behaviour for “Mid-market finance teams”.*Onboarding.*Finance admins invite their teammates.*Sales enablement.*Finance admin invites teammates/);

    const cadence = page.getByRole('region', { name: 'Review cadence' });
    expect(await cadence.getByRole('row', { name: /Sales enablement/ }).textContent()).toContain('20 Jan 2027');

    // The back row reads it: nothing under 28 px on a 1920 × 1080 wall.
    const least = await smallestText(page);
    expect(least.px, least.where).toBeGreaterThanOrEqual(28);
    expect(errors).toEqual([]);
  });

  it('filters by function, segment, owner and status from the keyboard, and clears them', async () => {
    const page = await room.open(rollupLink(seeded.portfolio.secrets.participant), { width: 1440, height: 900, who: 'product lead' });
    await page.getByRole('heading', { level: 1, name: 'Acme 2027' }).waitFor();
    const filters = page.getByRole('search', { name: 'Filter the roll-up' });
    await filters.getByLabel('Segment').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await filters.getByLabel('Function').getAttribute('id'));
    await page.keyboard.type('Sales');
    await poll(() => filters.getByLabel('Function').inputValue()).toBe('sales');
    await poll(() => boardsUnder(page, GOALS.G1)).toEqual([BOARD_TITLES.sales]);
    // Only the customer-success guide reaches the IT admins: under "Sales" nothing does.
    expect(await target(page, SEGMENTS.S2).textContent()).toContain('Gap: no board serves this segment.');
    expect(await page.getByRole('status').filter({ hasText: 'Filtered by function Sales' }).count()).toBe(1);

    // Tab on to Owner: choose Ana (no Sales work of hers: every goal is a gap under both filters).
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ana');
    await poll(() => target(page, GOALS.G1).textContent()).toContain('Gap: no board serves this goal.');
    // Clear filters is the next stop after Status; Enter presses it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Clear filters');
    await page.keyboard.press('Enter');
    await poll(() => boardsUnder(page, GOALS.G1)).toEqual([BOARD_TITLES.onboarding, BOARD_TITLES.sales]);

    // Segment, then status, from the keyboard.
    await filters.getByLabel('Segment').focus();
    await page.keyboard.type('Enterprise');
    await poll(() => page.getByRole('heading', { level: 3 }).allTextContents()).toEqual([GOALS.G1, GOALS.G2, GOALS.G3, SEGMENTS.S2]);
    expect(await boardsUnder(page, GOALS.G1)).toEqual([BOARD_TITLES.sales]);
    // Home picks the first choice again: all segments.
    await filters.getByLabel('Segment').focus();
    await page.keyboard.press('Home');
    await poll(() => filters.getByLabel('Segment').inputValue()).toBe('');
    await filters.getByLabel('Status').focus();
    await page.keyboard.type('In progress');
    await poll(() => boardsUnder(page, GOALS.G2)).toEqual([BOARD_TITLES.sales]);
    expect(errors).toEqual([]);
  });

  it('downloads its exports and follows a board’s change live (and on Refresh)', async () => {
    const page = await room.open(rollupLink(seeded.portfolio.secrets.facilitator), { width: 1440, height: 900, acceptDownloads: true, who: 'facilitator' });
    await page.getByRole('heading', { level: 1, name: 'Acme 2027' }).waitFor();
    const exports = page.getByRole('group', { name: 'Export' });
    for (const [label, file] of [['Markdown', 'acme-2027-rollup.md'], ['CSV', 'acme-2027-rollup.csv'], ['PDF', 'acme-2027-rollup.pdf'], ['JSON', 'acme-2027.portfolio.json']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), exports.getByRole('button', { name: label, exact: true }).click()]);
      expect(download.suggestedFilename()).toBe(file);
      const body = readFileSync((await download.path())!);
      if (label === 'Markdown') expect(body.toString()).toContain('```mermaid');
      if (label === 'PDF') expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      if (label === 'JSON') expect(JSON.parse(body.toString()).format).toBe('product-vcp-portfolio');
    }
    // The sales team renames its SSO initiative in its workshop: the roll-up follows by itself (the server
    // tells the page; its own poll is every 30 s, past this wait); Refresh still fetches it on demand.
    await page.getByText('· live').waitFor();
    const sales = await room.client(seeded.sales, seeded.sales.secrets.facilitator);
    setCardText(sales.doc, 'B-sso-guide', 'SSO setup guide with video');
    await poll(() => target(page, SEGMENTS.S2).textContent()).toContain('SSO setup guide with video');
    setCardText(sales.doc, 'B-sso-guide', 'SSO setup guide, video and FAQ');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await poll(() => target(page, SEGMENTS.S2).textContent()).toContain('SSO setup guide, video and FAQ');
    expect(errors).toEqual([]);
  });

  it('rolls up what teams built through the API: a portfolio, two boards started in it, an initiative linked through in each', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${room.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
      return (await res.json()) as { id: string; secrets: Record<'facilitator' | 'participant' | 'viewer', string> };
    };
    const portfolio = await post('/api/portfolios', { title: 'Northwind 2027' });
    const company = connect(room.server.url, portfolio.id, portfolio.secrets.facilitator);
    const clients = [company];
    try {
      await company.synced;
      const served = addCard(company.doc, { column: 'goal', text: 'Double self-serve revenue' });
      addCard(company.doc, { column: 'goal', text: 'Enter the public sector' });
      const segment = addCard(company.doc, { column: 'segment', text: 'Small agencies' });
      addLink(company.doc, segment, served);

      // Two teams start their boards in the portfolio (its participant link) and build a chain to the shared goal.
      for (const [title, fn] of [['Signup', 'product'], ['Partner sales', 'sales']] as const) {
        const board = await post('/api/boards', { title, portfolio: { id: portfolio.id, secret: portfolio.secrets.participant } });
        const team = connect(room.server.url, board.id, board.secrets.facilitator);
        clients.push(team);
        await team.synced;
        await poll(() => readCards(team.doc).filter((c) => c.portfolio === portfolio.id).length).toBe(3);
        const value = addCard(team.doc, { column: 'value', text: `${title}: agencies bill the same day` });
        addLink(team.doc, value, segment);
        const behaviour = addCard(team.doc, { column: 'behaviour', text: `${title}: agencies invite a client in week one` });
        addLink(team.doc, behaviour, value);
        const indicator = addCard(team.doc, { column: 'indicator', text: `${title}: invites in week one` });
        addLink(team.doc, indicator, behaviour);
        const initiative = addCard(team.doc, { column: 'initiative', text: `${title}: guided invite`, function: fn });
        addLink(team.doc, initiative, indicator);
        await poll(async () => (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json()).links.length).toBe(5); // its four and the portfolio's
      }

      const page = await room.open(`${room.server.url}/b/${portfolio.id}/rollup#${portfolio.secrets.viewer}`, { width: 1440, height: 900, who: 'leadership' });
      await page.getByRole('heading', { level: 1, name: 'Northwind 2027' }).waitFor();
      const goal = target(page, 'Double self-serve revenue');
      await poll(() => boardsUnder(page, 'Double self-serve revenue')).toEqual(['Signup', 'Partner sales']);
      expect(await goal.getByRole('rowheader', { name: /Signup/ }).textContent()).toContain('Product');
      expect(await goal.getByRole('rowheader', { name: /Partner sales/ }).textContent()).toContain('Sales');
      expect(await page.getByRole('region', { name: /^Gaps/ }).getByRole('listitem').allTextContents()).toContain('Goal “Enter the public sector”: no board’s initiative reaches it.');
      expect(errors).toEqual([]);
    } finally {
      for (const c of clients) c.destroy();
    }
  }, 90_000);

  it('does not open with a product board’s link', async () => {
    const page = await room.open(rollupLink(seeded.sales.secrets.facilitator), { who: 'sales facilitator' });
    await page.getByRole('heading', { name: 'The roll-up cannot be opened' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('a product board’s link does not open its portfolio');
    expect(await page.getByRole('article').count()).toBe(0);
  });
});
