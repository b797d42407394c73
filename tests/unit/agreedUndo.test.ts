/**
 * Undo never reaches behind a consent record (a UI red team): a facilitator's
 * earlier edit of a commitment's owner or due date, undone after the room
 * agreed it, changed what was agreed with no word and no log entry. The undo
 * history's check refuses a step into a commitment that is no longer a
 * proposal, for every role; a proposal's steps undo as before.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, initBoard, promoteToCommitment, readBoard, readCommitments, recordConsent, setCardText, setCommitmentStatus, SERVER_ORIGIN, updateCommitment,
} from '../../shared/doc/index.ts';
import { UndoHistory } from '../../client/sync/undoHistory.ts';
import { agreedUndoCheck, commitmentStamp } from '../../client/sync/agreedWork.ts';

const agreed = {
  at: '2026-12-06T10:00:00.000Z', method: 'thumbs' as const, participants: ['Lea'],
  responses: [{ name: 'Lea', value: 'up' as const }], outcome: 'agreed' as const,
};

function tracedProposal(doc: Y.Doc): string {
  initBoard(doc, { title: 'Undo' });
  const goal = addCard(doc, { column: 'goal', text: 'Win enterprise deals' });
  const segment = addCard(doc, { column: 'segment', text: 'Enterprise' });
  const value = addCard(doc, { column: 'value', text: 'Passes security review' });
  const behaviour = addCard(doc, { column: 'behaviour', text: 'Security team signs off' });
  const indicator = addCard(doc, { column: 'indicator', text: 'Reviews passed first time' });
  const initiative = addCard(doc, { column: 'initiative', text: 'Trust centre page' });
  addLink(doc, segment, goal);
  addLink(doc, value, segment);
  addLink(doc, behaviour, value);
  addLink(doc, indicator, behaviour);
  addLink(doc, initiative, indicator);
  return promoteToCommitment(doc, initiative, { owner: 'Ben', due: '2026-10-31', checkpoint: '2026-10-15', definitionOfDone: 'Live on the site', indicators: [indicator] });
}

/** An undo history with the app's agreed-work check and its notes (session.ts), as the facilitator or a participant. */
function checkedHistory(doc: Y.Doc, facilitator = true): UndoHistory {
  const history = new UndoHistory(doc);
  history.check = agreedUndoCheck(() => readBoard(doc), () => undefined, facilitator);
  history.stamp = commitmentStamp(() => readBoard(doc));
  return history;
}

describe('Undo behind a consent record', () => {
  it('the facilitator’s earlier edits of a commitment agreed since are refused with why; the agreement stands', () => {
    const doc = new Y.Doc();
    const id = tracedProposal(doc);
    const history = checkedHistory(doc);
    history.step(() => updateCommitment(doc, id, { owner: 'Cara' }));
    history.step(() => updateCommitment(doc, id, { due: '2026-12-15' }));
    history.step(() => recordConsent(doc, id, agreed));
    history.pin('Undo does not take back a recorded consent round');
    expect(history.undo().refused).toMatch(/consent round/);
    const second = history.undo();
    expect(second.refused).toBe('Undo can’t change the commitment “Trust centre page”: it is agreed now. Reopen it (with a reason) to change what was agreed.');
    expect(history.undo().refused).toMatch(/it is agreed now/);
    const [c] = readCommitments(doc);
    expect(c).toMatchObject({ status: 'agreed', owner: 'Cara', due: '2026-12-15' });
    expect(history.getState().canUndo).toBe(false);
  });

  it('a proposal’s edits still undo; the facilitator’s edit of a card’s words is no commitment step', () => {
    const doc = new Y.Doc();
    const id = tracedProposal(doc);
    const card = readCommitments(doc)[0]!.card;
    const history = checkedHistory(doc);
    history.step(() => updateCommitment(doc, id, { owner: 'Cara' }));
    history.step(() => setCardText(doc, card, 'Trust centre page v2'));
    expect(history.undo().refused).toBeUndefined();
    expect(history.undo().refused).toBeUndefined();
    expect(readCommitments(doc)[0]).toMatchObject({ status: 'proposed', owner: 'Ben' });
  });

  it('a commitment edit merged into a step begun on a card’s words is noted too: its Undo is refused once agreed', () => {
    const doc = new Y.Doc();
    const id = tracedProposal(doc);
    const card = readCommitments(doc)[0]!.card;
    const history = checkedHistory(doc);
    setCardText(doc, card, 'Trust centre page v2'); // starts a step
    updateCommitment(doc, id, { owner: 'Cara' }); // within the capture window: merged into it
    recordConsent(doc, id, agreed, SERVER_ORIGIN);
    expect(history.undo().refused).toMatch(/it is agreed now/);
    expect(readCommitments(doc)[0]).toMatchObject({ status: 'agreed', owner: 'Cara' });
  });

  it('a step on a commitment agreed already (the facilitator moving it along) still undoes', () => {
    const doc = new Y.Doc();
    const id = tracedProposal(doc);
    recordConsent(doc, id, agreed);
    const history = checkedHistory(doc);
    history.step(() => setCommitmentStatus(doc, id, 'in-progress'));
    expect(history.undo().refused).toBeUndefined();
    expect(readCommitments(doc)[0]?.status).toBe('agreed');
  });

  it('a participant’s edit of a proposal agreed since is refused too, naming who can reopen it', () => {
    const doc = new Y.Doc();
    const id = tracedProposal(doc);
    const history = checkedHistory(doc, false);
    history.step(() => updateCommitment(doc, id, { owner: 'Cara' }));
    recordConsent(doc, id, agreed, SERVER_ORIGIN); // not this person's step (the facilitator's, from afar)
    expect(history.undo().refused).toBe('Undo can’t change the commitment “Trust centre page”: it is agreed now. Only the facilitator can reopen it.');
    expect(readCommitments(doc)[0]?.owner).toBe('Cara');
  });
});
