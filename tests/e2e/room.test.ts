/**
 * The room works, in real Chromium: the projector opened on a room
 * PC from the link (or the short code) the share panel gives; vote results
 * that stay with their phase; a consent round answered on everyone's own
 * device; "x of y" progress; the spotlight on participants' screens; follow-me
 * landing on what the facilitator sees; the read-back on the wall.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { endOfMonthAfter, localDay } from '../../shared/dates.ts';
import { humanDate } from '../../shared/readBack.ts';
import { promoteToCommitment, readCards, readCommitments } from '../../shared/doc/index.ts';
import { connect, joinAs, serverHas, waitFor } from '../helpers/clients.ts';
import { addCard as addCardIn, boardLink, bringIntoView, createWorkshop, e2eRoom, poll, showsAllOf, visibleArea, waitOnline, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/** Another person's device; the facilitator's is the one that created the board. */
function open(url: string, name: string | null, options: { width?: number; height?: number; creator?: Workshop } = {}): Promise<Page> {
  return room.open(url, { ...(name ? { name } : { who: 'projector' }), ...options });
}

async function person(board: Workshop, name: string, secret: string, options: { width?: number; height?: number; creator?: boolean } = {}): Promise<Page> {
  const page = await open(boardLink(room.server.url, board.id, secret), name, { width: options.width ?? 1280, height: options.height ?? 800, ...(options.creator ? { creator: board } : {}) });
  if ((options.width ?? 1280) > 700) await waitOnline(page);
  return page;
}

const workshop = (page: Page) => page.getByRole('region', { name: 'Workshop' });
const consoleOf = (page: Page) => page.getByRole('complementary', { name: 'Run the workshop' });

async function facilitate(f: Page): Promise<void> {
  await f.getByRole('button', { name: 'Facilitate' }).click();
  await f.getByRole('heading', { name: 'Run the workshop' }).waitFor();
}

