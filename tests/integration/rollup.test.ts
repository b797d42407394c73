/**
 * The portfolio roll-up over HTTP on the real server and storage: the JSON,
 * each export (Markdown with its Mermaid graph, CSV, PDF, the portfolio
 * export), live reads of an open board, and access (a board's secrets never
 * open the portfolio's roll-up; an id that is no portfolio is a 404).
 */
import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCardText } from '../../shared/doc/index.ts';
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { BOARD_TITLES, FIXTURE_TODAY, GOALS } from '../helpers/portfolioFixture.ts';
import { seedPortfolio, type SeededPortfolio } from '../helpers/portfolioSeed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { RollupWatch, TooManyReaders } from '../../server/portfolio/rollupWatch.ts';

let server: TestServer;
let seeded: SeededPortfolio;

beforeAll(async () => {
  server = await startTestServer();
  seeded = await seedPortfolio(server);
});
afterAll(async () => {
  await server.close();
});

const get = (path: string, secret?: string) => fetch(`${server.url}${path}`, secret ? { headers: { Authorization: `Bearer ${secret}` } } : {});
const rollupPath = (query = '') => `/api/portfolios/${seeded.portfolio.id}/rollup${query}`;

/** A roll-up event stream read as the browser reads it (fetch with the secret in the header); `next(name)` waits for that event. */
async function openEvents(portfolioId: string, secret: string) {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/api/portfolios/${portfolioId}/rollup/events`, { headers: { Authorization: `Bearer ${secret}` }, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const events: string[] = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const name = /^event: (\w+)$/m.exec(buffered.slice(0, end))?.[1];
        buffered = buffered.slice(end + 2);
        if (name) events.push(name);
      }
    }
  })().catch(() => {});
  return {
    response,
    async next(name: string) {
      await waitFor(() => events.includes(name), `the "${name}" event`);
      events.splice(events.indexOf(name), 1);
    },
    async close() {
      abort.abort();
      await pump;
    },
  };
}

describe('GET /api/portfolios/<id>/rollup', () => {
  it('answers the roll-up of the portfolio and its three boards, read from the real storage', async () => {
    const res = await get(rollupPath(`?today=${FIXTURE_TODAY}`), seeded.portfolio.secrets.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const rollup = (await res.json()) as Rollup;
    expect(rollup.portfolio).toEqual({ id: seeded.portfolio.id, title: 'Acme 2027' });
    expect(rollup.today).toBe(FIXTURE_TODAY);
    const g1 = rollup.goals.find((g) => g.id === 'G1')!;
    expect(g1.boards.map((b) => [b.title, b.functions])).toEqual([[BOARD_TITLES.onboarding, ['product', 'marketing']], [BOARD_TITLES.sales, ['sales', 'cs']]]);
    expect(rollup.gaps.map((g) => (g.kind === 'board' ? g.board : g.id))).toEqual(['G3', 'S3', seeded.support.id]);
    expect(rollup.overlaps).toHaveLength(1);
    expect(rollup.cadence.map((c) => [c.title, c.nextReview ?? null, c.reviewOverdue])).toEqual([
      [BOARD_TITLES.onboarding, '2027-02-15', false], [BOARD_TITLES.sales, '2027-01-20', true], [BOARD_TITLES.support, null, false],
    ]);
  });

  it('opens to every role of the portfolio, and reads a board live as its workshop edits it', async () => {
    for (const role of ['facilitator', 'participant', 'viewer', 'reviewer', 'projector'] as const) {
      expect((await get(rollupPath(), seeded.portfolio.secrets[role])).status, role).toBe(200);
    }
    const client = connect(server.url, seeded.sales.id, seeded.sales.secrets.participant);
    await client.synced;
    setCardText(client.doc, 'B-sso-guide', 'SSO setup guide and video');
    await waitFor(async () => {
      const rollup = (await (await get(rollupPath(), seeded.portfolio.secrets.viewer)).json()) as Rollup;
      return rollup.reaches.some((r) => r.initiative.text === 'SSO setup guide and video');
    }, 'the edited initiative in the roll-up');
    client.destroy();
  });

  it('never opens with a board’s secrets (401), without a secret (401), and is a 404 for an id that is no portfolio', async () => {
    for (const board of [seeded.onboarding, seeded.sales, seeded.support]) {
      for (const role of ['facilitator', 'participant', 'viewer', 'reviewer', 'projector'] as const) {
        const res = await get(rollupPath(), board.secrets[role]);
        expect(res.status, `${board.title} ${role}`).toBe(401);
        expect((await res.json()).error.code).toBe('unauthorized');
      }
    }
    expect((await get(rollupPath())).status).toBe(401);
    expect((await get(`/api/portfolios/${seeded.portfolio.id}/export`, seeded.sales.secrets.facilitator)).status).toBe(401);
    // A product board asked for as a portfolio, with its own secret: it exists but is no portfolio.
    const notPortfolio = await get(`/api/portfolios/${seeded.sales.id}/rollup`, seeded.sales.secrets.facilitator);
    expect(notPortfolio.status).toBe(404);
    expect(await notPortfolio.json()).toEqual({ error: { code: 'not_found', message: 'no such portfolio' } });
    expect((await get(`/api/portfolios/${seeded.sales.id}/export`, seeded.sales.secrets.viewer)).status).toBe(404);
    expect((await get('/api/portfolios/nosuchportfolio1/rollup', seeded.portfolio.secrets.viewer)).status).toBe(404);
  });

  it('refuses an unknown format, a bad bom and a bad date with the path of the bad parameter', async () => {
    const docx = await get(rollupPath('?format=docx'), seeded.portfolio.secrets.viewer);
    expect(docx.status).toBe(400);
    expect((await docx.json()).error.message).toBe('format: unsupported roll-up format "docx"; supported: json, md, csv, pdf');
    expect((await (await get(rollupPath('?format=csv&bom=2'), seeded.portfolio.secrets.viewer)).json()).error.message).toBe('bom: must be 0 or 1');
    expect((await (await get(rollupPath('?today=2027-13-40'), seeded.portfolio.secrets.viewer)).json()).error.message).toMatch(/^today: /);
  });
});

describe('roll-up exports', () => {
  const download = async (format: string) => {
    const res = await get(rollupPath(`?format=${format}&today=${FIXTURE_TODAY}`), seeded.portfolio.secrets.participant);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="acme-2027-rollup.${format}"`);
    return res;
  };

  it('Markdown: each goal with its boards and commitments, the gap, the overlap, the cadence, and a Mermaid graph of goals ← boards', async () => {
    const res = await download('md');
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# Portfolio roll-up: Acme 2027');
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(text)![1]!;
    expect(mermaid).toMatch(/^flowchart RL/);
    expect(mermaid).toContain('g1["Grow net revenue retention to 115#37;"]');
    expect(mermaid).toContain('b1["Onboarding"]');
    expect(mermaid).toContain('b1 -->|"Product, Marketing"| g1');
    expect(mermaid).toContain('b2 -->|"Sales, Customer success"| g1');
    expect(mermaid).not.toMatch(/b3 -->/);
    expect(mermaid).toContain('class g3 gap');
    expect(text).toContain('| Onboarding | Product, Marketing | Ship the guided invite flow | Ana | 2027-03-01 | Agreed |');
    expect(text).toContain('At risk on 2027-01-20 by Ana: value 30 % — Email provider late');
    expect(text).toContain('In progress (overdue, check-in missing)');
    expect(text).toMatch(/### Cut cost to serve by 20%\n\n\*\*Gap: no board serves it\.\*\*/);
    expect(text).toContain('Board “Support portal”: its initiatives reach only its own local goals.');
    expect(text).toContain('“Finance admins invite their teammates in the first week” (Onboarding) and “Finance admin invites teammates during week one” (Sales enablement)');
    expect(text).toContain('| Sales enablement | 2027-01-20 (overdue) | 1 | 1 | 1 |');
  });

  it('CSV: one row per goal × board × commitment, gaps and uncommitted boards kept, with the project’s CSV quoting', async () => {
    const res = await download('csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    const g1 = rows.filter((r) => r.target === GOALS.G1);
    expect(g1.map((r) => [r.board, r.commitment_id])).toEqual([[BOARD_TITLES.onboarding, 'C-invite'], [BOARD_TITLES.sales, 'C-call']]);
    expect(g1[1]).toMatchObject({ function: 'Sales', owner: 'Ben (Head of Sales)', status: 'in-progress', overdue: 'yes', check_in_missing: 'yes', functions: 'Sales | Customer success' });
    expect(rows.find((r) => r.target === GOALS.G3)).toMatchObject({ target_type: 'goal', gap: 'yes', board: '' });
    expect(rows.find((r) => r.target === 'Enterprise IT admins')).toMatchObject({ board: BOARD_TITLES.sales, commitment_id: '', gap: 'no' });
    expect(rows.find((r) => r.commitment_id === 'C-invite')).toMatchObject({ latest_check_in_status: 'at-risk', latest_check_in_value: '30', indicators: 'Share of accounts with 3+ invited users by day 7' });
    const bom = await (await get(rollupPath('?format=csv&bom=1'), seeded.portfolio.secrets.viewer)).arrayBuffer();
    expect([...new Uint8Array(bom).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('PDF: a landscape document with one block per goal and segment, the gaps, the overlap and the cadence as text', async () => {
    const res = await download('pdf');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const text = (await extractText(pdf, { mergePages: true })).text;
    await pdf.destroy();
    expect(text).toContain('Portfolio roll-up: Acme 2027');
    for (const goal of Object.values(GOALS)) expect(text).toContain(goal);
    expect(text).toContain('Gap: no board serves it.');
    expect(text).toContain('Ship the guided invite flow');
    expect(text).toContain('Review cadence');
    expect(text).toMatch(/Board “Support portal”: its initiatives reach only its own local\s+goals/);
  });

  it('the portfolio export: its board JSON, its boards’ ids and titles, and the roll-up', async () => {
    const res = await get(`/api/portfolios/${seeded.portfolio.id}/export`, seeded.portfolio.secrets.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="acme-2027.portfolio.json"');
    const body = await res.json();
    expect(body.format).toBe('product-vcp-portfolio');
    expect(body.version).toBe(1);
    expect(body.portfolio.format).toBe('product-vcp');
    expect(body.portfolio.board).toMatchObject({ id: seeded.portfolio.id, title: 'Acme 2027', kind: 'portfolio' });
    expect(body.portfolio.cards.map((c: { id: string }) => c.id).sort()).toEqual(['G1', 'G2', 'G3', 'S1', 'S2', 'S3']);
    expect(body.boards).toEqual([
      { id: seeded.onboarding.id, title: BOARD_TITLES.onboarding }, { id: seeded.sales.id, title: BOARD_TITLES.sales }, { id: seeded.support.id, title: BOARD_TITLES.support },
    ]);
    expect(body.rollup.format).toBe('product-vcp-rollup');
    expect(body.rollup.goals.map((g: { id: string }) => g.id)).toEqual(['G1', 'G2', 'G3']);
  });
});

// Last: these change the fixture (an initiative's words, a new portfolio goal) that the exports above assert.
describe('GET /api/portfolios/<id>/rollup/events', () => {
  it('tells an open event stream when a member board or the portfolio changes (events: ready, changed), and stops telling it once closed', async () => {
    const stream = await openEvents(seeded.portfolio.id, seeded.portfolio.secrets.projector);
    try {
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stream.next('ready');
      // A participant of a member board edits an initiative: the roll-up's readers hear of it.
      const client = connect(server.url, seeded.onboarding.id, seeded.onboarding.secrets.participant);
      try {
        await client.synced;
        setCardText(client.doc, 'A-invite', 'Guided invite flow, with a skip');
        await stream.next('changed');
      } finally {
        client.destroy();
      }
      // The portfolio itself changes (a new goal over REST): heard too.
      const added = await fetch(`${server.url}/api/boards/${seeded.portfolio.id}/cards`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${seeded.portfolio.secrets.facilitator}` },
        body: JSON.stringify({ column: 'goal', text: 'Expand to two new regions' }),
      });
      expect(added.status).toBe(201);
      await stream.next('changed');
      expect(server.rollupWatch.readerCount).toBe(1);
    } finally {
      await stream.close();
    }
    await waitFor(() => server.rollupWatch.readerCount === 0, 'the closed stream unsubscribed');
  });

  it('opens its event stream only with the portfolio’s secrets (401), only for a portfolio (404), and refuses past its reader limit (429)', async () => {
    const events = (id: string, secret?: string) => get(`/api/portfolios/${id}/rollup/events`, secret);
    expect((await events(seeded.portfolio.id, seeded.sales.secrets.facilitator)).status).toBe(401);
    expect((await events(seeded.portfolio.id)).status).toBe(401);
    const notPortfolio = await events(seeded.sales.id, seeded.sales.secrets.viewer);
    expect(notPortfolio.status).toBe(404);
    expect(((await notPortfolio.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const watch = new RollupWatch({ maxPerPortfolio: 2, maxReaders: 3 });
    const off = [watch.subscribe('p1', () => {}), watch.subscribe('p1', () => {})];
    expect(() => watch.subscribe('p1', () => {})).toThrow(TooManyReaders);
    off.push(watch.subscribe('p2', () => {}));
    expect(() => watch.subscribe('p3', () => {})).toThrow(TooManyReaders);
    off[0]!();
    off[0]!(); // twice: counted once
    expect(watch.readerCount).toBe(2);
    off.push(watch.subscribe('p1', () => {}));
    expect(watch.readerCount).toBe(3);
  });
});
