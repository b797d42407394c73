/**
 * The wall, legible from the back row, in real Chromium at 1920 × 1080
 * opened in a fresh browser from the projector link: no text the room reads
 * under 28 px in any stage (vote results beside a spotlight, the trace check,
 * a consent round, the commitments, the read-back), consent bars that are a
 * share of who answered, Done unlike Agreed, the success indicators in full,
 * and no clock before the timer starts. These are layout facts (computed
 * sizes and boxes), not timing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appendVoteResult, setAnonymous, setPhase, setPrivateWriting, setSpotlight, setTimer, type PhaseId } from '../../shared/doc/control.ts';
import { joinAs } from '../helpers/clients.ts';
import { setConsentRound, setReadBack, setShownResult } from '../../shared/doc/roomState.ts';
import { LOCAL_ORIGIN } from '../../shared/doc/origin.ts';
import { addCard, addLink, recordConsent } from '../../shared/doc/index.ts';
import { createWorkshop, e2eRoom, importWorkshop, poll, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/** The least the room reads on a 1920 × 1080 wall. */
const BACK_ROW_PX = 28;

/** The smallest computed font size of any text on the wall, with where it is (text clipped out of sight does not count). */
const smallestText = (wall: Page) =>
  wall.evaluate(() => {
    let least = { px: Infinity, where: '' };
    const root = document.querySelector('.projector')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement!;
      if (!node.textContent!.trim() || el.closest('.visually-hidden')) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0 || box.bottom <= 0 || box.top >= innerHeight) continue;
      const px = Number.parseFloat(style.fontSize);
      if (px < least.px) least = { px, where: `${el.className || el.tagName}: ${node.textContent!.trim().slice(0, 60)}` };
    }
    return least;
  });

async function expectLegible(wall: Page): Promise<void> {
  const least = await smallestText(wall);
  expect(least.px, least.where).toBeGreaterThanOrEqual(BACK_ROW_PX);
}

/** The example board with one commitment agreed, one done, and an initiative that reaches no goal (an open finding). */
async function workshopBoard(): Promise<Workshop> {
  const example = await createWorkshop(room.server.url, 'Back row', true);
  const json = (await (await fetch(`${room.server.url}/api/boards/${example.id}/export?format=json`, { headers: { Authorization: `Bearer ${example.secrets.viewer}` } })).json()) as {
    cards: { id: string; column: string; text: string }[];
    commitments: Record<string, unknown>[];
  };
  const consent = { at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: ['Ana'], responses: [{ name: 'Ana', value: 'up' }], outcome: 'agreed' };
  const first = json.commitments[0]!;
  // A second commitment, done, moving an indicator whose name is longer than a short cell.
  const initiative = json.cards.find((c) => c.column === 'initiative' && c.id !== first.card)!;
  const indicator = json.cards.filter((c) => c.column === 'indicator').sort((a, b) => b.text.length - a.text.length)[0]!;
  expect(indicator.text.length).toBeGreaterThan(40);
  json.commitments = [
    { ...first, status: 'agreed', consents: [consent] },
    { ...first, id: 'done-commitment', card: initiative.id, title: initiative.text, status: 'done', indicators: [indicator.id], consents: [consent] },
  ];
  const board = await importWorkshop(room.server.url, json);
  // As the room leaves it: more goals than the example's, and initiatives that reach none.
  const cards = [
    ['initiative', 'Hire a UK account executive'], ['initiative', 'Browser extension for agency time tracking'],
    ['goal', 'Expand into the UK mid-market by Q4'], ['goal', 'Raise gross margin to 80%'],
    ['goal', 'Win back 20 lapsed agency accounts through a re-onboarding offer before the summer'], ['goal', 'Reduce support tickets per account by 30%'],
  ];
  for (const [column, text] of cards) {
    const res = await fetch(`${room.server.url}/api/boards/${board.id}/cards`, {
      method: 'POST', headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ column, text }),
    });
    expect(res.status).toBe(201);
  }
  return board;
}