async function addCards(board: Workshop, columnId: string, texts: string[]): Promise<void> {
  for (const text of texts) {
    const res = await fetch(`${room.server.url}/api/boards/${board.id}/cards`, {
      method: 'POST', headers: { Authorization: `Bearer ${board.secrets.participant}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ column: columnId, text }),
    });
    expect(res.status).toBe(201);
  }
}

describe('the room', () => {
  it('opens the projector on a room PC from the share panel’s link and from its short code; it can never edit', async () => {
    const board = await createWorkshop(room.server.url, 'Room PC', true);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    await fran.getByRole('button', { name: 'Invite' }).click();
    const linkField = fran.getByRole('textbox', { name: 'Projector link — the wall, shows the join code' });
    const link = await linkField.inputValue();
    expect(link).toBe(`${room.server.url}/b/${board.id}/present#${board.secrets.projector}`);

    // A fresh browser (the room PC) with nothing remembered: the wall opens, read only, with the join code in view.
    const wall = await open(link, null, { width: 1920, height: 1080 });
    await wall.getByRole('heading', { name: 'Phase 1 of 10: Frame' }).waitFor();
    await wall.getByRole('img', { name: 'QR code to join the workshop' }).waitFor();
    const joinCode = await wall.getByLabel(/^Join code /).first().textContent();
    expect(joinCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await wall.getByRole('button').count()).toBe(0);
    expect(await wall.getByRole('textbox').count()).toBe(0);
    // The key the wall holds is the projector's: the server gives it the viewer role, which cannot write.
    const access = await wall.evaluate(async ([id, secret]) => (await fetch(`/api/boards/${id}`, { headers: { Authorization: `Bearer ${secret}` } })).json(), [board.id, board.secrets.projector]);
    expect(access).toMatchObject({ role: 'viewer', projector: true });
    expect(link).not.toContain(board.secrets.facilitator);
    expect(link).not.toContain(board.secrets.participant);
    expect(link).not.toContain(board.secrets.viewer);

    // The full-screen QR code in the share panel says the same join code in words.
    await fran.getByRole('button', { name: 'Show QR code full screen' }).click();
    await fran.getByRole('dialog', { name: 'Join QR code' }).getByLabel(/^Join code /).getByText(joinCode!).waitFor();
    await fran.getByRole('dialog', { name: 'Join QR code' }).getByRole('button', { name: 'Close' }).click();

    // Or the short code, typed at /present on the room PC.
    await fran.getByRole('button', { name: 'Create a projector code' }).click();
    const code = (await fran.getByLabel(/^Projector code /).textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const typed = await open(`${room.server.url}/present`, null, { width: 1920, height: 1080 });
    await typed.getByRole('textbox', { name: 'Projector code' }).fill(code.toLowerCase());
    await typed.getByRole('button', { name: 'Open the projector' }).click();
    await typed.getByRole('heading', { name: 'Phase 1 of 10: Frame' }).waitFor();
    expect(new URL(typed.url()).pathname).toBe(`/b/${board.id}/present`);
    expect(await typed.getByRole('button').count()).toBe(0);
    await typed.getByRole('img', { name: 'QR code to join the workshop' }).waitFor();
    expect(await typed.getByLabel(/^Join code /).first().textContent()).toBe(joinCode);

    // The viewer link (what stakeholders get for review) opens the wall too, but never reads the join code.
    const viewerWall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await viewerWall.getByRole('heading', { name: 'Phase 1 of 10: Frame' }).waitFor();
    await viewerWall.getByText('This wall was opened with the viewer link, which does not show the join code.').waitFor();
    expect(await viewerWall.getByLabel(/^Join code /).count()).toBe(0);
    expect(await viewerWall.getByRole('img', { name: 'QR code to join the workshop' }).count()).toBe(0);
    expect(await viewerWall.content()).not.toContain(joinCode!.replace('-', ''));
    const refused = await viewerWall.evaluate(async ([id, secret]) => (await fetch(`/api/boards/${id}/join-code`, { headers: { Authorization: `Bearer ${secret}` } })).status, [board.id, board.secrets.viewer]);
    expect(refused).toBe(403);

    // Latecomers: the join code stays in a corner after Frame, until the facilitator hides it.
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Next phase →' }).click();
    await wall.getByRole('heading', { name: 'Phase 2 of 10: Goals' }).waitFor();
    await wall.getByRole('complementary', { name: 'How to join' }).getByText(joinCode!).waitFor();
    await consoleOf(fran).getByRole('checkbox', { name: 'Show the join code on the projector' }).uncheck();
    await wall.getByRole('complementary', { name: 'How to join' }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 90_000);

  it('keeps vote results with their phase: the facilitator shows and hides them; the next phase starts without them', async () => {
    const board = await createWorkshop(room.server.url, 'Results');
    await addCards(board, 'goal', ['Grow ARR', 'Cut churn']);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const wall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Goals' }).click();
    await fran.getByRole('button', { name: 'Start voting' }).click();
    await ana.getByRole('button', { name: 'Vote for card: Cut churn' }).click();
    await workshop(ana).getByText('Voting: 2 of 3 votes left').waitFor();
    await fran.getByRole('button', { name: 'Reveal results' }).click();

    // On screen in its phase: the goals on the wall stand in rank order with their votes (nothing covers them).
    const stage = wall.getByRole('region', { name: 'Column: Business goals' });
    await stage.getByText('#1 · 1 vote').waitFor();
    expect(await stage.locator('.projector-card-text').allTextContents()).toEqual(['Cut churn', 'Grow ARR']);
    expect(await wall.getByRole('heading', { name: 'Vote results' }).count()).toBe(0);
    await ana.getByRole('img', { name: '1 vote, rank 1' }).waitFor();

    // The facilitator hides them, and shows them again.
    await consoleOf(fran).getByRole('button', { name: 'Hide results' }).click();
    await ana.getByRole('img', { name: '1 vote, rank 1' }).waitFor({ state: 'detached' });
    await stage.getByText('#1 · 1 vote').waitFor({ state: 'detached' });
    await consoleOf(fran).getByRole('button', { name: 'Show results' }).click();
    await stage.getByText('#1 · 1 vote').waitFor();

    // The next phase never shows last phase's results by surprise.
    await fran.getByRole('button', { name: 'Next phase →' }).click();
    await wall.getByRole('heading', { name: 'Phase 3 of 10: Who' }).waitFor();
    await ana.getByRole('img', { name: '1 vote, rank 1' }).waitFor({ state: 'detached' });
    expect(await wall.getByText(/vote/).count()).toBe(0);
    // Nor does the console offer them: its results are this phase's (none yet in Who).
    await consoleOf(fran).getByRole('heading', { name: 'Dot voting' }).waitFor();
    expect(await consoleOf(fran).getByRole('button', { name: 'Show results' }).count()).toBe(0);
    expect(await consoleOf(fran).getByRole('list', { name: 'Latest voting results' }).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('runs a consent round on everyone’s own device: counts on the wall and console, the objection in the objector’s words', async () => {
    const board = await createWorkshop(room.server.url, 'Consent', true);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant);
    const pia = await person(board, 'Pia', board.secrets.participant, { width: 390, height: 844 });
    const wall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await pia.getByRole('heading', { name: 'Frame' }).waitFor();
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Commit' }).click();
    await wall.getByRole('heading', { name: 'Phase 9 of 10: Commit' }).waitFor();

    // Started from the console, where the facilitator runs the workshop (the complete proposals chosen).
    await consoleOf(fran).getByRole('button', { name: 'Run a consent round…' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Consent round' });
    await dialog.getByRole('button', { name: 'Start the round on everyone’s devices' }).click();
    await dialog.getByText('0 of 3 answered').waitFor();
    await wall.getByRole('status', { name: '0 of 3 answered' }).waitFor();

    // Each answers on their own device; only counts reach the wall and the console.
    const prompt = (page: Page) => page.getByRole('region', { name: 'Consent round' });
    await prompt(ana).getByRole('radio', { name: 'Thumb up: I agree' }).check();
    await prompt(ana).getByRole('button', { name: 'Send my answer' }).click();
    await prompt(ana).getByText(/^You answered thumb up\./).waitFor();
    await wall.getByRole('status', { name: '1 of 3 answered' }).waitFor();
    await prompt(ben).getByRole('radio', { name: 'Thumb down: I object' }).check();
    await prompt(ben).getByRole('textbox', { name: 'Your objection, in your own words' }).fill('Not before the Q3 migration');
    await prompt(ben).getByRole('button', { name: 'Send my answer' }).click();
    await prompt(pia).getByRole('radio', { name: 'Thumb sideways: I can live with it' }).check();
    await prompt(pia).getByRole('button', { name: 'Send my answer' }).click();
    await wall.getByRole('status', { name: '3 of 3 answered' }).waitFor();
    await dialog.getByText('3 of 3 answered').waitFor();
    expect(await wall.getByText('Not before the Q3 migration').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Leave it running' }).click();
    await facilitate(fran);
    await consoleOf(fran).getByText(/^3 of 3 answered/).waitFor();

    // Closing shows the facilitator who answered what; the wall shows the tally; the outcome is recorded.
    await consoleOf(fran).getByRole('button', { name: 'Close the round' }).click();
    await wall.getByText('Round closed: 3 answered, 1 objection').waitFor();
    // The phone says how the room answered (counts, never who), Pia's own answer, and waits for the outcome.
    const result = pia.getByRole('region', { name: 'Consent round closed' });
    await result.getByText('The facilitator records the outcome').waitFor();
    await result.getByText(/^3 answered: .* · 1 objection$/).waitFor();
    await result.getByText('You answered thumb sideways').waitFor();
    expect(await result.getByText('Not before the Q3 migration').count()).toBe(0);
    await consoleOf(fran).getByRole('button', { name: 'Record the outcome' }).click();
    await dialog.getByRole('row', { name: /Ben thumb down “Not before the Q3 migration”/ }).waitFor();
    await dialog.getByText('Suggested outcome: Not agreed').waitFor();
    await dialog.getByRole('button', { name: 'Record as not agreed' }).click();
    await dialog.waitFor({ state: 'detached' });
    await wall.getByRole('heading', { name: /^Commitments/ }).waitFor();
    await prompt(ana).waitFor({ state: 'detached' });
    // Recorded, the round ends; the phone's commitments say how it came out.
    await result.waitFor({ state: 'detached' });
    await pia.getByRole('listitem').filter({ hasText: 'Consent: not agreed · 1 objection' }).waitFor();

    const exported = (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json()) as {
      commitments: { consents?: { outcome: string; method: string; responses: { name: string; value: string; objection?: string }[] }[] }[];
    };
    const [record] = exported.commitments[0]!.consents!;
    expect(record).toMatchObject({ outcome: 'not-agreed', method: 'thumbs' });
    expect(record!.responses).toEqual(expect.arrayContaining([
      { name: 'Ana', value: 'up' }, { name: 'Ben', value: 'down', objection: 'Not before the Q3 migration' }, { name: 'Pia', value: 'sideways' },
    ]));
    expect(errors).toEqual([]);
  }, 120_000);

  it('takes one answer per commitment on each device; an objection sinks only its commitment; the wall shows each round its own outcome', async () => {
    const board = await createWorkshop(room.server.url, 'Per commitment', true);
    // A second complete proposal beside the example's, with a due date already past.
    const seed = connect(room.server.url, board.id, board.secrets.facilitator);
    await seed.synced;
    const importCard = readCards(seed.doc).find((c) => c.text === 'Capacity view with one-click spreadsheet import')!;
    const weekly = readCards(seed.doc).find((c) => c.text === 'Weekly active planners')!;
    const late = promoteToCommitment(seed.doc, importCard.id, { title: 'Ship the spreadsheet import', owner: 'Jonas Berg', due: '2026-06-30', checkpoint: '2026-05-31', indicators: [weekly.id], definitionOfDone: 'Live for all accounts' });
    await waitFor(() => readCommitments(seed.doc).length === 2, 'two proposals');
    await serverHas(room.server.url, board.id, board.secrets.viewer, 'content', (d) => readCommitments(d).length === 2, 'the second proposal stored');
    seed.destroy();
    const kickoff = 'Build the first capacity plan in every mid-market kickoff call';
    const shipImport = 'Ship the spreadsheet import';

    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant, { width: 390, height: 844 });
    const wall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await ben.getByRole('heading', { name: 'Frame' }).waitFor();
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Commit' }).click();
    await wall.getByRole('heading', { name: 'Phase 9 of 10: Commit' }).waitFor();

    // Starting: both proposals; the facilitator is told which one is already past its due date.
    await fran.getByRole('button', { name: 'Commitments' }).click();
    // The list marks the proposal whose due date has passed, and only that one.
    await fran.getByRole('button', { name: `Open commitment: ${shipImport}` }).getByLabel('Overdue: was due 30 June 2026').waitFor();
    expect(await fran.getByRole('button', { name: `Open commitment: ${kickoff}` }).getByText('Overdue').count()).toBe(0);
    await fran.getByRole('button', { name: 'Run a consent round…' }).first().click();
    const dialog = fran.getByRole('dialog', { name: 'Consent round' });
    await dialog.getByText(/Past due: “Ship the spreadsheet import” was due 30 June 2026/).waitFor();
    await dialog.getByRole('button', { name: 'Start the round on everyone’s devices' }).click();
    await dialog.getByRole('status').getByText('0 of 2 answered').waitFor();

    const prompt = (page: Page) => page.getByRole('region', { name: 'Consent round' });
    // Ana: thumb up on the first, then "same answer on all".
    await prompt(ana).getByRole('radiogroup', { name: `Your answer on ${kickoff}` }).getByRole('radio', { name: 'Thumb up: I agree' }).check();
    await prompt(ana).getByRole('button', { name: 'Same answer on all 2' }).click();
    expect(await prompt(ana).getByRole('radiogroup', { name: `Your answer on ${shipImport}` }).getByRole('radio', { name: 'Thumb up: I agree' }).isChecked()).toBe(true);
    await prompt(ana).getByRole('button', { name: 'Send my answers' }).click();
    await prompt(ana).getByText('You answered on 2 of 2 commitments.', { exact: false }).waitFor();
    // Ben, on his phone: up on the kickoff, an objection in his words on the import only; first one, then the other.
    await prompt(ben).getByRole('radiogroup', { name: `Your answer on ${kickoff}` }).getByRole('radio', { name: 'Thumb up: I agree' }).check();
    await prompt(ben).getByRole('button', { name: 'Send my answers' }).click();
    await prompt(ben).getByText('You answered on 1 of 2 commitments.', { exact: false }).waitFor();
    await wall.getByText('· 2 of 2 answered', { exact: true }).first().waitFor();
    await wall.getByRole('status', { name: '1 of 2 answered' }).waitFor();
    await prompt(ben).getByRole('radiogroup', { name: `Your answer on ${shipImport}` }).getByRole('radio', { name: 'Thumb down: I object' }).check();
    await prompt(ben).getByRole('textbox', { name: `Your objection to ${shipImport}, in your own words` }).fill('Not before SSO works');
    await prompt(ben).getByRole('button', { name: 'Change my answers' }).click();
    await wall.getByRole('status', { name: '2 of 2 answered' }).waitFor();
    await dialog.getByRole('button', { name: 'Leave it running' }).click();
    await facilitate(fran);
    await consoleOf(fran).getByRole('list', { name: 'Answers per commitment' }).getByText(`${shipImport}: 2 of 2 answered`).waitFor();

    // Closed: each commitment its own answers and outcome; the objection only on the import.
    await consoleOf(fran).getByRole('button', { name: 'Close the round' }).click();
    await wall.getByText('Round closed: 2 answered, 1 objection').waitFor();
    await consoleOf(fran).getByRole('button', { name: 'Record the outcome' }).click();
    const onKickoff = dialog.getByRole('region', { name: kickoff });
    const onImport = dialog.getByRole('region', { name: shipImport });
    await onImport.getByRole('row', { name: /Ben thumb down “Not before SSO works”/ }).waitFor();
    expect(await onKickoff.getByText('Not before SSO works').count()).toBe(0);
    await onKickoff.getByText('Suggested outcome: Agreed').waitFor();
    await onImport.getByText('Suggested outcome: Not agreed').waitFor();
    await onImport.getByText(/Past due: it was due 30 June 2026/).waitFor();
    await onKickoff.getByRole('button', { name: 'Record as agreed' }).click();
    await onKickoff.getByText('Recorded: Agreed').waitFor();
    // The wall shows this round's outcome, commitment by commitment.
    await wall.getByLabel('Outcome').getByText(`${kickoff}: agreed`).waitFor();
    expect(await wall.getByText(`${shipImport}: not agreed`).count()).toBe(0);
    await onImport.getByRole('button', { name: 'Record as not agreed' }).click();
    await dialog.waitFor({ state: 'detached' });
    await wall.getByRole('heading', { name: /^Commitments/ }).waitFor();

    // A second round on the import, a moment later: all consent; closed, the wall shows no outcome yet (not the first round's "not agreed").
    await fran.getByRole('button', { name: 'Run a consent round…' }).first().click();
    await dialog.getByRole('radio', { name: 'Fist of five' }).check();
    await dialog.getByRole('button', { name: 'Start the round on everyone’s devices' }).click();
    for (const page of [ana, ben]) {
      await prompt(page).getByRole('radiogroup', { name: 'Your answer' }).getByRole('radio', { name: /^4 fingers/ }).check();
      await prompt(page).getByRole('button', { name: 'Send my answer' }).click();
    }
    await wall.getByRole('status', { name: '2 of 2 answered' }).waitFor();
    await dialog.getByRole('button', { name: 'Close the round' }).click();
    await wall.getByText('Round closed: 2 answered, 0 objections').waitFor();
    expect(await wall.getByLabel('Outcome').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Record as agreed' }).click();
    await dialog.waitFor({ state: 'detached' });

    const exported = (await (await fetch(`${room.server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json()) as {
      commitments: { id: string; status: string; consents?: { outcome: string; method: string; round?: string; responses: { name: string; value: string | number; objection?: string }[] }[] }[];
    };
    const byId = new Map(exported.commitments.map((c) => [c.id, c]));
    const first = [...byId.values()].find((c) => c.id !== late)!;
    expect(first).toMatchObject({ status: 'agreed', consents: [{ outcome: 'agreed', responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'up' }] }] });
    const second = byId.get(late)!;
    expect(second.status).toBe('agreed');
    expect(second.consents!.map((c) => c.outcome)).toEqual(['not-agreed', 'agreed']);
    expect(second.consents![0]!.responses).toEqual(expect.arrayContaining([{ name: 'Ben', value: 'down', objection: 'Not before SSO works' }]));
    expect(second.consents![0]!.round).toBe(first.consents![0]!.round);
    expect(second.consents![1]!.round).not.toBe(second.consents![0]!.round);
    expect(errors).toEqual([]);
  }, 150_000);

  it('counts who voted and who is done on the console and the wall, and "I\'m done" starts afresh with each activity', async () => {
    const board = await createWorkshop(room.server.url, 'Progress');
    await addCards(board, 'goal', ['Grow ARR', 'Cut churn']);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant);
    const wall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Goals' }).click();
    // Private writing without a timer: "I'm done" is offered, and the wall counts who finished.
    await consoleOf(fran).getByRole('checkbox', { name: 'Private writing' }).check();
    await ana.getByRole('button', { name: "I'm done" }).waitFor();
    await wall.getByText('0 of 2 are done').waitFor();
    await consoleOf(fran).getByRole('checkbox', { name: 'Private writing' }).uncheck();
    await ana.getByRole('button', { name: "I'm done" }).waitFor({ state: 'detached' });
    await fran.getByRole('button', { name: 'Start timer' }).click();
    await ana.getByRole('button', { name: "I'm done" }).click();
    await wall.getByText('1 of 2 are done').waitFor();
    await consoleOf(fran).getByText('2 participants online · 1 of 2 are done').waitFor();

    // Voting is a new activity: nobody is done with it yet; the wall counts the votes alone.
    await fran.getByRole('button', { name: 'Start voting' }).click();
    await poll(() => ana.getByRole('button', { name: "I'm done" }).getAttribute('aria-pressed')).toBe('false');
    await consoleOf(fran).getByText('2 participants online · 0 of 2 are done').waitFor();
    await wall.getByText('0 of 2 have voted').waitFor();
    expect(await wall.getByText(/ are done$/).count()).toBe(0);
    await ben.getByRole('button', { name: 'Vote for card: Grow ARR' }).click();
    await wall.getByText('1 of 2 have voted').waitFor();
    await consoleOf(fran).getByText('1 of 2 have voted').waitFor();
    await ben.getByRole('button', { name: 'Vote for card: Cut churn' }).click();
    await ana.getByRole('button', { name: 'Vote for card: Cut churn' }).click();
    await wall.getByText('2 of 2 have voted').waitFor();
    expect(await consoleOf(fran).getByRole('note').filter({ hasText: 'voted than participants are online' }).count()).toBe(0);
    // A script joins once more under Ana's name, a new person with a budget of its own, and votes: the console tells.
    const extra = await joinAs(room.server.url, board.id, board.secrets.participant, 'Ana');
    const reader = connect(room.server.url, board.id, board.secrets.viewer);
    await reader.synced;
    const grow = readCards(reader.doc).find((c) => c.text === 'Grow ARR')!.id;
    reader.destroy();
    const res = await fetch(`${room.server.url}/api/boards/${board.id}/votes`, {
      method: 'POST', headers: { Authorization: `Bearer ${extra.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ card: grow, op: 'add' }),
    });
    expect(res.status).toBe(200);
    await consoleOf(fran).getByText('3 of 3 have voted').waitFor();
    await consoleOf(fran).getByRole('note').filter({ hasText: 'One more person has voted than participants are online' }).waitFor();
    // The People list shows Ana once, with the other join under her name: removing it takes its ballot out of the count.
    const people = consoleOf(fran).getByRole('list', { name: 'Participants' });
    await people.getByRole('button', { name: 'Remove 1 other join under the name Ana' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Remove the other join under the name Ana?' });
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await consoleOf(fran).getByText('2 of 2 have voted').waitFor();
    await poll(() => consoleOf(fran).getByRole('note').filter({ hasText: 'voted than participants are online' }).count()).toBe(0);
    await people.getByRole('listitem', { name: 'Ana, participant, online' }).waitFor();
    // The ballot is dropped before the person leaves the list (server/facilitation/removal.ts): the list follows.
    await poll(() => people.getByRole('button', { name: /other joins? under the name Ana/ }).count()).toBe(0);
    await ben.getByRole('button', { name: "I'm done" }).click();
    await consoleOf(fran).getByText('2 participants online · 1 of 2 are done').waitFor();
    // During the vote the wall keeps to the vote count.
    await wall.getByText('2 of 2 have voted').waitFor();
    expect(await wall.getByText(/ are done$/).count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the facilitator removes someone who joined twice: their page says so, their vote stops counting, and they do not come back by themselves', async () => {
    const board = await createWorkshop(room.server.url, 'Removal');
    await addCards(board, 'goal', ['Grow ARR', 'Cut churn']);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const twice = await person(board, 'Ana again', board.secrets.participant);
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Goals' }).click();
    await fran.getByRole('button', { name: 'Start voting' }).click();
    await ana.getByRole('button', { name: 'Vote for card: Grow ARR' }).click();
    await twice.getByRole('button', { name: 'Vote for card: Grow ARR' }).click();
    await consoleOf(fran).getByText('2 of 2 have voted').waitFor();

    const people = consoleOf(fran).getByRole('list', { name: 'Participants' });
    await people.getByRole('listitem', { name: 'Ana again, participant, online' }).waitFor();
    // The facilitator has no Remove of their own.
    expect(await people.getByRole('button', { name: 'Remove Fran from the workshop' }).count()).toBe(0);
    await people.getByRole('button', { name: 'Remove Ana again from the workshop' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Remove Ana again from the workshop?' });
    expect(await dialog.textContent()).toContain('reset the participant link too');
    // Cancel has the focus: Escape changes nothing.
    await expect.poll(() => dialog.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await fran.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
    await people.getByRole('button', { name: 'Remove Ana again from the workshop' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await poll(() => dialog.count()).toBe(0);

    await twice.getByRole('heading', { name: 'The facilitator removed you from this workshop' }).waitFor();
    expect(await twice.getByRole('main').textContent()).toContain('Your votes and answers in the open rounds no longer count');
    await consoleOf(fran).getByText('1 of 1 have voted').waitFor();
    await poll(() => people.getByRole('listitem', { name: /^Ana again,/ }).count()).toBe(0);
    await people.getByRole('listitem', { name: 'Ana, participant, online' }).waitFor();
    // The removed page does not join again by itself (a new person would come back in the list), not even when
    // the round changes and its votes are asked for again with the revoked token.
    await consoleOf(fran).getByRole('button', { name: 'Close voting' }).click();
    await consoleOf(fran).getByText('Voting is closed', { exact: false }).waitFor();
    await twice.waitForTimeout(1500);
    expect(await people.getByRole('listitem', { name: /^Ana again,/ }).count()).toBe(0);
    await waitOnline(ana);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the facilitator removes someone who filled the board with junk, and the cards they added with them', async () => {
    const board = await createWorkshop(room.server.url, 'Junk');
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const ana = await person(board, 'Ana', board.secrets.participant);
    const mo = await person(board, 'Mo', board.secrets.participant);
    for (const text of ['junk one', 'junk two', 'junk three']) await addCardIn(mo, 'Customer value', text);
    await addCardIn(ana, 'Customer value', 'Plans in hours');
    const card = (page: Page, text: string) => page.getByRole('listitem', { name: `Customer value card: ${text}` });
    await card(fran, 'junk three').waitFor();
    await card(fran, 'Plans in hours').waitFor();

    await facilitate(fran);
    const people = consoleOf(fran).getByRole('list', { name: 'Participants' });
    await people.getByRole('button', { name: 'Remove Mo from the workshop' }).click();
    const dialog = fran.getByRole('dialog', { name: 'Remove Mo from the workshop?' });
    const withCards = dialog.getByRole('checkbox', { name: 'Also remove the 3 cards Mo added' });
    expect(await withCards.isChecked()).toBe(false);
    expect(await dialog.textContent()).toContain('Their cards, links and comments stay on the board.');
    await withCards.check();
    expect(await dialog.textContent()).toContain('The cards they added go, with their links, except agreed work');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await poll(() => dialog.count()).toBe(0);

    await consoleOf(fran).getByRole('status').filter({ hasText: 'Removed Mo and 3 cards they added.' }).waitFor();
    await mo.getByRole('heading', { name: 'The facilitator removed you from this workshop' }).waitFor();
    for (const page of [fran, ana]) {
      await poll(() => card(page, 'junk one').or(card(page, 'junk two')).or(card(page, 'junk three')).count()).toBe(0);
      await card(page, 'Plans in hours').waitFor();
    }
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows the spotlight to a participant with a card selected and on a phone; follow-me lands everyone on what the facilitator sees', async () => {
    const board = await createWorkshop(room.server.url, 'Spotlight', true);
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true, width: 1440, height: 900 });
    const ana = await person(board, 'Ana', board.secrets.participant, { width: 1100, height: 640 });
    const pia = await person(board, 'Pia', board.secrets.participant, { width: 390, height: 844 });
    await pia.getByRole('heading', { name: 'Frame' }).waitFor();
    await facilitate(fran);
    const spotlit = 'Weekly active planners';
    await fran.getByRole('listitem', { name: `Value indicators card: ${spotlit}` }).click();
    await consoleOf(fran).getByRole('button', { name: 'Spotlight the selected card' }).click();

    // Ana selects another card (one with a thread to show): her selection dims what is off its thread, never the spotlight.
    const anaSpot = ana.getByRole('listitem', { name: `Value indicators card: ${spotlit}` });
    await anaSpot.getByText('Spotlight', { exact: true }).waitFor();
    const other = ana.getByRole('listitem', { name: 'Segments card: Enterprise IT PMOs standardising on one planning tool' });
    await bringIntoView(other);
    await other.click();
    const opacity = (page: Page, name: string) => page.getByRole('listitem', { name }).evaluate((el) => getComputedStyle(el).opacity);
    await poll(() => opacity(ana, 'Business goals card: Cut annual gross logo churn from 14% to 9%')).toBe('0.35');
    expect(await anaSpot.getAttribute('data-dimmed')).toBe('true');
    expect(await opacity(ana, `Value indicators card: ${spotlit}`)).toBe('1');
    // The phone shows it too.
    await pia.getByRole('region', { name: 'Spotlight card' }).getByText(spotlit).waitFor();

    // Follow me: Ana's smaller window shows all of the area Fran sees (beside her console), centred alike.
    await fran.getByRole('button', { name: 'Zoom in' }).click();
    await fran.getByRole('button', { name: 'Zoom in' }).click();
    await consoleOf(fran).getByRole('button', { name: 'Follow me' }).click();
    await ana.getByRole('button', { name: 'Stop following' }).waitFor();
    const contains = () => showsAllOf(ana, fran);
    await poll(contains).toBe(true);
    await expect.poll(async () => (await visibleArea(fran)).height > (await ana.locator('.canvas').evaluate((el) => el.clientHeight)) / 2).toBe(true);

    // "Bring everyone here" after Ana stopped following: she lands on Fran's view again.
    await ana.getByRole('button', { name: 'Stop following' }).click();
    await ana.getByRole('region', { name: /^Board canvas/ }).focus();
    for (let i = 0; i < 8; i++) await ana.keyboard.press('ArrowLeft');
    await poll(contains).toBe(false);
    await consoleOf(fran).getByRole('button', { name: 'Bring everyone here' }).click();
    await poll(contains).toBe(true);
    // Even from the table view: back on the board, on Fran's view.
    await ana.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }).click();
    await ana.locator('.canvas').waitFor({ state: 'detached' });
    await consoleOf(fran).getByRole('button', { name: 'Bring everyone here' }).click();
    await poll(contains).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it('mirrors the read-back on the wall, one commitment per slide, as the facilitator steps through', async () => {
    // The worked example with its commitment agreed (an imported board).
    const example = await createWorkshop(room.server.url, 'Read-back', true);
    const json = (await (await fetch(`${room.server.url}/api/boards/${example.id}/export?format=json`, { headers: { Authorization: `Bearer ${example.secrets.viewer}` } })).json()) as {
      commitments: Record<string, unknown>[];
    };
    json.commitments[0] = {
      ...json.commitments[0], status: 'agreed',
      consents: [{ at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: ['Ana'], responses: [{ name: 'Ana', value: 'up' }], outcome: 'agreed' }],
    };
    const created = await fetch(`${room.server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) });
    expect(created.status).toBe(201);
    const board = (await created.json()) as Workshop;
    const fran = await person(board, 'Fran', board.secrets.facilitator, { creator: true });
    const wall = await open(`${room.server.url}/b/${board.id}/present#${board.secrets.viewer}`, null, { width: 1920, height: 1080 });
    await facilitate(fran);
    await fran.getByRole('button', { name: 'Go to phase Close' }).click();
    await wall.getByRole('heading', { name: 'Phase 10 of 10: Close' }).waitFor();
    await consoleOf(fran).getByRole('button', { name: 'Read back on the projector' }).click();
    const slide = wall.getByRole('region', { name: 'Read-back' });
    await slide.getByText('Commitment 1 of 1').waitFor();
    // The example's dates follow the day it was made (today).
    const today = localDay();
    const goalYear = endOfMonthAfter(today, 9).slice(0, 4);
    expect(await slide.locator('.readback-sentence').textContent()).toBe(
      'We believe that if ops leads plan capacity in Teamflow, not in spreadsheets, it brings mid-market operations teams (200–2,000 employees) in DACH and the Nordics '
      + 'the value ‘See every team’s capacity in one place, so the monthly plan takes hours instead of days’, which moves net revenue retention (NRR) toward the goal '
      + `‘Grow net revenue retention to 115% by the end of ${goalYear}’ and gross logo churn toward the goal ‘Cut annual gross logo churn from 14% to 9%’.`,
    );
    await slide.getByText(`We will know by days to first capacity plan falling from 19 to 7 days by ${humanDate(endOfMonthAfter(today, 4))}.`).waitFor();
    await consoleOf(fran).getByRole('button', { name: 'Stop the read-back' }).click();
    await wall.getByRole('heading', { name: 'What we agreed (1)' }).waitFor();
    expect(errors).toEqual([]);
  }, 90_000);
});
