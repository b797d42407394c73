/**
 * A short facilitated session in real Chromium: a facilitator with the
 * console, two participants and the projector on one board, through every
 * phase: phase changes and the timer everywhere, private writing then reveal,
 * a locked column, a secret dot-voting round revealed on the projector,
 * spotlight, follow-me and "bring everyone here".
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, boardLink, column, createWorkshop, e2eRoom, poll, showsAllOf, visibleArea, waitOnline, type Workshop } from './browser.ts';

const room = e2eRoom();
const { errors } = room;

/**
 * A browser window; the facilitator's browser is the one that created the
 * board (it remembers the invite secrets). Each window gets its own context so
 * none is a background tab.
 */
async function person(board: Workshop, name: string, secret: string | null, creator = false, width = 1280, height = 800): Promise<Page> {
  const options = { name, width, height, ...(creator ? { creator: board } : {}) };
  if (secret === null) return room.open(`${room.server.url}/b/${board.id}/present`, options);
  const page = await room.open(boardLink(room.server.url, board.id, secret), options);
  await waitOnline(page);
  return page;
}

const workshop = (page: Page) => page.getByRole('region', { name: 'Workshop' });
const cardTexts = (page: Page, title: string) =>
  column(page, title)
    .getByRole('textbox', { name: 'Card text' })
    .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).sort());
/** The cards on the wall's stage for a column (the phase's column, large). */
const wallCards = (page: Page, title: string) => page.getByRole('region', { name: `Column: ${title}` }).locator('.projector-card-text').allTextContents().then((t) => t.sort());