describe('the wall from the back row', () => {
  it('shows no text under 28 px at 1920 × 1080 in any stage the room reads, and no clock before the timer starts', async () => {
    const board = await workshopBoard();
    const control = await room.client(board, board.secrets.facilitator, 'control');
    const doc = control.doc;
    const phase = (id: PhaseId) => setPhase(doc, id);
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const exported = (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json()) as {
      cards: { id: string; column: string; text: string }[];
    };
    const goals = exported.cards.filter((c) => c.column === 'goal');

    // Goals, the timebox set but not started: no clock on the wall.
    phase('goals');
    setTimer(doc, { state: 'idle', durationMs: 15 * 60_000 }, LOCAL_ORIGIN);
    await wall.getByRole('heading', { name: 'Phase 2 of 10: Goals' }).waitFor();
    await wall.getByRole('region', { name: 'Column: Business goals' }).waitFor();
    expect(await wall.getByRole('timer').count()).toBe(0);
    await expectLegible(wall);
    // Time's up turns the whole header (a cue the back row sees without reading the clock).
    setTimer(doc, { state: 'running', durationMs: 60_000, endsAt: Date.now() - 1000 }, LOCAL_ORIGIN);
    await poll(() => wall.locator('.projector-header').getAttribute('data-times-up')).toBe('');
    setTimer(doc, { state: 'running', durationMs: 15 * 60_000, endsAt: Date.now() + 15 * 60_000 }, LOCAL_ORIGIN);
    await wall.getByRole('timer').waitFor();
    await poll(() => wall.locator('.projector-header').getAttribute('data-times-up')).toBeNull();

    // A goal in the spotlight with the vote results beside it.
    appendVoteResult(doc, { roundId: 'r1', columns: ['goal'], votesPerPerson: 3, voters: 3, tally: goals.map((g, i) => ({ card: g.id, votes: goals.length - i })), revealedAt: Date.now(), phase: 'goals' }, LOCAL_ORIGIN);
    setShownResult(doc, { roundId: 'r1', phase: 'goals' });
    setSpotlight(doc, { kind: 'card', id: goals[0]!.id });
    await wall.getByRole('complementary', { name: 'Vote results' }).waitFor();
    await wall.getByRole('region', { name: 'Spotlight card' }).waitFor();
    await expectLegible(wall);
    setSpotlight(doc, null);
    setShownResult(doc, null);

    // The trace check: per-goal lines and the open finding's category label.
    phase('trace');
    const trace = wall.getByRole('region', { name: 'Trace check' });
    await trace.getByText('Initiative without a goal').first().waitFor();
    await trace.getByRole('list', { name: 'Initiatives per goal' }).waitFor();
    await expectLegible(wall);

    // The commitments: the success indicators in full; Done unlike Agreed in colour and mark.
    phase('commit');
    const table = wall.getByRole('table');
    await table.waitFor();
    // The longest success indicator, in full.
    const indicator = exported.cards.filter((c) => c.column === 'indicator').sort((a, b) => b.text.length - a.text.length)[0]!;
    await table.getByRole('cell', { name: indicator.text, exact: true }).waitFor();
    // Why each matters: the business goals it traces to.
    await table.getByRole('columnheader', { name: 'Toward the goal' }).waitFor();
    expect(await table.locator('.commitment-goals:not([data-orphan])').count()).toBeGreaterThan(0);
    const chip = (status: string) => table.locator(`.status-chip[data-status='${status}']`).first();
    const look = (status: string) => chip(status).evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color, mark: getComputedStyle(el, '::before').content }));
    const [agreed, done] = [await look('agreed'), await look('done')];
    expect(done.background).not.toBe(agreed.background);
    expect(done.color).not.toBe(agreed.color);
    expect(done.mark).toContain('✓');
    expect(agreed.mark).not.toContain('✓');
    await expectLegible(wall);

    // A consent round, closed 1 / 1 / 1: each bar a third of the whole, not three full bars.
    setConsentRound(doc, {
      id: 'round', commitments: ['expansion-pilot'], method: 'thumbs', state: 'closed', answered: 3, recordedForOthers: 0, startedAt: Date.now(), closedAt: Date.now(),
      tally: { up: 1, sideways: 1, down: 1 }, objections: 1,
    }, LOCAL_ORIGIN);
    const answers = wall.getByRole('list', { name: 'Answers' });
    await answers.waitFor();
    const shares = await answers.locator('.tally-bar').evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width / bar.parentElement!.getBoundingClientRect().width));
    expect(shares).toHaveLength(3);
    for (const share of shares) expect(share).toBeCloseTo(1 / 3, 2);
    await expectLegible(wall);
    setConsentRound(doc, null, LOCAL_ORIGIN);

    // The read-back: title, belief, evidence, ownership and the team's assumptions.
    phase('close');
    // At Close, what was agreed stands alone.
    await wall.getByRole('heading', { name: 'What we agreed (2)' }).waitFor();
    await expectLegible(wall);
    setReadBack(doc, { index: 0 });
    const slide = wall.getByRole('region', { name: 'Read-back' });
    await slide.getByText(/^Commitment 1 of/).waitFor();
    await poll(() => slide.locator('.readback-assumptions').count()).toBe(1);
    await expectLegible(wall);
    // The title is ink on white, not the initiative colour.
    const title = await slide.locator('.readback-title').evaluate((el) => getComputedStyle(el).color);
    expect(title).toBe('rgb(0, 0, 0)');
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('the wall in Customer value', () => {
  it('shows the assumption a value’s link to its segment rests on, legibly', async () => {
    const board = await createWorkshop(room.server.url, 'Assumptions');
    const content = (await room.client(board, board.secrets.facilitator, 'content')).doc;
    const segment = addCard(content, { column: 'segment', text: 'Mid-market operations teams' });
    const value = addCard(content, { column: 'value', text: 'Plan capacity in hours, not days' });
    addLink(content, value, segment, 'We believe ops leads lose ~4 h a week to spreadsheet planning');
    setPhase((await room.client(board, board.secrets.facilitator, 'control')).doc, 'value');
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const stage = wall.getByRole('region', { name: 'Column: Customer value' });
    const linked = stage.getByRole('list', { name: 'Linked toward the goal' });
    await linked.getByText('Mid-market operations teams', { exact: false }).waitFor();
    await linked.getByText('“We believe ops leads lose ~4 h a week to spreadsheet planning”').waitFor();
    await expectLegible(wall);
    expect(errors).toEqual([]);
  });
});

