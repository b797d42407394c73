/**
 * Async review in real Chromium: comment threads (a participant writes, a
 * viewer reads), version history (snapshots at phase changes, browsing an old
 * version read only, diffs, restore and undo), commitment check-ins with
 * their chart, the activity feed and "since your last visit".
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, addLink, putCommitment, readCards, readCommitments, setAnonymous, setCardText, setPhase, type PhaseId } from '../../shared/doc/index.ts';
import { connect, waitFor, type SyncClient } from '../helpers/clients.ts';
import { column, createWorkshop, e2eRoom, poll, type Workshop } from './browser.ts';

// Snapshots are taken as soon as the server notices a phase change; no periodic ones during a test.
const room = e2eRoom({ history: { watchMs: 20, periodicMs: 3_600_000, manualMinIntervalMs: 0 } });
const { errors } = room;
const clients: SyncClient[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

/** A person on the board (a viewer when nameless: the board opens read only). */
const person = (board: Workshop, secret: string, name?: string, width = 1280, height = 800) =>
  room.person(board, secret, { ...(name ? { name } : { who: 'viewer' }), width, height, status: name ? 'Online' : 'Read only' });

function client(board: Workshop, secret: string, kind: 'content' | 'control' = 'content'): SyncClient {
  const c = connect(room.server.url, board.id, secret, kind);
  clients.push(c);
  return c;
}

const cardTexts = (page: Page, title: string) =>
  column(page, title)
    .getByRole('textbox', { name: 'Card text' })
    .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).sort());

