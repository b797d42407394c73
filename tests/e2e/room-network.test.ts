/**
 * A workshop over the room's network: the share panel and the projector never
 * offer a link other devices cannot open, and the app works on a plain-http
 * LAN address, which is not a secure context (no Clipboard API, no service
 * worker). Chromium maps vcp.test to 127.0.0.1, so pages on
 * http://vcp.test:PORT run on an insecure origin as on a room's Wi-Fi.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.ts';
import { addCard, column, createWorkshop, launchBrowser, waitOnline, type OpenedPage } from './browser.ts';

let browser: Browser;
const servers: TestServer[] = [];
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser(['--host-resolver-rules=MAP vcp.test 127.0.0.1']);
});
afterEach(async () => {
  for (const o of opened.splice(0)) await o.context.close();
  for (const s of servers.splice(0)) await s.close();
});
afterAll(async () => {
  await browser?.close();
});

async function server(options: TestServerOptions): Promise<TestServer> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}

/**
 * Another person's browser showing `url`: remembers `name`, and with `creator`
 * the board's invite secrets (the browser that created it). Content-Security-
 * Policy violations count as page errors.
 */
async function open(url: string, name?: string, creator?: Awaited<ReturnType<typeof createWorkshop>>): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(([displayName, board]) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      throw new Error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
    if (location.protocol !== 'http:') return;
    if (displayName && !localStorage.getItem('vcp.displayName')) localStorage.setItem('vcp.displayName', displayName);
    if (board) localStorage.setItem(`vcp.board.${board.id}`, JSON.stringify({ secret: board.secrets.facilitator, secrets: board.secrets }));
  }, [name ?? null, creator ?? null] as const);
  const page = await context.newPage();
  const o: OpenedPage = { context, page, errors: [] };
  page.on('pageerror', (e) => o.errors.push(String(e)));
  // The browser's own complaints too (a header it ignores on an insecure origin, a refused resource).
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') o.errors.push(`console ${m.type()}: ${m.text()}`);
  });
  opened.push(o);
  await page.goto(url);
  return o;
}

/** The facilitator's browser (it created the board) on `<base>/b/<id><path>`. */
function facilitatorPage(base: string, board: Awaited<ReturnType<typeof createWorkshop>>, path = ''): Promise<OpenedPage> {
  return open(`${base}/b/${board.id}${path}#${board.secrets.facilitator}`, 'Fran', board);
}

/** The data: URL of the QR code the app draws for `link` (same library, same options). */
async function qrFor(link: string, dark: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark, light: '#ffffff' } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

async function lanUrls(s: TestServer): Promise<string[]> {
  const info = (await (await fetch(`${s.url}/api/server`)).json()) as { roomUrls: string[] };
  if (!info.roomUrls.length) throw new Error('this machine has no network address besides loopback: the LAN test needs one');
  return info.roomUrls;
}

