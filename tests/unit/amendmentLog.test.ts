/** The facilitator's amendments of agreed content are logged in the decision log: what changed, from what, to what, by whom; typing is one amendment. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  addCard, addLink, initBoard, LOCAL_ORIGIN, promoteToCommitment, readBoard, readDecisions, recordConsent, setCardText, updateCardFields,
} from '../../shared/doc/index.ts';
import { AmendmentLog } from '../../client/sync/amendmentLog.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function agreedBoard() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Amend' });
  addCard(doc, { id: 'g', column: 'goal', text: 'Grow NRR' });
  addCard(doc, { id: 's', column: 'segment', text: 'Mid-market' });
  addCard(doc, { id: 'v', column: 'value', text: 'Plans in hours' });
  addCard(doc, { id: 'b', column: 'behaviour', text: 'Leads plan in the tool' });
  addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly planners', targetValue: 60 });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Capacity view' });
  addCard(doc, { id: 'loose', column: 'value', text: 'Loose idea' });
  addLink(doc, 's', 'g');
  addLink(doc, 'v', 's');
  addLink(doc, 'b', 'v');
  addLink(doc, 'i', 'b');
  addLink(doc, 'n', 'i');
  promoteToCommitment(doc, 'n', { id: 'm1', title: 'Capacity view', owner: 'Ana', due: '2026-09-30', checkpoint: '2026-06-30', indicators: ['i'], definitionOfDone: 'Shipped' });
  recordConsent(doc, 'm1', { at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: ['Ana'], responses: [{ name: 'Ana', value: 'up' }], outcome: 'agreed' });
  const log = new AmendmentLog(doc, () => readBoard(doc), () => 'Fran', (origin) => origin === LOCAL_ORIGIN);
  return { doc, log };
}

describe('amendments of agreed content', () => {
  it('typing into an agreed card is one amendment, logged after a pause, with before and after', () => {
    const { doc } = agreedBoard();
    for (const text of ['Capacity view', 'Capacity view f', 'Capacity view fo', 'Capacity view for leads']) setCardText(doc, 'n', text);
    expect(readDecisions(doc).map((d) => d.kind)).toEqual(['consent']);
    vi.advanceTimersByTime(2_000);
    const amendments = readDecisions(doc).filter((d) => d.kind === 'amendment');
    expect(amendments).toEqual([expect.objectContaining({
      kind: 'amendment', by: 'Fran', card: { id: 'n', column: 'initiative' }, field: 'text', before: 'Capacity view', after: 'Capacity view for leads',
      commitments: [{ id: 'm1', title: 'Capacity view', status: 'agreed' }],
    })]);
  });

  it('a Details field on the trace (the indicator’s target) is logged; a change and its reversal, and cards on no trace, are not', () => {
    const { doc, log } = agreedBoard();
    updateCardFields(doc, 'i', { targetValue: 6 });
    updateCardFields(doc, 'b', { actor: 'Team leads' });
    updateCardFields(doc, 'b', { actor: undefined as unknown as string });
    setCardText(doc, 'loose', 'Loose idea, sharpened');
    log.flush();
    const amendments = readDecisions(doc).filter((d) => d.kind === 'amendment');
    expect(amendments.map((d) => d.kind === 'amendment' && [d.card.id, d.field, d.before, d.after])).toEqual([['i', 'targetValue', '60', '6']]);
  });
});
