/**
 * Starting a workshop, joining it, and editing cards together: two people on
 * one board in separate browser contexts, everything found by role and name.
 */
import { describe, expect, it } from 'vitest';
import { boardLink, column, createWorkshop, e2eRoom, openPage, waitOnline } from './browser.ts';

const room = e2eRoom();

describe('start and join', () => {
  it('creates a workshop from the landing page and a participant joins with the link', async () => {
    const facilitator = await openPage(room.browser, `${room.server.url}/`);
    const f = facilitator.page;
    await f.getByRole('textbox', { name: 'Workshop title' }).fill('Q3 strategy');
    await f.getByRole('textbox', { name: 'Your name' }).fill('Fran');
    await f.getByRole('button', { name: 'Start workshop' }).click();

    await f.getByRole('heading', { name: 'Share this board' }).waitFor();
    await waitOnline(f);
    expect(f.url()).toMatch(/\/b\/[A-Za-z0-9_-]+$/); // the secret left the address bar
    await f.getByRole('img', { name: 'QR code of the participant join link' }).waitFor();
    const link = await f.getByRole('textbox', { name: 'Participant link — edit' }).inputValue();
    const viewerLink = await f.getByRole('textbox', { name: 'Viewer link — read only' }).inputValue();
    expect(link).toMatch(/\/b\/[A-Za-z0-9_-]+#.{20,}/);
    expect(viewerLink).not.toBe(link);
    // The review link is the viewer link opening on the review summary.
    const reviewLink = await f.getByRole('textbox', { name: 'Viewer link to the review summary — read only' }).inputValue();
    expect(reviewLink).toBe(viewerLink.replace('#', '/review#'));

    const participant = await openPage(room.browser, link);
    const p = participant.page;
    await p.getByRole('heading', { name: 'Q3 strategy' }).waitFor();
    await p.getByRole('textbox', { name: 'Your name' }).fill('Pat');
    await p.getByRole('button', { name: 'Join board' }).click();
    await waitOnline(p);
    for (const title of ['Business goals', 'Segments', 'Customer value', 'User behaviours', 'Value indicators', 'Initiatives']) {
      await column(p, title).waitFor();
    }
    expect(await p.getByRole('button', { name: 'Invite' }).count()).toBe(0);

    // Each sees the other on the board.
    await f.getByRole('listitem', { name: 'Pat, participant' }).waitFor();
    await p.getByRole('listitem', { name: 'Fran, facilitator' }).waitFor();

    // Goal on the right by default; the facilitator flips the board for everyone.
    // (Left on screen, not first in the page: the page keeps the columns in phase order, for Tab.)
    const firstColumn = () =>
      p.getByRole('region', { name: /^(Business goals|Segments|Customer value|User behaviours|Value indicators|Initiatives)$/ }).getByRole('heading', { level: 2 })
        .evaluateAll((els) => els.map((e) => ({ x: e.getBoundingClientRect().left, text: e.textContent })).sort((a, b) => a.x - b.x)[0]?.text);
    expect(await firstColumn()).toBe('Initiatives');
    expect(await p.getByRole('button', { name: /^Put the goal column/ }).count()).toBe(0);
    await f.getByRole('button', { name: 'Put the goal column on the left' }).click();
    await expect.poll(firstColumn).toBe('Business goals');

    // A stakeholder with the review link lands on the summary, read only.
    const reviewer = await openPage(room.browser, reviewLink);
    await reviewer.page.getByRole('region', { name: 'Goals' }).waitFor();
    await reviewer.page.getByRole('region', { name: 'Since your last visit' }).waitFor();
    // "Read only" once the page is online and synced (the summary may show the board before).
    await expect.poll(() => reviewer.page.getByRole('status').filter({ hasText: 'Read only' }).count()).toBe(1);
    expect(reviewer.errors).toEqual([]);
    await reviewer.context.close();

    // The name is remembered: reopening the link skips the name prompt.
    await p.goto(link);
    await waitOnline(p);
    expect(await p.getByRole('button', { name: 'Join board' }).count()).toBe(0);
    expect([...facilitator.errors, ...participant.errors]).toEqual([]);
    await facilitator.context.close();
    await participant.context.close();
  });
});

describe('cards together', () => {
  it('shows a card added on one page on the other, merges concurrent typing, and undoes a delete', async () => {
    const board = await createWorkshop(room.server.url, 'Cards together');
    const a = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.facilitator), { name: 'Ana' });
    const b = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Ben' });
    await Promise.all([waitOnline(a.page), waitOnline(b.page)]);

    await a.page.getByRole('button', { name: 'Add card to Business goals' }).click();
    const aText = column(a.page, 'Business goals').getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => aText.evaluate((el) => el === document.activeElement)).toBe(true);
    await a.page.keyboard.type('Grow ARR');

    const bText = column(b.page, 'Business goals').getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => bText.inputValue(), { timeout: 10_000 }).toBe('Grow ARR');

    // Both type into the same card at once.
    await aText.click();
    await a.page.keyboard.press('End');
    await bText.click();
    await b.page.keyboard.press('End');
    const fromA = ' by 20% in 2026';
    const fromB = ' (net new)';
    await Promise.all([a.page.keyboard.type(fromA, { delay: 25 }), b.page.keyboard.type(fromB, { delay: 25 })]);
    const sorted = (s: string) => [...s].sort().join('');
    const expected = sorted(`Grow ARR${fromA}${fromB}`);
    await expect.poll(async () => sorted(await aText.inputValue()), { timeout: 10_000 }).toBe(expected);
    await expect.poll(async () => bText.inputValue(), { timeout: 10_000 }).toBe(await aText.inputValue());
    // Whoever is editing the card is shown to the other.
    await expect.poll(() => column(a.page, 'Business goals').getByText('Ben editing').count()).toBe(1);

    // Delete on one page (Ben is typing in it: asked first), undo from the notice: the card comes back everywhere.
    const text = await aText.inputValue();
    await a.page.getByRole('button', { name: /^Delete card: Grow ARR/ }).click();
    await column(a.page, 'Business goals').getByText('Ben is typing in this card. Click again to delete it anyway.').waitFor();
    await a.page.getByRole('button', { name: /^Delete anyway: Grow ARR/ }).click();
    await expect.poll(() => column(b.page, 'Business goals').getByRole('textbox', { name: 'Card text' }).count()).toBe(0);
    await a.page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => column(b.page, 'Business goals').getByRole('textbox', { name: 'Card text' }).count()).toBe(1);
    await expect.poll(() => bText.inputValue()).toBe(text);

    // Undone from the toolbar instead, the notice goes with its step: no Undo left that would take back something else.
    await a.page.getByRole('button', { name: /^Delete card: Grow ARR/ }).click();
    await a.page.getByRole('status').getByRole('button', { name: 'Undo' }).waitFor();
    await a.page.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => column(b.page, 'Business goals').getByRole('textbox', { name: 'Card text' }).count()).toBe(1);
    await expect.poll(() => a.page.getByRole('status').getByRole('button', { name: 'Undo' }).count()).toBe(0);

    // Undo is per person: Ben's undo does not remove Ana's card.
    await b.page.getByRole('button', { name: 'Add card to Segments' }).click();
    await b.page.keyboard.type('Agencies');
    const bSegment = column(b.page, 'Segments').getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => bSegment.inputValue()).toBe('Agencies');
    await column(a.page, 'Segments').getByRole('textbox', { name: 'Card text' }).waitFor();
    // Adding a card and typing in it are one undo step, unless the typing began
    // more than half a second after the card appeared (a busy machine): then the
    // first undo takes the text and the next the card. Undo until Ben's card is gone.
    for (let i = 0; i < 3 && (await bSegment.count()) > 0; i++) {
      const before = await bSegment.inputValue();
      await b.page.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
      await expect.poll(async () => (await bSegment.count()) === 0 || (await bSegment.inputValue()) !== before).toBe(true);
    }
    await expect.poll(() => column(a.page, 'Segments').getByRole('textbox', { name: 'Card text' }).count()).toBe(0);
    expect(await column(b.page, 'Business goals').getByRole('textbox', { name: 'Card text' }).count()).toBe(1);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});