describe('links for the room', () => {
  it('on a loopback-only server, offers no link to others; the share panel says how to start the server for the room, the wall tells the room nothing about it', async () => {
    const s = await server({ publicUrl: null });
    const board = await createWorkshop(s.url, 'Solo laptop');
    const facilitator = await facilitatorPage(s.url, board);
    const f = facilitator.page;
    await waitOnline(f);
    await f.getByRole('button', { name: 'Invite' }).click();
    const note = f.getByRole('note', { name: 'Only this computer can open this board' });
    await expect.poll(() => note.textContent()).toContain('npm start -- --lan');
    expect(await f.getByRole('img', { name: 'QR code of the participant join link' }).count()).toBe(0);
    // The links are still there for this computer, folded away under that name.
    expect(await f.getByRole('textbox', { name: 'Participant link — edit' }).isVisible()).toBe(false);
    await f.getByText('Links for this computer only').click();
    expect(await f.getByRole('textbox', { name: 'Participant link — edit' }).inputValue()).toBe(`${s.url}/b/${board.id}#${board.secrets.participant}`);

    // The wall tells the room nothing about the server (that is the facilitator's note): a small hint at most.
    const p = (await facilitatorPage(s.url, board, '/present')).page;
    const hint = p.getByText('The join code appears here once the board is open to the room’s network.');
    await hint.waitFor();
    expect(await p.getByText(/npm start|--lan|server/).count()).toBe(0);
    expect(await p.getByRole('img', { name: 'QR code to join the workshop' }).count()).toBe(0);
    const [hintSize, titleSize] = await Promise.all([hint, p.getByRole('heading', { name: 'Solo laptop' })].map((el) => el.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize))));
    expect(hintSize!).toBeLessThan(titleSize! / 2);
  });

  it('on a server for the room, a page opened on 127.0.0.1 links and draws QR codes for the LAN address', async () => {
    const s = await server({ host: '0.0.0.0', publicUrl: null });
    const [lan] = await lanUrls(s);
    const local = `http://127.0.0.1:${s.port}`;
    const board = await createWorkshop(local, 'Room laptop');
    const f = (await facilitatorPage(local, board)).page;
    await waitOnline(f);
    await f.getByRole('button', { name: 'Invite' }).click();
    const participantLink = f.getByRole('textbox', { name: 'Participant link — edit' });
    await expect.poll(() => participantLink.inputValue()).toBe(`${lan}/b/${board.id}#${board.secrets.participant}`);
    expect(await f.getByRole('textbox', { name: 'Viewer link — read only' }).inputValue()).toBe(`${lan}/b/${board.id}#${board.secrets.viewer}`);
    const projectorLink = await f.getByRole('textbox', { name: 'Projector link — the wall, shows the join code' }).inputValue();
    expect(projectorLink).toBe(`${lan}/b/${board.id}/present#${board.secrets.projector}`);
    const qr = f.getByRole('img', { name: 'QR code of the participant join link' });
    await expect.poll(() => qr.getAttribute('src')).toBe(await qrFor(`${lan}/b/${board.id}#${board.secrets.participant}`, '#1b2430'));
    expect(await f.getByRole('note').count()).toBe(0);

    const p = (await facilitatorPage(local, board, '/present')).page;
    const wallQr = p.getByRole('img', { name: 'QR code to join the workshop' });
    await expect.poll(() => wallQr.getAttribute('src')).toBe(await qrFor(`${lan}/b/${board.id}#${board.secrets.participant}`, '#000000'));
    await expect.poll(() => p.getByText(new URL(lan!).host, { exact: true }).count()).toBe(1);

    // The room PC: a fresh browser on the projector link reads the code the facilitator shows (with the projector
    // secret) and draws the same QR code, for the LAN address.
    const roomPc = (await open(projectorLink)).page;
    const roomQr = roomPc.getByRole('img', { name: 'QR code to join the workshop' });
    await expect.poll(() => roomQr.getAttribute('src')).toBe(await qrFor(`${lan}/b/${board.id}#${board.secrets.participant}`, '#000000'));
    expect(await roomPc.getByLabel(/^Join code /).first().textContent()).toBe(await p.getByLabel(/^Join code /).first().textContent());
  });

  it('PUBLIC_URL is the base of every link and QR code', async () => {
    const s = await server({ publicUrl: 'https://vcp.example.com' });
    const board = await createWorkshop(s.url, 'Behind a proxy');
    const f = (await facilitatorPage(s.url, board)).page;
    await waitOnline(f);
    await f.getByRole('button', { name: 'Invite' }).click();
    const link = `https://vcp.example.com/b/${board.id}#${board.secrets.participant}`;
    await expect.poll(() => f.getByRole('textbox', { name: 'Participant link — edit' }).inputValue()).toBe(link);
    expect(await f.getByRole('textbox', { name: 'Viewer link to the review summary — read only' }).inputValue()).toBe(`https://vcp.example.com/b/${board.id}/review#${board.secrets.viewer}`);
    expect(await f.getByRole('img', { name: 'QR code of the participant join link' }).getAttribute('src')).toBe(await qrFor(link, '#1b2430'));
    await f.getByRole('button', { name: 'Create a join code' }).click();
    await f.getByText('People type it on the start page (vcp.example.com)').waitFor();
  });
});