describe('a facilitated session', () => {
  it('runs through every phase with the console, two participants and the projector', async () => {
    const board = await createWorkshop(room.server.url, 'Facilitated session');
    const f = await person(board, 'Fran', board.secrets.facilitator, true);
    const a = await person(board, 'Ana', board.secrets.participant);
    const b = await person(board, 'Ben', board.secrets.participant);
    // The projector: a second window of the facilitator's browser, with no secret in its address.
    const p = await person(board, 'Projector', null, true, 1920, 1080);

    // Frame: people join from the QR code on the wall; nobody but the facilitator has controls.
    await p.getByRole('heading', { name: 'Phase 1 of 10: Frame' }).waitFor();
    await p.getByRole('img', { name: 'QR code to join the workshop' }).waitFor();
    expect(await p.getByRole('button').count()).toBe(0);
    expect(await a.getByRole('button', { name: 'Facilitate' }).count()).toBe(0);
    await f.getByRole('button', { name: 'Facilitate' }).click();
    await f.getByRole('heading', { name: 'Run the workshop' }).waitFor();

    // Goals: the phase and the running timer show on every screen; "I'm done" reaches the console.
    await f.getByRole('button', { name: 'Next phase →' }).click();
    for (const page of [a, b]) await workshop(page).getByText('Goals', { exact: true }).waitFor();
    await p.getByRole('heading', { name: 'Phase 2 of 10: Goals' }).waitFor();
    await f.getByRole('button', { name: 'Start timer' }).click();
    for (const page of [f, a, b, p]) {
      const timer = (page === p ? p.getByRole('banner') : workshop(page)).getByRole('timer', { name: /^Timer: .* left$/ });
      await timer.waitFor();
      expect(await timer.textContent()).toMatch(/^1[45]:\d\d$/);
    }
    await a.getByRole('button', { name: "I'm done" }).click();
    await f.getByRole('listitem', { name: 'Ana, participant, online, done' }).waitFor();

    // A phase change never takes away what someone is typing.
    await a.getByRole('button', { name: 'Add card to Business goals' }).click();
    await a.keyboard.type('Grow ARR');
    await f.getByRole('button', { name: 'Next phase →' }).click();
    await workshop(a).getByText('Who', { exact: true }).waitFor();
    await a.keyboard.type(' by 20%');
    await poll(() => cardTexts(b, 'Business goals')).toEqual(['Grow ARR by 20%']);

    // Customer value with private writing: drafts stay with their authors until the reveal.
    await f.getByRole('button', { name: 'Go to phase Customer value' }).click();
    await f.getByRole('checkbox', { name: 'Private writing' }).check();
    await workshop(a).getByText(/^Private writing/).waitFor();
    await addCard(a, 'Customer value', 'Plans in minutes, not days', 'Draft text');
    await addCard(b, 'Customer value', 'Fewer status meetings', 'Draft text');
    await f.getByRole('button', { name: 'Reveal drafts (2)' }).waitFor();
    expect(await cardTexts(b, 'Customer value')).toEqual([]);
    expect(await cardTexts(f, 'Customer value')).toEqual([]);
    await p.getByRole('region', { name: 'Column: Customer value' }).getByText('No cards yet').waitFor();
    expect(await b.getByText('Plans in minutes, not days').count()).toBe(0);
    await f.getByRole('button', { name: 'Reveal drafts (2)' }).click();
    const revealed = ['Fewer status meetings', 'Plans in minutes, not days'];
    for (const page of [f, a, b]) await poll(() => cardTexts(page, 'Customer value')).toEqual(revealed);
    await poll(() => wallCards(p, 'Customer value')).toEqual(revealed);
    // Ana's draft leaves her private list (its own room, so it may land a moment after the cards).
    await poll(() => column(a, 'Customer value').getByRole('textbox', { name: 'Draft text' }).count()).toBe(0);

    // Clustering: the two revealed cards become one labelled group, then split again; park and restore a card.
    await f.getByRole('checkbox', { name: 'Plans in minutes, not days' }).check();
    await f.getByRole('checkbox', { name: 'Fewer status meetings' }).check();
    await f.getByRole('textbox', { name: 'Group label' }).fill('Less busywork');
    await f.getByRole('button', { name: 'Group cards' }).click();
    await poll(() => column(a, 'Customer value').getByText('Less busywork', { exact: true }).count()).toBe(2);
    await f.getByRole('button', { name: 'Split cluster Less busywork' }).click();
    await poll(() => column(a, 'Customer value').getByText('Less busywork', { exact: true }).count()).toBe(0);
    await f.getByRole('listitem', { name: 'Customer value card: Fewer status meetings' }).click();
    await f.getByRole('button', { name: 'Park', exact: true }).click();
    await column(b, 'Customer value').getByText('Parked', { exact: true }).waitFor();
    // A participant does not delete what the facilitator set aside: the button says why, and the card stays.
    const parkedDelete = column(b, 'Customer value').getByRole('button', { name: 'Delete card: Fewer status meetings' });
    expect(await parkedDelete.getAttribute('aria-disabled')).toBe('true');
    await parkedDelete.focus();
    await b.keyboard.press('Enter');
    await column(b, 'Customer value').getByText('Can’t delete: this card was parked by the facilitator. Only the facilitator can remove it.').waitFor();
    expect(await cardTexts(b, 'Customer value')).toEqual(revealed);
    await f.getByRole('list', { name: 'Parking lot' }).getByRole('button', { name: 'Restore card: Fewer status meetings' }).click();
    await poll(() => column(b, 'Customer value').getByText('Parked', { exact: true }).count()).toBe(0);

    // Behaviours: the facilitator locks the goals; participants cannot write there.
    await f.getByRole('button', { name: 'Next phase →' }).click();
    // Ana is typing in a goal when the lock comes: her field says why it stops taking keys.
    const typing = column(a, 'Business goals').getByRole('textbox', { name: 'Card text' }).first();
    await typing.click();
    await f.getByRole('checkbox', { name: 'Lock Business goals' }).check();
    await column(a, 'Business goals').getByText('Locked', { exact: true }).waitFor();
    await a.getByRole('status').filter({ hasText: 'The facilitator locked this column: what you typed so far is kept.' }).waitFor();
    expect(await a.getByRole('button', { name: 'Add card to Business goals' }).count()).toBe(0);
    expect(await column(a, 'Business goals').getByRole('textbox', { name: 'Card text' }).isEditable()).toBe(false);
    expect(await column(a, 'Segments').getByRole('button', { name: 'Add card to Segments' }).count()).toBe(1);
    expect(await f.getByRole('button', { name: 'Add card to Business goals' }).count()).toBe(1);
    // The Outline and the Details panel hold to the lock too (they offered Add, Move and Delete that did nothing).
    await a.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Outline' }).click();
    await a.getByText('Locked by the facilitator for now: read only.').first().waitFor();
    expect(await a.getByRole('button', { name: 'Add card to Business goals' }).count()).toBe(0);
    const goalInOutline = a.getByRole('listitem', { name: /^Business goals card: / }).first();
    expect(await goalInOutline.getByRole('textbox', { name: 'Card text' }).isEditable()).toBe(false);
    expect(await goalInOutline.getByRole('button', { name: /^Delete card: / }).count()).toBe(0);
    await goalInOutline.getByRole('button', { name: /^Details and links of card: / }).click();
    const panelText = a.getByRole('textbox', { name: 'Card text (details)' });
    expect(await panelText.isEditable()).toBe(false);
    await a.getByText('Read only: the facilitator locked Business goals for now.').waitFor();
    await a.getByRole('button', { name: 'Close card details' }).click();
    await a.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Board' }).click();

    // Initiatives: a secret dot-voting round, revealed on every screen.
    await f.getByRole('button', { name: 'Next phase →' }).click();
    await f.getByRole('button', { name: 'Next phase →' }).click();
    await workshop(b).getByText('Initiatives', { exact: true }).waitFor();
    await addCard(a, 'Initiatives', 'Pricing experiment');
    await addCard(b, 'Initiatives', 'Partner webinars');
    await poll(() => cardTexts(f, 'Initiatives')).toEqual(['Partner webinars', 'Pricing experiment']);
    await f.getByRole('spinbutton', { name: 'Votes per person' }).fill('2');
    await f.getByRole('button', { name: 'Start voting' }).click();
    await a.getByRole('button', { name: 'Vote for card: Pricing experiment' }).click();
    await workshop(a).getByText('Voting: 1 of 2 votes left').waitFor();
    // One vote per card in this round.
    await poll(() => a.getByRole('button', { name: 'Vote for card: Pricing experiment' }).isDisabled()).toBe(true);
    await a.getByRole('button', { name: 'Vote for card: Partner webinars' }).click();
    await b.getByRole('button', { name: 'Vote for card: Pricing experiment' }).click();
    await workshop(a).getByText('Voting: 0 of 2 votes left').waitFor();
    await workshop(b).getByText('Voting: 1 of 2 votes left').waitFor();
    // Ballots are secret: Ben sees only his own dot; nobody sees a tally yet.
    const bensPartnerCard = b.getByRole('listitem', { name: 'Initiatives card: Partner webinars' });
    expect(await bensPartnerCard.getByRole('img', { name: /^Your votes/ }).count()).toBe(0);
    expect(await b.getByRole('img', { name: 'Your votes on this card: 1' }).count()).toBe(1);
    expect(await p.getByRole('heading', { name: 'Vote results' }).count()).toBe(0);
    expect(await a.getByRole('img', { name: /rank/ }).count()).toBe(0);
    await f.getByRole('button', { name: 'Close voting' }).click();
    await f.getByRole('button', { name: 'Reveal results' }).click();
    // On the wall the voted column itself stands in rank order with its votes.
    const stage = p.getByRole('region', { name: 'Column: Initiatives' });
    await poll(() => stage.getByRole('listitem').filter({ has: p.locator('.tally') }).allTextContents()).toEqual(['#1 · 2 votesPricing experimentnot linked yet', '#2 · 1 votePartner webinarsnot linked yet']);
    for (const page of [a, b, f]) await page.getByRole('img', { name: '2 votes, rank 1' }).waitFor();

    // Spotlight a card, then a column, on the projector.
    await f.getByRole('listitem', { name: 'Initiatives card: Pricing experiment' }).click();
    await f.getByRole('button', { name: 'Spotlight the selected card' }).click();
    await p.getByRole('region', { name: 'Spotlight card' }).getByText('Pricing experiment').waitFor();
    const anasSpotlit = a.getByRole('listitem', { name: 'Initiatives card: Pricing experiment' });
    await anasSpotlit.getByText('Spotlight').waitFor();
    // The room sees it outlined on the board too.
    const outline = (item: typeof anasSpotlit) => item.evaluate((el) => getComputedStyle(el).outlineStyle);
    await poll(() => outline(anasSpotlit)).toBe('solid');
    expect(await outline(a.getByRole('listitem', { name: 'Initiatives card: Partner webinars' }))).toBe('none');
    await f.getByRole('combobox', { name: 'Column to spotlight' }).selectOption({ label: 'Customer value' });
    await f.getByRole('button', { name: 'Spotlight column' }).click();
    await p.getByRole('region', { name: 'Spotlight column: Customer value' }).getByText('Fewer status meetings').waitFor();
    await poll(() => outline(a.getByRole('region', { name: 'Customer value', exact: true }))).toBe('solid');
    await poll(() => outline(anasSpotlit)).toBe('none');
    await f.getByRole('button', { name: 'Clear spotlight' }).click();
    await p.getByRole('region', { name: 'Column: Initiatives' }).waitFor();

    // Follow me: Ana's view shows what Fran sees until she stops following; "bring everyone here" still moves her.
    await f.getByRole('button', { name: 'Follow me' }).click();
    await a.getByRole('button', { name: 'Stop following' }).waitFor();
    await p.getByRole('region', { name: 'The whole board' }).waitFor();
    await f.getByRole('button', { name: 'Zoom in' }).click();
    await f.getByRole('button', { name: 'Zoom in' }).click();
    await poll(() => showsAllOf(a, f)).toBe(true);
    await a.getByRole('button', { name: 'Stop following' }).click();
    await a.getByRole('button', { name: 'Follow the facilitator' }).waitFor();
    const anasView = await visibleArea(a);
    await f.getByRole('button', { name: 'Zoom out' }).click();
    // The projector follows too: once it shows Fran's new view, Ana's (not following) has not moved.
    await poll(() => showsAllOf(p, f)).toBe(true);
    expect(await visibleArea(a)).toEqual(anasView);
    // Ana looks elsewhere; "bring everyone here" brings her back.
    await a.getByRole('region', { name: /^Board canvas/ }).focus();
    for (let i = 0; i < 8; i++) await a.keyboard.press('ArrowLeft');
    await poll(() => showsAllOf(a, f)).toBe(false);
    await f.getByRole('button', { name: 'Bring everyone here' }).click();
    await poll(() => showsAllOf(a, f)).toBe(true);
    await f.getByRole('button', { name: 'Follow me' }).click();

    // On through the last phases: every screen moves along; the commitments are on the wall at Commit.
    for (const [phase, n] of [['Trace check', 8], ['Commit', 9]] as const) {
      await f.getByRole('button', { name: 'Next phase →' }).click();
      await p.getByRole('heading', { name: `Phase ${n} of 10: ${phase}` }).waitFor();
      for (const page of [a, b]) await workshop(page).getByText(phase, { exact: true }).waitFor();
      // The wall mirrors the trace check: what reaches a goal, and what does not yet.
      if (phase === 'Trace check') {
        const trace = p.getByRole('region', { name: 'Trace check' });
        await trace.getByText('0 of 2 initiatives trace to a business goal').waitFor();
        const orphans = trace.getByRole('list', { name: 'Open findings' }).getByRole('list', { name: 'Initiative without a goal' });
        await poll(async () => (await orphans.getByRole('listitem').allTextContents()).sort()).toEqual(['Partner webinars', 'Pricing experiment']);
        // The chain's other cards that reach no goal are listed too (the board badges them "Orphan").
        const loose = trace.getByRole('list', { name: 'Open findings' }).getByRole('list', { name: 'Card without a goal' });
        await loose.getByText('Fewer status meetings', { exact: false }).waitFor();
        await trace.getByText(/^Nothing blocks the commitments · \d+ findings to look at$/).waitFor();
      }
    }
    await p.getByRole('heading', { name: /^Commitments/ }).waitFor();
    // The initiatives trace to no goal, but nobody proposed them as commitments: closing Commit asks
    // for no override (only a commitment that reaches no goal does: room-ux.test.ts, commitments.test.ts).
    await f.getByRole('button', { name: 'Next phase →' }).click();
    await p.getByRole('heading', { name: 'Phase 10 of 10: Close' }).waitFor();
    expect(await f.getByRole('dialog', { name: 'Override the trace check' }).count()).toBe(0);
    for (const page of [a, b]) await workshop(page).getByText('Close', { exact: true }).waitFor();
    expect(await f.getByRole('button', { name: 'Next phase →' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  }, 110_000);
});

describe('taking part from a phone', () => {
  it('shows the phase, the timer, a composer for the phase’s column and my remaining votes', async () => {
    const board = await createWorkshop(room.server.url, 'Phone session');
    const f = await person(board, 'Fran', board.secrets.facilitator, true);
    const phone = await person(board, 'Pia', board.secrets.participant, false, 390, 844);
    await phone.getByRole('heading', { name: 'Frame' }).waitFor();
    await f.getByRole('button', { name: 'Facilitate' }).click();
    await f.getByRole('button', { name: 'Go to phase Who' }).click();
    // A timebox not started says so (a frozen 15:00 read as a broken clock).
    await phone.getByRole('timer', { name: /timebox, not started$/ }).getByText('not started').waitFor();
    // Any length in whole seconds: half a minute for a sprint; a length that is none is refused in place.
    const length = f.getByRole('spinbutton', { name: 'Timer length in minutes' });
    await length.fill('0');
    await f.getByRole('alert').filter({ hasText: 'A length between 15 seconds (0.25) and 1440 minutes' }).waitFor();
    expect(await f.getByRole('button', { name: 'Start timer' }).isDisabled()).toBe(true);
    await length.fill('0.5');
    await f.getByRole('button', { name: 'Start timer' }).click();
    await phone.getByRole('heading', { name: 'Add to Segments' }).waitFor();
    await phone.getByRole('timer', { name: /^Timer: (30|2\d) seconds left$/ }).waitFor();

    // Typing survives a phase change: the card still goes where it was started.
    await phone.getByRole('textbox', { name: 'Your card' }).fill('Agencies that bill by the hour');
    await f.getByRole('button', { name: 'Next phase →' }).click();
    await phone.getByRole('heading', { name: 'Customer value' }).waitFor();
    expect(await phone.getByRole('textbox', { name: 'Your card' }).inputValue()).toBe('Agencies that bill by the hour');
    // The length typed for the last phase does not carry over: the console offers this phase's timebox.
    expect(await length.inputValue()).toBe('');
    await phone.getByRole('button', { name: 'Add card' }).click();
    await poll(() => cardTexts(f, 'Segments')).toEqual(['Agencies that bill by the hour']);

    await phone.getByRole('heading', { name: 'Add to Customer value' }).waitFor();

    // A pasted list is one card per line, as on the board (the writer can keep it as one card).
    await phone.getByRole('textbox', { name: 'Your card' }).fill('- Invoices go out the day work ends\n- Fewer billing disputes');
    const perLine = phone.getByRole('checkbox', { name: 'One card per line (2 cards)' });
    expect(await perLine.isChecked()).toBe(true);
    await perLine.uncheck();
    await phone.getByRole('button', { name: 'Add card', exact: true }).waitFor();
    await perLine.check();
    await phone.getByRole('button', { name: 'Add 2 cards' }).click();
    await poll(() => cardTexts(f, 'Customer value')).toEqual(['Fewer billing disputes', 'Invoices go out the day work ends']);
    // Under the composer, what the column holds now; one's own cards are there to fix a typo.
    const inColumn = phone.getByRole('region', { name: 'In Customer value now (2)' });
    const own = inColumn.getByRole('textbox', { name: 'Card you wrote: Fewer billing disputes' });
    await own.click();
    await own.press('End');
    await phone.keyboard.type(' and calls');
    await poll(() => cardTexts(f, 'Customer value')).toEqual(['Fewer billing disputes and calls', 'Invoices go out the day work ends']);

    await f.getByRole('checkbox', { name: 'Vote on Customer value' }).uncheck();
    await f.getByRole('checkbox', { name: 'Vote on Segments' }).check();
    await f.getByRole('button', { name: 'Start voting' }).click();
    await phone.getByText('You have 3 of 3 votes left').waitFor();
    await phone.getByRole('button', { name: 'Vote for card: Agencies that bill by the hour' }).click();
    await phone.getByText('You have 2 of 3 votes left').waitFor();
    await phone.getByRole('img', { name: 'Your votes on this card: 1' }).waitFor();
    // Half a card typed survives a look at the full board (the composer was emptied by it).
    await phone.getByRole('textbox', { name: 'Your card' }).fill('Half a thought');
    await phone.getByRole('button', { name: 'Open the full board' }).click();
    await column(phone, 'Segments').waitFor();
    await phone.getByRole('button', { name: 'Back to the simple view' }).click();
    await poll(() => phone.getByRole('textbox', { name: 'Your card' }).inputValue()).toBe('Half a thought');
    expect(errors).toEqual([]);
  }, 60_000);
});