async function api(path: string, token: string): Promise<{ status: number; text: string }> {
  const res = await fetch(room.server.url + path, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

async function phaseSnapshots(board: Workshop): Promise<string[]> {
  const body = JSON.parse((await api(`/api/boards/${board.id}/history`, board.secrets.viewer)).text) as { snapshots: { reason: string; phase?: string }[] };
  return body.snapshots.filter((s) => s.reason === 'phase').map((s) => s.phase ?? '');
}

/** The facilitator's control document, through the stock client: changes the phase as the console would. */
async function changePhase(board: Workshop, control: SyncClient, phase: PhaseId, expected: string[]): Promise<void> {
  setPhase(control.doc, phase);
  await poll(() => phaseSnapshots(board)).toEqual(expected);
}

/** A new workshop with one goal card, "Grow ARR", to comment on. */
async function workshopWithGoal(title: string): Promise<Workshop> {
  const board = await createWorkshop(room.server.url, title);
  const seed = client(board, board.secrets.participant);
  await seed.synced;
  addCard(seed.doc, { column: 'goal', text: 'Grow ARR', author: 'Seed' });
  return board;
}

describe('comment threads', () => {
  it('a participant comments with a mention; a viewer sees the thread and the count, and cannot write', async () => {
    const board = await workshopWithGoal('Comments');

    const pat = await person(board, board.secrets.participant, 'Pat');
    await person(board, board.secrets.participant, 'Ana');
    await poll(() => cardTexts(pat, 'Business goals')).toEqual(['Grow ARR']);

    await pat.getByRole('button', { name: 'Details of card: Grow ARR' }).click();
    const comments = pat.getByRole('region', { name: /^Comments/ });
    const field = comments.getByRole('combobox', { name: 'Add a comment' });
    // A comment half written outlives the page (a reload, a link reset that replaced it).
    await field.fill('Half a comment');
    await pat.reload();
    await pat.getByRole('button', { name: 'Details of card: Grow ARR' }).click();
    await poll(() => field.inputValue()).toBe('Half a comment');
    await field.fill('');
    await field.click();
    await pat.keyboard.type('Can we measure this monthly? @An');
    // Ana is on the board: the suggestion list offers her; Enter takes her name.
    await poll(() => pat.getByRole('option', { name: '@Ana' }).isVisible()).toBe(true);
    await pat.keyboard.press('Enter');
    await pat.keyboard.type('please check');
    expect(await field.inputValue()).toBe('Can we measure this monthly? @Ana please check');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    await poll(() => field.inputValue()).toBe('');
    const thread = comments.getByRole('article', { name: 'Comment thread started by Pat' });
    await poll(() => thread.textContent()).toContain('Can we measure this monthly?');
    expect(await thread.locator('mark.mention').textContent()).toBe('@Ana');
    await poll(() => pat.getByRole('button', { name: '1 open comment on card: Grow ARR' }).count()).toBe(1);

    const viewer = await person(board, board.secrets.viewer);
    const count = viewer.getByRole('button', { name: '1 open comment on card: Grow ARR' });
    await poll(() => count.count()).toBe(1);
    await count.click();
    const seen = viewer.getByRole('region', { name: /^Comments/ }).getByRole('article', { name: 'Comment thread started by Pat' });
    await poll(() => seen.textContent()).toContain('@Ana please check');
    // Read only: no field to write in and no thread actions.
    expect(await viewer.getByRole('combobox', { name: 'Add a comment' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Reply' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Resolve' }).count()).toBe(0);

    // Resolving closes the thread for everyone: the card's count goes away.
    await thread.getByRole('button', { name: 'Resolve' }).click();
    await poll(() => viewer.getByRole('button', { name: /open comments? on card: Grow ARR/ }).count()).toBe(0);
    await poll(() => viewer.getByRole('button', { name: 'Show 1 resolved thread' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a comment is its author’s to delete: another person joined under the same name gets no Delete; the author keeps it after a reload', async () => {
    const board = await workshopWithGoal('Same names');

    const pat = await person(board, board.secrets.participant, 'Pat');
    await pat.getByRole('button', { name: 'Details of card: Grow ARR' }).click();
    const comments = pat.getByRole('region', { name: /^Comments/ });
    await comments.getByRole('combobox', { name: 'Add a comment' }).fill('Only I may take this back');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    const thread = comments.getByRole('article', { name: 'Comment thread started by Pat' });
    await poll(() => thread.textContent()).toContain('Only I may take this back');
    await poll(() => thread.getByRole('button', { name: 'Delete comment by Pat' }).count()).toBe(1);

    // A second laptop joins under the same name: the same comment, but not theirs.
    const other = await person(board, board.secrets.participant, 'Pat');
    await other.getByRole('button', { name: '1 open comment on card: Grow ARR' }).click();
    const seen = other.getByRole('region', { name: /^Comments/ }).getByRole('article', { name: 'Comment thread started by Pat' });
    await poll(() => seen.textContent()).toContain('Only I may take this back');
    await poll(() => seen.getByRole('button', { name: 'Reply' }).count()).toBe(1);
    expect(await seen.getByRole('button', { name: 'Delete comment by Pat' }).count()).toBe(0);
    // (A client that writes the deletion anyway is undone by the server: tests/security/reviewRecords.test.ts.)

    // The author, after a reload (the same person, remembered), still may; the facilitator may delete any.
    await pat.reload();
    await pat.getByRole('button', { name: '1 open comment on card: Grow ARR' }).click();
    const mine = pat.getByRole('region', { name: /^Comments/ }).getByRole('article', { name: 'Comment thread started by Pat' });
    await mine.getByRole('button', { name: 'Delete comment by Pat' }).click();
    await poll(() => other.getByRole('button', { name: /open comments? on card: Grow ARR/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('version history', () => {
  it('snapshots at phase changes; an old version browsed read only; diffs; restore and undo', async () => {
    const board = await createWorkshop(room.server.url, 'History');
    const seed = client(board, board.secrets.participant);
    await seed.synced;
    const goal = addCard(seed.doc, { column: 'goal', text: 'Grow ARR', author: 'Seed' });
    const control = client(board, board.secrets.facilitator, 'control');
    await control.synced;
    const watcher = client(board, board.secrets.viewer);
    await waitFor(() => readCards(watcher.doc).length === 1, 'seed stored');

    // Phase "Goals" with the first card; then a new segment and an edited goal; phase "Who".
    await changePhase(board, control, 'goals', ['goals']);
    const smb = addCard(seed.doc, { column: 'segment', text: 'SMB', author: 'Seed' });
    setCardText(seed.doc, goal, 'Grow ARR to 10M');
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === smb && true) && readCards(watcher.doc).some((c) => c.text === 'Grow ARR to 10M'), 'changes stored');
    await changePhase(board, control, 'who', ['goals', 'who']);

    const fran = await person(board, board.secrets.facilitator, 'Fran');
    await poll(() => cardTexts(fran, 'Segments')).toEqual(['SMB']);
    await fran.getByRole('button', { name: 'History', exact: true }).click();
    const versions = fran.getByRole('list', { name: 'Saved versions, newest first' });
    await poll(async () => {
      await fran.getByRole('button', { name: 'Refresh' }).click();
      return versions.getByRole('button').allTextContents();
    }).toEqual([expect.stringContaining('Phase changeStart of Who'), expect.stringContaining('Phase changeStart of Goals'), expect.stringContaining('CreatedThe new board')]);

    // Browsing the Goals version shows that board, read only; the live board is untouched.
    const before = (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).text;
    await versions.getByRole('button', { name: /Start of Goals/ }).click();
    const old = fran.getByRole('region', { name: /^The board at Phase: Goals/ });
    const oldTexts = (title: string) => old.getByRole('region', { name: title, exact: true }).locator('.snapshot-card-text').allTextContents();
    await poll(() => oldTexts('Business goals')).toEqual(['Grow ARR']);
    expect(await oldTexts('Segments')).toEqual([]);
    expect(await old.getByRole('textbox').count()).toBe(0);
    expect((await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).text).toBe(before);

    // Compared with the board now: the list of changes, and the changes marked on the current board.
    await fran.getByLabel('Compare with').selectOption('current');
    await poll(() => fran.getByRole('region', { name: 'Cards added (1)' }).textContent()).toContain('“SMB” in Segments');
    expect(await fran.getByRole('region', { name: 'Cards edited (1)' }).textContent()).toContain('“Grow ARR” → “Grow ARR to 10M”');
    const marked = fran.getByRole('region', { name: 'Changes marked on the board now' });
    expect(await marked.getByRole('region', { name: 'Segments', exact: true }).locator('[data-change="added"]').textContent()).toContain('SMB');
    expect(await marked.getByRole('region', { name: 'Business goals', exact: true }).locator('[data-change="changed"]').textContent()).toContain('Edited');

    // Two versions compared: Goals → Who lists the same added card.
    const whoOption = await fran.getByLabel('Compare with').locator('option', { hasText: 'Phase: Who' }).getAttribute('value');
    await fran.getByLabel('Compare with').selectOption(whoOption!);
    await poll(() => fran.getByRole('heading', { name: /^Changes from Phase: Goals.* to Phase: Who/ }).count()).toBe(1);
    expect(await fran.getByRole('region', { name: 'Cards added (1)' }).textContent()).toContain('SMB');
    expect((await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).text).toBe(before);

    // Restore the Goals version: a "Before restore" version is kept, everyone sees the old board.
    await fran.getByRole('button', { name: /^Restore this version/ }).click();
    await fran.getByRole('button', { name: 'Restore', exact: true }).click();
    await poll(() => fran.getByRole('status').filter({ hasText: 'Board restored to Phase: Goals' }).count()).toBe(1);
    await poll(() => cardTexts(fran, 'Segments')).toEqual([]);
    expect(await cardTexts(fran, 'Business goals')).toEqual(['Grow ARR']);
    await waitFor(() => !readCards(watcher.doc).some((c) => c.id === smb) && readCards(watcher.doc)[0]?.text === 'Grow ARR', 'restore everywhere');
    const labels = JSON.parse((await api(`/api/boards/${board.id}/history`, board.secrets.viewer)).text) as { snapshots: { label?: string }[] };
    expect(labels.snapshots.map((s) => s.label)).toContain('Before restore');

    // The ordinary Undo of the top bar (not the notice's) takes the whole restore back.
    await fran.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
    await poll(() => cardTexts(fran, 'Segments')).toEqual(['SMB']);
    expect(await cardTexts(fran, 'Business goals')).toEqual(['Grow ARR to 10M']);
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === smb) && readCards(watcher.doc).some((c) => c.text === 'Grow ARR to 10M'), 'undo everywhere');

    // The activity feed tells who restored what.
    await fran.getByRole('button', { name: 'Activity', exact: true }).click();
    await poll(() => fran.getByRole('main').textContent()).toContain('Fran restored the board to “Phase: Goals');
    expect(errors).toEqual([]);
  });
});

describe('commitment check-ins', () => {
  it('a check-in updates the latest status and the indicator chart; a viewer reads them', async () => {
    const board = await createWorkshop(room.server.url, 'Check-ins');
    const facilitator = client(board, board.secrets.facilitator);
    await facilitator.synced;
    const indicator = addCard(facilitator.doc, {
      column: 'indicator', text: 'Active teams', unit: 'teams', direction: 'increase',
      baselineValue: 10, baselineAsOf: '2026-01-01', targetValue: 20, targetBy: '2026-12-31',
    });
    const initiative = addCard(facilitator.doc, { column: 'initiative', text: 'Guided setup' });
    addLink(facilitator.doc, initiative, indicator);
    putCommitment(facilitator.doc, { id: 'm1', card: initiative, title: 'Guided setup', owner: 'Pat', contributors: [], due: '2026-09-30', status: 'agreed', indicators: [indicator] });
    const watcher = client(board, board.secrets.viewer);
    await waitFor(() => readCommitments(watcher.doc).length === 1, 'commitment stored');

    const pat = await person(board, board.secrets.participant, 'Pat');
    await pat.getByRole('button', { name: /^Review summary/ }).click();
    const commitment = pat.getByRole('article', { name: 'Guided setup' });
    const chart = commitment.getByRole('img');
    await poll(() => chart.getAttribute('aria-label')).toBe('Active teams, no value reported yet, baseline 10 teams, target 20 teams by 2026-12-31');
    expect(await commitment.textContent()).toContain('No check-in yet');
    expect(await pat.getByRole('region', { name: 'Next review' }).textContent()).toContain('Guided setup');

    const checkIn = async (status: string, value: string, date: string, note: string) => {
      await commitment.getByRole('button', { name: 'Check in on Guided setup' }).click();
      const form = commitment.getByRole('form', { name: 'Check in on Guided setup' });
      await form.getByRole('radio', { name: status }).check();
      await form.getByLabel(/^Current value/).fill(value);
      await form.getByLabel('Date').fill(date);
      await form.getByLabel('Note').fill(note);
      await form.getByRole('button', { name: 'Save check-in' }).click();
      await poll(() => form.count()).toBe(0);
    };
    await checkIn('At risk', '14', '2026-03-01', 'Slower onboarding than planned');
    await poll(() => chart.getAttribute('aria-label')).toBe('Active teams, latest 14 teams on 2026-03-01, baseline 10 teams, target 20 teams by 2026-12-31, 40% of the way');
    expect(await commitment.locator('figure').getAttribute('data-points')).toBe('1');
    await checkIn('On track', '17', '2026-04-01', 'Fixed the invite flow');
    await poll(() => chart.getAttribute('aria-label')).toContain('latest 17 teams on 2026-04-01');
    expect(await commitment.locator('figure').getAttribute('data-points')).toBe('2');
    expect(await commitment.locator('.latest-checkin').textContent()).toContain('On track');

    await commitment.getByRole('button', { name: 'Check-in history (2)' }).click();
    const rows = commitment.getByRole('table').getByRole('row');
    await poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toContain('Fixed the invite flow');
    expect(await rows.nth(2).textContent()).toContain('At risk');
    // The check-ins reach the Markdown export.
    const exported = (await api(`/api/boards/${board.id}/export?format=md`, board.secrets.viewer)).text;
    expect(exported).toContain('## Check-ins');
    expect(exported).toMatch(/\| 2026-04-01 \| Guided setup \| on-track \| 17 \| Fixed the invite flow \| Pat \|/);
    // ... and the board JSON, which carries them to an imported copy.
    const json = JSON.parse((await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).text) as { checkIns: { commitment: string; status: string; value: number; date: string }[] };
    expect(json.checkIns.map((c) => [c.commitment, c.status, c.value, c.date])).toEqual([['m1', 'at-risk', 14, '2026-03-01'], ['m1', 'on-track', 17, '2026-04-01']]);

    // A viewer reads the same, and has no way to check in.
    const viewer = await person(board, board.secrets.viewer);
    await viewer.getByRole('button', { name: /^Review summary/ }).click();
    const seen = viewer.getByRole('article', { name: 'Guided setup' });
    await poll(() => seen.getByRole('img').getAttribute('aria-label')).toContain('latest 17 teams on 2026-04-01, baseline 10 teams, target 20 teams by 2026-12-31, 70% of the way');
    expect(await seen.getByRole('button', { name: 'Check in on Guided setup' }).count()).toBe(0);
    expect(await viewer.getByRole('main').textContent()).toContain('Pat checked in on “Guided setup”: on track');
    expect(errors).toEqual([]);
  });
});

describe('activity feed', () => {
  it('logs who added, edited and deleted cards on the board, and names nobody in anonymous mode', async () => {
    const board = await createWorkshop(room.server.url, 'Activity');
    const seed = client(board, board.secrets.participant);
    await seed.synced;
    addCard(seed.doc, { column: 'goal', text: 'Grow ARR', author: 'Seed' });
    const pat = await person(board, board.secrets.participant, 'Pat');
    await poll(() => cardTexts(pat, 'Business goals')).toEqual(['Grow ARR']);

    await pat.getByRole('button', { name: 'Add card to Segments' }).click();
    const added = column(pat, 'Segments').getByRole('textbox', { name: 'Card text' }).last();
    await poll(() => added.evaluate((el) => el === document.activeElement)).toBe(true);
    await pat.keyboard.type('SMB');
    await pat.keyboard.press('Escape');
    const goal = column(pat, 'Business goals').getByRole('textbox', { name: 'Card text' });
    await goal.click();
    await pat.keyboard.press('End');
    await pat.keyboard.type(' fast');
    await pat.keyboard.press('Escape');
    await pat.getByRole('button', { name: 'Delete card: SMB' }).click();
    await poll(() => cardTexts(pat, 'Segments')).toEqual([]);

    // Anonymous mode (the facilitator's control document): new entries name nobody.
    const control = client(board, board.secrets.facilitator, 'control');
    await control.synced;
    setAnonymous(control.doc, true);
    await poll(() => pat.getByText('Anonymous: no names on new cards').count()).toBe(1);
    await pat.getByRole('button', { name: 'Add card to Segments' }).click();
    await poll(() => column(pat, 'Segments').getByRole('textbox', { name: 'Card text' }).last().evaluate((el) => el === document.activeElement)).toBe(true);
    await pat.keyboard.type('Agencies');
    await pat.keyboard.press('Escape');

    await pat.getByRole('button', { name: 'Activity', exact: true }).click();
    const feed = pat.getByRole('main').getByRole('listitem');
    await poll(() => feed.allTextContents()).toEqual([
      expect.stringContaining('Someone added “Agencies” to Segments'),
      expect.stringContaining('Pat deleted “SMB”'),
      expect.stringContaining('Pat edited “Grow ARR fast”'),
      expect.stringContaining('Pat added “SMB” to Segments'),
    ]);
    expect(errors).toEqual([]);
  });
});

describe('since your last visit', () => {
  it('marks what others changed since this browser last viewed the board, until it is seen', async () => {
    const board = await createWorkshop(room.server.url, 'Visits');
    const seed = client(board, board.secrets.participant);
    await seed.synced;
    addCard(seed.doc, { column: 'goal', text: 'Grow ARR', author: 'Seed' });
    const watcher = client(board, board.secrets.viewer);
    await waitFor(() => readCards(watcher.doc).length === 1, 'seed stored');

    // A first visit marks nothing; it is remembered in this browser.
    const first = await room.open(`${room.server.url}/b/${board.id}/review#${board.secrets.viewer}`, { who: 'viewer' });
    const visit = first.getByRole('region', { name: 'Since your last visit' });
    await poll(() => visit.textContent()).toContain('Your first visit from this browser');
    // No commitment is agreed yet: the schedule says so instead of "every one has checked in".
    expect(await first.getByRole('region', { name: 'Next review' }).textContent()).toContain('No agreed commitment to report on yet.');
    await first.close();

    // Meanwhile someone adds a card and comments on the goal.
    const fresh = addCard(seed.doc, { column: 'segment', text: 'SMB', author: 'Sam' });
    await waitFor(() => readCards(watcher.doc).some((c) => c.id === fresh), 'new card stored');

    const again = await first.context().newPage();
    again.on('pageerror', (e) => errors.push(`viewer again: ${String(e)}`));
    await again.goto(`${room.server.url}/b/${board.id}/review`);
    const news = again.getByRole('region', { name: 'Since your last visit' });
    await poll(() => news.textContent()).toContain('New card in Segments: “SMB”');
    await again.getByRole('link', { name: 'Open the board' }).click();
    const card = column(again, 'Segments').getByRole('listitem', { name: 'Segments card: SMB' });
    await poll(() => card.locator('.visit-mark').textContent()).toContain('New');
    await poll(() => again.getByRole('button', { name: 'Review summary (1 new)' }).count()).toBe(1);

    // Opening the card counts as seeing it.
    await card.getByRole('button', { name: 'Details of card: SMB' }).click();
    await poll(() => card.locator('.visit-mark').count()).toBe(0);
    await poll(() => again.getByRole('button', { name: 'Review summary', exact: true }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
