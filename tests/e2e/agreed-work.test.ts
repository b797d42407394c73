/**
 * What the room agreed, in real Chromium with a facilitator and two
 * participants: only a commitment's owner is offered to move it along
 * (someone else is told who can), marking it done asks first and names it,
 * and the facilitator takes Done back with a reason in the decision log; the
 * agreed Details of a card on the trace are read only for a participant, with
 * the reason in place, while the facilitator's amendment is logged.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eRoom, importWorkshop, poll, type Workshop } from './browser.ts';
import { soc2Board } from './soc2Board.ts';

const room = e2eRoom();
const { errors } = room;

const person = (board: Workshop, name: string, secret: string) => room.person(board, secret, { name, width: 1440, height: 900 });
const drawer = (page: Page) => page.getByRole('complementary', { name: 'Commitments' });
const initiative = (page: Page, text: string) => page.getByRole('listitem', { name: `Initiatives card: ${text}` });

async function openCommitment(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Commitments', exact: true }).click();
  await drawer(page).getByRole('button', { name: `Open commitment: ${title}` }).click();
  await drawer(page).getByRole('heading', { name: title }).waitFor();
}

const decisionLog = (page: Page) => drawer(page).getByRole('list', { name: 'Decision log, newest first' }).getByRole('listitem');

describe('agreed work', () => {
  it('only the owner marks a commitment done, after a confirmation naming it; the facilitator takes Done back, logged with who and why', async () => {
    const board = await importWorkshop(room.server.url, soc2Board('Done and back'));
    const fran = await person(board, 'Fran', board.secrets.facilitator);
    const ana = await person(board, 'Ana', board.secrets.participant);
    const ben = await person(board, 'Ben', board.secrets.participant);

    // Ben does not own "SOC 2 evidence pack" (Ana does): nothing to click, and who can is said in place.
    await openCommitment(ben, 'SOC 2 evidence pack');
    await drawer(ben).getByText('Only Ana (its owner) or the facilitator can change its status.').waitFor();
    expect(await drawer(ben).getByRole('button', { name: /^Mark/ }).count()).toBe(0);

    // Ana, the owner: Mark done asks first, naming the commitment; Cancel changes nothing.
    await openCommitment(ana, 'SOC 2 evidence pack');
    await drawer(ana).getByRole('button', { name: 'Mark done…' }).click();
    const confirm = ana.getByRole('dialog', { name: 'Mark “SOC 2 evidence pack” done?' });
    await confirm.getByText('Only the facilitator can take it back.', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, agreed/ }).waitFor();
    await drawer(ana).getByRole('button', { name: 'Mark done…' }).click();
    await confirm.getByRole('button', { name: 'Mark done' }).click();
    await initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, done/ }).waitFor();
    await drawer(ana).getByText('Done. Only the facilitator can take it back.').waitFor();
    expect(await drawer(ana).getByRole('group', { name: 'What happens next' }).count()).toBe(0);
    // Ctrl+Z does not pretend to take it back (the server would refuse): it says who can, and Done stays.
    await ana.keyboard.press('Control+z');
    await ana.getByRole('status').getByText('Undo does not take Done back: ask the facilitator, who can take it back with a reason').waitFor();
    await drawer(ana).getByText('Done. Only the facilitator can take it back.').waitFor();
    await initiative(fran, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, done/ }).waitFor();

    // The facilitator's "What happens next" offers taking it back, with a reason kept in the decision log.
    await openCommitment(fran, 'SOC 2 evidence pack');
    await drawer(fran).getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Take back to Agreed…' }).waitFor();
    await drawer(fran).getByRole('button', { name: 'Take back to In progress…' }).click();
    const takeBack = fran.getByRole('dialog', { name: 'Take “SOC 2 evidence pack” back to In progress' });
    await takeBack.getByRole('textbox', { name: 'Why is it not done?' }).fill('The pack went to 4 prospects, not 10');
    await takeBack.getByRole('button', { name: 'Take back to In progress' }).click();
    await takeBack.waitFor({ state: 'detached' });
    await initiative(ana, 'SOC 2 evidence pack').getByRole('button', { name: /Commitment, in progress/ }).waitFor();
    await drawer(ana).getByRole('button', { name: 'Mark done…' }).waitFor();
    await drawer(fran).getByRole('button', { name: 'All commitments' }).click();
    await decisionLog(fran).first().getByText('Took back “SOC 2 evidence pack” from done to in progress by Fran', { exact: false }).waitFor();
    await decisionLog(fran).first().getByText('“The pack went to 4 prospects, not 10”').waitFor();
    expect(errors).toEqual([]);
  });

  it('agreed Details are read only for a participant, with the reason in place; the facilitator’s amendment is logged', async () => {
    const board = await importWorkshop(room.server.url, soc2Board('Read only'));
    const fran = await person(board, 'Fran', board.secrets.facilitator);
    const ben = await person(board, 'Ben', board.secrets.participant);
    const reason = 'Read only: this card is on the trace of the agreed commitment “SOC 2 evidence pack”. Only the facilitator can change it.';

    const details = ben.getByRole('button', { name: 'Details of card: Security reviews passed first time' });
    await details.focus();
    await details.click();
    const panel = ben.getByRole('complementary', { name: 'Card details' });
    await panel.getByText(reason).waitFor();
    const target = panel.getByRole('textbox', { name: 'Target value' });
    expect(await target.inputValue()).toBe('60');
    expect(await target.getAttribute('readonly')).not.toBeNull();
    expect(await target.getAttribute('aria-describedby')).toBeTruthy();
    expect(await panel.getByRole('combobox', { name: 'Better when it' }).isDisabled()).toBe(true);
    expect(await panel.getByRole('textbox', { name: 'Card text (details)' }).getAttribute('readonly')).not.toBeNull();
    // Typing does nothing; the board card's own text is read only too.
    await target.click();
    await ben.keyboard.type('0');
    expect(await target.inputValue()).toBe('60');
    const boardText = ben.getByRole('listitem', { name: 'Value indicators card: Security reviews passed first time' }).getByRole('textbox', { name: 'Card text' });
    expect(await boardText.getAttribute('readonly')).not.toBeNull();
    // A card on no agreed trace stays editable.
    const free = ben.getByRole('listitem', { name: 'Value indicators card: Days to security approval' }).getByRole('textbox', { name: 'Card text' });
    expect(await free.getAttribute('readonly')).toBeNull();
    // So is the assumption of a link on the agreed trace (the read-back prints it).
    const assumption = panel.getByRole('textbox', { name: /^Assumption for the link to: / }).first();
    expect(await assumption.getAttribute('readonly')).not.toBeNull();
    await panel.getByText('Read only: this link is on the trace of the agreed commitment “SOC 2 evidence pack”. Only the facilitator can change it.').first().waitFor();

    // The facilitator may amend: the note says it is logged, and the log says what changed.
    const franDetails = fran.getByRole('button', { name: 'Details of card: Security reviews passed first time' });
    await franDetails.focus();
    await franDetails.click();
    const franPanel = fran.getByRole('complementary', { name: 'Card details' });
    await franPanel.getByText('Agreed content: this card is on the trace of the agreed commitment “SOC 2 evidence pack”. Your changes are kept in the decision log.').waitFor();
    await franPanel.getByRole('textbox', { name: 'Target value' }).fill('70');
    await franPanel.getByRole('textbox', { name: 'Target value' }).blur();
    await poll(() => target.inputValue()).toBe('70');
    await fran.getByRole('button', { name: 'Commitments', exact: true }).click();
    await decisionLog(fran).first()
      .getByText('Amended the target value of a Value indicators card (agreed content of “SOC 2 evidence pack”) by Fran: “60” → “70”', { exact: false }).waitFor();
    // Her Undo of it changes what was agreed again: logged as well (the log said “70” while the board said 60).
    await fran.getByRole('banner').getByRole('button', { name: 'Undo' }).click();
    await poll(() => target.inputValue()).toBe('60');
    await decisionLog(fran).first()
      .getByText('Amended the target value of a Value indicators card (agreed content of “SOC 2 evidence pack”) by Fran: “70” → “60”', { exact: false }).waitFor();

    // Parking or rejecting agreed work is no one-click act (it took the goal off every chain, unlogged):
    // the console says why before the click; a card off the trace is parked as before.
    await fran.keyboard.press('Escape');
    await fran.getByRole('button', { name: 'Facilitate' }).click();
    await fran.getByRole('listitem', { name: 'Business goals card: Win enterprise deals worth 2M ARR' }).click();
    const console_ = fran.getByRole('region', { name: 'Selected card' });
    await console_.getByText('Can’t park or reject it: it is on the trace of the agreed commitment “SOC 2 evidence pack”. Reopen the commitment (with a reason) first', { exact: false }).waitFor();
    expect(await console_.getByRole('button', { name: 'Park', exact: true }).isDisabled()).toBe(true);
    expect(await console_.getByRole('button', { name: 'Reject', exact: true }).isDisabled()).toBe(true);
    await fran.getByRole('button', { name: 'Details of card: Days to security approval' }).focus();
    await console_.getByText('Value indicators: Days to security approval').waitFor();
    await console_.getByRole('button', { name: 'Park', exact: true }).click();
    await ben.getByRole('listitem', { name: 'Value indicators card: Days to security approval' }).getByText('Parked', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