describe('on plain http over the room network (an insecure origin)', () => {
  it('joins by QR link and by code, copies a link, edits, and goes offline and back', async () => {
    const s = await server({ publicUrl: null });
    const room = `http://vcp.test:${s.port}`;

    // The facilitator starts the workshop on the room address.
    const facilitator = await open(`${room}/`);
    const f = facilitator.page;
    expect(await f.evaluate(() => window.isSecureContext)).toBe(false);
    await f.getByRole('textbox', { name: 'Workshop title' }).fill('Wi-Fi workshop');
    await f.getByRole('textbox', { name: 'Your name' }).fill('Fran');
    await f.getByRole('button', { name: 'Start workshop' }).click();
    await f.getByRole('heading', { name: 'Share this board' }).waitFor();
    await waitOnline(f);

    // The QR code holds the participant link on the room address.
    const linkField = f.getByRole('textbox', { name: 'Participant link — edit' });
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${room}/b/[A-Za-z0-9_-]+#.{20,}$`));
    const qr = f.getByRole('img', { name: 'QR code of the participant join link' });
    await expect.poll(() => qr.getAttribute('src')).toBe(await qrFor(link, '#1b2430'));

    // Copy works without the Clipboard API: the link lands on the clipboard (or is selected).
    await f.getByRole('button', { name: 'Copy participant link — edit' }).click();
    await f.getByRole('status').filter({ hasText: /Participant link (copied|selected: press)/ }).waitFor();
    expect(await linkField.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0))).toBe(link);
    await f.getByRole('button', { name: 'Add card to Business goals' }).click();
    await f.keyboard.press('Control+V');
    await expect.poll(() => column(f, 'Business goals').getByRole('textbox', { name: 'Card text' }).first().inputValue()).toBe(link);
    await f.keyboard.press('Control+A');
    await f.keyboard.type('Grow NRR to 115%');
    await f.keyboard.press('Escape');

    // A participant scans the QR code (opens its link) and edits.
    const ana = await open(link, 'Ana');
    await waitOnline(ana.page);
    await expect.poll(() => column(ana.page, 'Business goals').getByRole('textbox', { name: 'Card text' }).first().inputValue()).toBe('Grow NRR to 115%');
    await addCard(ana.page, 'Segments', 'Mid-market ops teams');
    await expect.poll(() => column(f, 'Segments').getByRole('textbox', { name: 'Card text' }).first().inputValue()).toBe('Mid-market ops teams');

    // Another joins by typing the code on the start page.
    await f.getByRole('button', { name: 'Create a join code' }).click();
    const code = (await f.getByLabel(/^Join code /).getAttribute('aria-label'))!.replace('Join code ', '').replace(/ /g, '');
    await f.getByText(`People type it on the start page (vcp.test:${s.port})`).waitFor();
    const ben = await open(`${room}/`, 'Ben');
    await ben.page.getByRole('textbox', { name: 'Join code' }).fill(code);
    await ben.page.getByRole('button', { name: 'Join', exact: true }).click();
    await waitOnline(ben.page);
    await f.getByRole('listitem', { name: 'Ben, participant' }).waitFor();

    // Offline and back: what Ana wrote meanwhile reaches everyone.
    await ana.context.setOffline(true);
    await ana.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
    await addCard(ana.page, 'Customer value', 'Plan in hours, not days');
    await ana.context.setOffline(false);
    await waitOnline(ana.page);
    for (const page of [f, ben.page]) {
      await expect.poll(() => column(page, 'Customer value').getByRole('textbox', { name: 'Card text' }).first().inputValue(), { timeout: 15_000 }).toBe('Plan in hours, not days');
    }

    // No service worker on an insecure origin, and nothing broke for lack of one.
    expect(await ana.page.evaluate(() => 'serviceWorker' in navigator)).toBe(false);
    expect([...facilitator.errors, ...ana.errors, ...ben.errors]).toEqual([]);
  });

  it('runs under the Content-Security-Policy on a secure origin too: service worker, QR codes, styles', async () => {
    const s = await server({});
    const board = await createWorkshop(s.url, 'Policy check', true);
    const o = await facilitatorPage(s.url, board);
    await waitOnline(o.page);
    await o.page.locator('html[data-offline-ready="true"]').waitFor({ state: 'attached' });
    await o.page.getByRole('button', { name: 'Invite' }).click();
    await o.page.getByRole('img', { name: 'QR code of the participant join link' }).waitFor();
    const present = await facilitatorPage(s.url, board, '/present');
    await present.page.getByRole('img', { name: 'QR code to join the workshop' }).waitFor();
    // Styles from the stylesheet applied (an inline-style refusal would leave them unstyled).
    expect(await o.page.locator('.qr').evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    expect([...o.errors, ...present.errors]).toEqual([]);
  });
});
