/**
 * The reviewer link in real Chromium: the
 * facilitator copies it from the share panel; a stakeholder opens it in a
 * fresh browser, comments with an @mention and checks in on the commitment
 * they own, and cannot edit the board; the mentioned person sees the mention.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, addLink, putCommitment, readCards, readCommitments } from '../../shared/doc/index.ts';
import { readCheckIns, readComments } from '../../shared/doc/review.ts';
import { connect, waitFor, type SyncClient } from '../helpers/clients.ts';
import { boardLink, column, createWorkshop, e2eRoom, poll, waitOnline } from './browser.ts';

const room = e2eRoom();
const { errors } = room;
const clients: SyncClient[] = [];
afterAll(() => {
  for (const c of clients) c.destroy();
});

describe('the reviewer link', () => {
  it('a stakeholder opens the copied reviewer link, comments with an @mention, checks in on their commitment, and cannot edit; the mentioned person sees the mention', async () => {
    const board = await createWorkshop(room.server.url, 'Board review');
    const seed = connect(room.server.url, board.id, board.secrets.facilitator);
    clients.push(seed);
    await seed.synced;
    const goal = addCard(seed.doc, { column: 'goal', text: 'Cut logo churn to 9%', author: 'Fran' });
    const indicator = addCard(seed.doc, { column: 'indicator', text: 'Days to first plan', author: 'Fran' });
    const mine = addCard(seed.doc, { column: 'initiative', text: 'Pricing review', author: 'Fran' });
    const theirs = addCard(seed.doc, { column: 'initiative', text: 'Kickoff plan', author: 'Fran' });
    addLink(seed.doc, mine, indicator);
    addLink(seed.doc, theirs, indicator);
    putCommitment(seed.doc, { id: 'c-sam', card: mine, title: 'Pricing review', owner: 'Sam Stakeholder (CFO)', contributors: [], due: '2026-09-30', status: 'agreed', indicators: [indicator] });
    putCommitment(seed.doc, { id: 'c-priya', card: theirs, title: 'Kickoff plan', owner: 'Priya Nair', contributors: [], due: '2026-06-30', status: 'agreed', indicators: [indicator] });
    await waitFor(() => readCommitments(seed.doc).length === 2, 'the commitments');

    // The facilitator copies the reviewer link from the share panel.
    const f = await room.open(boardLink(room.server.url, board.id, board.secrets.facilitator), { name: 'Fran' });
    await f.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: room.server.url });
    await waitOnline(f);
    await f.getByRole('button', { name: /Invite/ }).click();
    const share = f.getByRole('complementary', { name: 'Share this board' });
    await share.getByRole('button', { name: 'Copy reviewer link — comment and check in' }).click();
    const copied = await f.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await share.getByRole('textbox', { name: 'Reviewer link — comment and check in' }).inputValue());
    expect(copied).toBe(`${room.server.url}/b/${board.id}/review#${board.secrets.reviewer}`);

    // Priya is on the board (she will be mentioned).
    const priya = await room.open(boardLink(room.server.url, board.id, board.secrets.participant), { name: 'Priya Nair', who: 'Priya' });
    await waitOnline(priya);

    // A stakeholder in a fresh browser: name prompt, then the review summary, comments only.
    const reviewer = await room.open(copied, { who: 'Sam' });
    await reviewer.getByRole('textbox', { name: 'Your name' }).fill('Sam Stakeholder');
    await reviewer.getByRole('button', { name: 'Join board' }).click();
    await reviewer.getByRole('region', { name: 'Since your last visit' }).waitFor();
    await waitOnline(reviewer, 'Comments only');

    // Check-in: on the commitment Sam owns, not on Priya's.
    const samCommitment = reviewer.getByRole('article', { name: 'Pricing review' });
    await samCommitment.getByRole('button', { name: 'Check in on Pricing review' }).click();
    const form = samCommitment.getByRole('form', { name: 'Check in on Pricing review' });
    await form.getByRole('radio', { name: 'At risk' }).check();
    await form.getByLabel('Date').fill('2026-05-15');
    await form.getByLabel('Note').fill('Finance wants a second pass');
    await form.getByRole('button', { name: 'Save check-in' }).click();
    await poll(() => form.count()).toBe(0);
    expect(await reviewer.getByRole('article', { name: 'Kickoff plan' }).getByRole('button', { name: 'Check in on Kickoff plan' }).count()).toBe(0);
    await waitFor(() => readCheckIns(seed.doc).some((c) => c.commitment === 'c-sam' && c.by === 'Sam Stakeholder'), 'the check-in stored and sent');

    // On the board: read only, comment threads usable.
    await reviewer.getByRole('link', { name: 'Open the board' }).click();
    await column(reviewer, 'Business goals').waitFor();
    expect(await reviewer.getByRole('button', { name: /^Add a card/ }).count()).toBe(0);
    const goalText = column(reviewer, 'Business goals').getByRole('textbox', { name: 'Card text' });
    expect(await goalText.getAttribute('readonly')).not.toBeNull();
    await goalText.click();
    await reviewer.keyboard.type('EDITED BY REVIEWER');
    expect(await goalText.inputValue()).toBe('Cut logo churn to 9%');
    expect(await reviewer.getByRole('button', { name: /^Delete card/ }).count()).toBe(0);

    await reviewer.getByRole('button', { name: /^Details.* of card: Cut logo churn to 9%$/ }).click();
    const comments = reviewer.getByRole('region', { name: /^Comments/ });
    const field = comments.getByRole('combobox', { name: 'Add a comment' });
    await field.click();
    await reviewer.keyboard.type('Which segments drive the churn? @Pri');
    await poll(() => reviewer.getByRole('option', { name: '@Priya Nair' }).isVisible()).toBe(true);
    await reviewer.keyboard.press('Enter');
    await reviewer.keyboard.type('can you add the split?');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    const thread = comments.getByRole('article', { name: 'Comment thread started by Sam Stakeholder' });
    await poll(() => thread.textContent()).toContain('Which segments drive the churn?');
    await waitFor(() => readComments(seed.doc).some((c) => c.card === goal && c.mentions.includes('Priya Nair')), 'the comment stored and sent');
    expect(readCards(seed.doc).find((c) => c.id === goal)?.text).toBe('Cut logo churn to 9%');

    // Priya's Review button counts the mention, and her summary lists it.
    const review = priya.getByRole('button', { name: /^Review summary \(1 mention of you/ });
    await review.waitFor();
    await review.click();
    await poll(() => priya.getByRole('region', { name: 'Since your last visit' }).textContent()).toContain('Sam Stakeholder mentioned you on “Cut logo churn to 9%”');

    // Sam joined as a person, a reviewer: the server signed the comment and the check-in with that name.
    // The facilitator sees Sam apart from the room, and the room's count leaves Sam out.
    const samComment = readComments(seed.doc).find((c) => c.card === goal)!;
    expect(samComment.author).toBe('Sam Stakeholder');
    await f.getByRole('button', { name: 'Facilitate' }).click();
    const people = f.getByRole('complementary', { name: 'Run the workshop' });
    await people.getByRole('list', { name: 'Reviewers' }).getByRole('listitem', { name: 'Sam Stakeholder, reviewer, online' }).waitFor();
    expect(await people.getByRole('list', { name: 'Participants' }).getByText('Sam Stakeholder').count()).toBe(0);
    await people.getByText(/^1 participant online/).waitFor();
    expect(errors).toEqual([]);
  });
});