describe('a first visit', () => {
  /**
   * Opens the participant link in a fresh browser (no person remembered), the name typed
   * (`typed`) or remembered, and records the join requests and the sockets in the order the page made them.
   */
  async function firstVisit(link: string, who: string, typed: boolean) {
    const context = await room.browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (!typed) await context.addInitScript((name) => localStorage.setItem('vcp.displayName', name), who);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const events: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.method() === 'POST' && path.endsWith('/people')) events.push('join');
      // The control session's first request (its clock estimate), made as it starts.
      if (path === '/api/time' && !events.includes('control session')) events.push('control session');
    });
    page.on('websocket', (ws) => {
      const url = new URL(ws.url());
      events.push(url.pathname.endsWith('/control') ? 'control socket' : url.searchParams.has('person') ? 'board socket with person' : `other socket ${url.pathname}`);
    });
    await page.goto(link);
    if (typed) {
      await page.getByRole('textbox', { name: 'Your name' }).fill(who);
      await page.getByRole('button', { name: 'Join board' }).click();
    }
    await waitOnline(page);
    return { context, page, errors, events };
  }

  it('joins once, before the workshop part of the page is up, and the board connects as that person from the start', async () => {
    const board = await createWorkshop(room.server.url, 'First visits');
    const f = await openPage(room.browser, boardLink(room.server.url, board.id, board.secrets.facilitator), { name: 'Fran' });
    await waitOnline(f.page);
    const link = boardLink(room.server.url, board.id, board.secrets.participant);
    for (const [who, typed] of [['Rem', false], ['Tia', true]] as const) {
      const visit = await firstVisit(link, who, typed);
      await f.page.getByRole('listitem', { name: `${who}, participant` }).waitFor();
      // One person (not one per part of the page that needs them); the join goes out before the
      // control session starts (the page starts it once the board's session is up), and the board's
      // socket carries the person from its first connect (it waited for the join, not for a render).
      expect(visit.events.filter((e) => e === 'join')).toEqual(['join']);
      expect(visit.events.indexOf('join')).toBeLessThan(visit.events.indexOf('control session'));
      expect(visit.events.filter((e) => !['join', 'control socket', 'control session'].includes(e))).toEqual(['board socket with person']);
      expect(await f.page.getByRole('listitem', { name: `${who}, participant` }).count()).toBe(1);
      // A reload is a known person: no second join.
      await visit.page.reload();
      await waitOnline(visit.page);
      expect(visit.events.filter((e) => e === 'join')).toEqual(['join']);
      expect(visit.errors).toEqual([]);
      await visit.context.close();
    }
    expect(f.errors).toEqual([]);
    await f.context.close();
  });

  it("asks who we are, and joins, while the board page's code is still on its way", async () => {
    const board = await createWorkshop(room.server.url, 'Early questions');
    const context = await room.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('vcp.displayName', 'Early'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const seen: string[] = [];
    let joined = () => {};
    const join = new Promise<void>((resolve) => (joined = resolve));
    page.on('requestfinished', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'GET' && path === `/api/boards/${board.id}`) seen.push('access');
      if (request.method() === 'POST' && path === `/api/boards/${board.id}/people`) {
        seen.push('join');
        joined();
      }
    });
    // The board page's code is held back until the server has been asked (or 5 s: a page that
    // asks only once the code is there would wait that long, and ask after it).
    await page.route(/\/assets\/BoardPage-[^/]+\.js$/, async (route) => {
      seen.push('code held');
      await Promise.race([join, new Promise((resolve) => setTimeout(resolve, 5000))]);
      seen.push('code released');
      await route.continue();
    });
    await page.goto(boardLink(room.server.url, board.id, board.secrets.participant));
    await waitOnline(page);
    expect(seen).toEqual(['code held', 'access', 'join', 'code released']);
    expect(page.url()).not.toContain('#'); // the secret left the address bar
    await column(page, 'Business goals').getByRole('button', { name: 'Add card to Business goals' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