describe('the wall after a consent round', () => {
  it('shows each objection in its words, large, with the name as the facilitator reads it (unattributed once the board is anonymous), then the recorded outcome on the commitment', async () => {
    const board = await createWorkshop(room.server.url, 'Objections', true);
    const control = await room.client(board, board.secrets.facilitator, 'control');
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const commitment = (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json() as { commitments: { id: string }[] }).commitments[0]!.id;
    const act = async (body: unknown) => {
      const res = await fetch(`${room.server.url}/api/boards/${board.id}/facilitation`, { method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as { consent: { id: string } };
    };
    setPhase(control.doc, 'commit');
    const round = (await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' })).consent.id;
    const said = 'Not before the SSO rollout: kickoff calls already run 90 minutes';
    for (const [name, value, objection] of [['Ana', 'up'], ['Ben', 'down', said], ['Cy', 'sideways']] as const) {
      const person = await joinAs(room.server.url, board.id, board.secrets.participant, name);
      const res = await fetch(`${room.server.url}/api/boards/${board.id}/consent`, {
        method: 'POST', headers: { Authorization: `Bearer ${person.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ round, value, ...(objection ? { objection } : {}) }),
      });
      expect(res.status).toBe(200);
    }
    // Open: counts only, no words.
    await wall.getByRole('status', { name: /^3 of \d+ answered$/ }).waitFor();
    expect(await wall.getByText(said, { exact: false }).count()).toBe(0);
    await act({ action: 'closeConsent' });
    await wall.getByText('Round closed: 3 answered, 1 objection').waitFor();
    const objections = wall.getByRole('region', { name: 'Consent round' }).getByRole('list', { name: 'Objections' });
    await objections.getByRole('listitem').filter({ hasText: `Ben objected: “${said}”` }).waitFor();
    expect(await objections.getByRole('listitem').count()).toBe(1);
    await expectLegible(wall);
    // Large: the words are read from the back of the room.
    const px = await objections.getByRole('listitem').first().evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(36);
    // Anonymous: the same words, nobody's name.
    setAnonymous(control.doc, true);
    await objections.getByRole('listitem').filter({ hasText: new RegExp(`^“${said}”$`) }).waitFor();
    expect(await wall.getByText('Ben', { exact: false }).count()).toBe(0);

    // The facilitator records "not agreed" and the round ends: the commitments say so, as phones do, not just "Proposed".
    const content = await room.client(board, board.secrets.facilitator);
    recordConsent(content.doc, commitment, {
      at: new Date().toISOString(), round, method: 'thumbs', participants: ['Ana', 'Ben', 'Cy'], outcome: 'not-agreed',
      responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'down', objection: said }, { name: 'Cy', value: 'sideways' }],
    });
    await poll(async () => (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json() as { commitments: { consents?: unknown[] }[] }).commitments[0]!.consents?.length).toBe(1);
    await act({ action: 'endConsent' });
    const row = wall.getByRole('table').getByRole('row').filter({ hasText: 'Build the first capacity plan' });
    await row.getByRole('cell', { name: 'Proposed Not agreed · 1 objection' }).waitFor();
    await expectLegible(wall);
    // At Close, the proposals the room did not agree to, each with how its last round came out.
    setPhase(control.doc, 'close');
    const notAgreed = wall.getByRole('region', { name: 'Not agreed yet (1)' });
    await notAgreed.getByRole('listitem').filter({ hasText: /Build the first capacity plan.* · Not agreed · 1 objection$/ }).waitFor();
    await expectLegible(wall);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('the count beside the phase', () => {
  it('is the one that matters now: who is done while it is asked in this phase, how many voted during a vote, none left over from an earlier phase', async () => {
    const board = await createWorkshop(room.server.url, 'Counts', true);
    const control = await room.client(board, board.secrets.facilitator, 'control');
    const act = async (body: unknown) => {
      const res = await fetch(`${room.server.url}/api/boards/${board.id}/facilitation`, { method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    };
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    const [ana, ben] = [await room.person(board, board.secrets.participant, { name: 'Ana', width: 390, height: 844, status: null }), await room.person(board, board.secrets.participant, { name: 'Ben', width: 390, height: 844, status: null })];
    const flags = wall.getByRole('list', { name: 'What the room is doing' });
    const counts = () => flags.getByRole('listitem').filter({ hasText: / of \d+ (are done|have voted)$/ }).allTextContents();

    // Private writing in Goals: who is done, from the start (the reveal waits for it).
    setPhase(control.doc, 'goals');
    setPrivateWriting(control.doc, true);
    await flags.getByRole('listitem').filter({ hasText: '0 of 2 are done' }).waitFor();
    await ana.getByRole('button', { name: "I'm done" }).click();
    await flags.getByRole('listitem').filter({ hasText: '1 of 2 are done' }).waitFor();
    // The reveal: writing is over; a timebox of this phase asks again, shown once someone is done.
    await act({ action: 'revealDrafts' });
    setPrivateWriting(control.doc, false);
    await act({ action: 'timer', op: 'start', minutes: 10 });
    await poll(counts).toEqual([]);
    await ben.getByRole('button', { name: "I'm done" }).click();
    await poll(counts).toEqual(['1 of 2 are done']);

    // A vote: how many voted, alone.
    await act({ action: 'startVoting', columns: ['goal'], votesPerPerson: 3, allowMultiple: false });
    await poll(counts).toEqual(['0 of 2 have voted']);
    await act({ action: 'cancelVoting' });
    await poll(counts).toEqual([]);

    // The room moves on with Goals' timebox still running: no stale "0 of 2 are done" in any later phase.
    for (const phase of ['who', 'commit', 'close'] as const) {
      setPhase(control.doc, phase);
      await wall.getByRole('heading', { name: new RegExp(`^Phase \\d+ of 10: `) }).filter({ hasText: phase === 'who' ? 'Who' : phase === 'commit' ? 'Commit' : 'Close' }).waitFor();
      await wall.waitForTimeout(300);
      expect(await counts()).toEqual([]);
    }
    await wall.getByRole('timer').waitFor();
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('the wall from 6 m', () => {
  it('sets the commitments in ≥ 36 px with dates as phones write them, and never cuts the phase line short', async () => {
    const board = await createWorkshop(room.server.url, 'Q3 growth VCP for the mid-market expansion programme', true);
    const control = await room.client(board, board.secrets.facilitator, 'control');
    // The facilitator's own browser: it makes the join code itself, so the join corner takes its place in the header.
    const wall = await room.open(`${room.server.url}/b/${board.id}/present`, { who: 'projector', width: 1920, height: 1080, creator: board });
    setPhase(control.doc, 'goals');
    setPrivateWriting(control.doc, true);
    setAnonymous(control.doc, true);
    const act = async (body: unknown) => {
      const res = await fetch(`${room.server.url}/api/boards/${board.id}/facilitation`, { method: 'POST', headers: { Authorization: `Bearer ${board.secrets.facilitator}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    };
    await act({ action: 'startVoting', columns: ['goal', 'segment', 'value'], votesPerPerson: 3, allowMultiple: false });
    await act({ action: 'timer', op: 'start', minutes: 15 });
    await wall.getByRole('complementary', { name: 'How to join' }).waitFor();
    await wall.getByRole('timer').waitFor();
    await wall.getByText(/^Voting on Business goals, Segments/).waitFor();
    // "Phase 2 of 10 · Business goals" in full, however full the header is.
    const where = wall.locator('.projector-where');
    expect(await where.textContent()).toBe('Phase 2 of 10 · Business goals');
    const clipped = await where.evaluate((el) => {
      const line = el.closest('.projector-phase')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.right > line.right + 1 || el.parentElement!.scrollWidth > el.parentElement!.clientWidth + 1;
    });
    expect(clipped).toBe(false);
    await act({ action: 'cancelVoting' });

    // The commitments: body text at least 36 px at 1080p, the due date as phones write it.
    setPhase(control.doc, 'commit');
    const table = wall.getByRole('table');
    await table.getByRole('cell', { name: '30 April 2027', exact: true }).waitFor();
    expect(await table.getByText(/\d{4}-\d{2}-\d{2}/).count()).toBe(0);
    const sizes = await table.locator('tbody td').evaluateAll((cells) => cells.map((td) => Number.parseFloat(getComputedStyle(td).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(36);
    await expectLegible(wall);
    // At Close, what was not agreed is as large as the table.
    setPhase(control.doc, 'close');
    const notAgreed = wall.getByRole('region', { name: 'Not agreed yet (1)' });
    const px = await notAgreed.getByRole('listitem').first().evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(36);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe('the facilitator’s laptop', () => {
  it('opens the share panel by itself only on a new board, and puts notices clear of the zoom controls and the cards being worked on', async () => {
    const fran = await room.open(`${room.server.url}/`, { name: 'Fran', width: 1440, height: 900 });
    await fran.getByRole('textbox', { name: 'Workshop title' }).fill('Laptop');
    await fran.getByRole('radio', { name: /A worked example/ }).check();
    await fran.getByRole('button', { name: 'Start workshop' }).click();
    await fran.getByRole('heading', { name: 'Share this board' }).waitFor();
    await fran.getByRole('textbox', { name: 'Participant link — edit' }).waitFor();

    // A reload (history keeps the page's state) does not put it over the board again; Invite still opens it.
    await fran.reload();
    await fran.getByRole('region', { name: 'Workshop' }).waitFor();
    await fran.getByRole('group', { name: 'Zoom' }).waitFor();
    expect(await fran.getByRole('heading', { name: 'Share this board' }).count()).toBe(0);
    await fran.getByRole('button', { name: 'Invite' }).click();
    await fran.getByRole('heading', { name: 'Share this board' }).waitFor();
    await fran.getByRole('button', { name: 'Close sharing' }).click();

    // A notice with Undo: at the top of the board area, over neither the zoom controls nor the lower cards of a column.
    const goal = fran.getByRole('listitem', { name: /^Business goals card: Cut annual gross logo churn/ });
    await goal.getByRole('button', { name: /^Delete card/ }).click();
    const notice = fran.getByRole('status').filter({ hasText: /^Card deleted/ });
    await notice.getByRole('button', { name: 'Undo' }).waitFor();
    const box = (await notice.locator('.notice').boundingBox())!;
    const zoom = (await fran.getByRole('group', { name: 'Zoom' }).boundingBox())!;
    const board = (await fran.locator('.board-main').boundingBox())!;
    const overlaps = (a: typeof box, b: typeof box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlaps(box, zoom)).toBe(false);
    expect(box.y).toBeGreaterThanOrEqual(board.y);
    expect(box.y + box.height).toBeLessThan(board.y + board.height / 4);
    expect(errors).toEqual([]);
  }, 90_000);

  it('is a screen, not a person: the people on the board do not include the projector', async () => {
    const board = await createWorkshop(room.server.url, 'Who is here', true);
    const wall = await room.open(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`, { who: 'projector', width: 1920, height: 1080 });
    await wall.getByRole('heading', { name: /^Phase 1 of 10/ }).waitFor();
    const fran = await room.open(`${room.server.url}/b/${board.id}#${board.secrets.facilitator}`, { name: 'Fran', width: 1440, height: 900 });
    await fran.getByRole('region', { name: 'Workshop' }).waitFor();
    const ann = await room.open(`${room.server.url}/b/${board.id}#${board.secrets.participant}`, { name: 'Ann', width: 1440, height: 900 });
    await ann.getByRole('region', { name: 'Workshop' }).waitFor();
    // Ann's arrival shows on Fran's page, so presence has had its round trip; the projector never does.
    await fran.getByRole('list', { name: '2 people on this board' }).waitFor();
    expect(await fran.getByRole('listitem', { name: /Projector/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
