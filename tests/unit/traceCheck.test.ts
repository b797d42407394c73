/** The trace check: each finding kind, with the ids it is about, and overrides. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, initBoard, promoteToCommitment, readBoard, recordOverride, readDecisions, setCardStatus, type NewCard } from '../../shared/doc/index.ts';
import { metricTerms, openFindings, traceCheck } from '../../shared/traceCheck.ts';

function chain(indicator: Partial<NewCard> = {}) {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Trace', createdAt: 0 });
  addCard(doc, { id: 'g', column: 'goal', text: 'Grow ARR', metric: 'ARR' });
  addCard(doc, { id: 's', column: 'segment', text: 'SMB' });
  addCard(doc, { id: 'v', column: 'value', text: 'Saves time' });
  addCard(doc, { id: 'b', column: 'behaviour', text: 'Plans weekly' });
  addCard(doc, { id: 'i', column: 'indicator', text: 'Weekly planners', direction: 'increase', baselineValue: 10, targetValue: 20, targetBy: '2026-12-31', ...indicator });
  addCard(doc, { id: 'n', column: 'initiative', text: 'Import' });
  for (const [a, b] of [['s', 'g'], ['v', 's'], ['b', 'v'], ['i', 'b'], ['n', 'i']] as const) addLink(doc, a, b);
  return doc;
}

const kinds = (doc: Y.Doc) => traceCheck(readBoard(doc)).map((f) => f.kind);

describe('traceCheck', () => {
  it('finds nothing on a complete chain', () => {
    expect(traceCheck(readBoard(chain()))).toEqual([]);
  });

  it('orphans: an initiative or a commitment that reaches no goal', () => {
    const doc = chain();
    addCard(doc, { id: 'lonely', column: 'initiative', text: 'Lonely idea' });
    addCard(doc, { id: 'committed', column: 'initiative', text: 'Committed but unlinked' });
    const m = promoteToCommitment(doc, 'committed', { id: 'm-orphan' });
    const findings = traceCheck(readBoard(doc));
    expect(findings).toEqual([
      { id: 'orphan-commitment:m-orphan:committed', kind: 'orphan-commitment', cards: ['committed'], commitment: m, message: expect.stringContaining('traces to no business goal') },
      { id: 'orphan-initiative::lonely', kind: 'orphan-initiative', cards: ['lonely'], message: 'Initiative “Lonely idea” reaches no business goal.' },
    ]);
  });

  it('a chain through a parked card is no chain', () => {
    const doc = chain();
    setCardStatus(doc, 'v', 'parked');
    expect(kinds(doc)).toEqual(['orphan-initiative', 'orphan-card', 'orphan-card']);
  });

  it('orphans of the chain’s other columns: a segment, value, behaviour or indicator that reaches no goal', () => {
    const doc = chain();
    addCard(doc, { id: 'agency', column: 'segment', text: 'Agencies managing 10+ clients' });
    addCard(doc, { id: 'bill', column: 'value', text: 'Agencies bill clients faster' });
    addLink(doc, 'bill', 'agency');
    addCard(doc, { id: 'parked', column: 'value', text: 'Set aside' });
    setCardStatus(doc, 'parked', 'parked');
    expect(traceCheck(readBoard(doc)).filter((f) => f.kind === 'orphan-card')).toEqual([
      { id: 'orphan-card::agency', kind: 'orphan-card', cards: ['agency'], message: 'Segment “Agencies managing 10+ clients” reaches no business goal.' },
      { id: 'orphan-card::bill', kind: 'orphan-card', cards: ['bill'], message: 'Customer value “Agencies bill clients faster” reaches no business goal.' },
    ]);
  });

  it('behaviours without an indicator', () => {
    const doc = chain();
    addCard(doc, { id: 'b2', column: 'behaviour', text: 'Invites a colleague' });
    addLink(doc, 'b2', 'v');
    expect(traceCheck(readBoard(doc))).toEqual([expect.objectContaining({ kind: 'behaviour-without-indicator', cards: ['b2'] })]);
  });

  it('indicators without a baseline, or without a target value or date', () => {
    expect(kinds(chain({ baselineValue: undefined }))).toEqual(['indicator-without-baseline']);
    const noDate = traceCheck(readBoard(chain({ targetBy: undefined })));
    expect(noDate).toEqual([expect.objectContaining({ kind: 'indicator-without-target', message: 'Indicator “Weekly planners” has no target date.' })]);
    const neither = traceCheck(readBoard(chain({ targetBy: undefined, targetValue: undefined })));
    expect(neither[0]?.message).toBe('Indicator “Weekly planners” has no target value and no target date.');
  });

  it('targets that move against the stated direction', () => {
    expect(kinds(chain({ direction: 'increase', baselineValue: 30, targetValue: 20 }))).toEqual(['target-against-direction']);
    expect(kinds(chain({ direction: 'decrease', baselineValue: 10, targetValue: 20 }))).toEqual(['target-against-direction']);
    expect(kinds(chain({ direction: 'decrease', baselineValue: 30, targetValue: 20 }))).toEqual([]);
    expect(kinds(chain({ direction: undefined, baselineValue: 30, targetValue: 20 }))).toEqual([]);
    expect(traceCheck(readBoard(chain({ baselineValue: 30 })))[0]?.message).toBe('Indicator “Weekly planners” should increase, but its target 20 is below the baseline 30.');
  });

  it("a goal's lagging metric used as a commitment's success indicator (word match, case-insensitive)", () => {
    for (const [text, flagged] of [['ARR growth', true], ['New arr per rep', true], ['Weekly planners', false], ['Carrying rate', false]] as const) {
      const doc = chain({ text });
      promoteToCommitment(doc, 'n', { id: 'm' });
      const found = traceCheck(readBoard(doc)).filter((f) => f.kind === 'lagging-metric-as-indicator');
      expect(found.length, text).toBe(flagged ? 1 : 0);
      if (flagged) expect(found[0]).toMatchObject({ cards: ['i', 'g'], commitment: 'm' });
    }
    const churn = chain({ text: 'Trial users', definition: 'Share of trials that churned in week one' });
    addCard(churn, { id: 'g2', column: 'goal', text: 'Keep customers', metric: 'Gross logo churn, annualised' });
    promoteToCommitment(churn, 'n', { id: 'm' });
    expect(kinds(churn)).toContain('lagging-metric-as-indicator');
    // Without a commitment naming it, the indicator is not a success indicator yet.
    expect(kinds(chain({ text: 'ARR growth' }))).toEqual([]);
  });

  it('metricTerms: acronyms, known lagging terms, else the whole phrase', () => {
    expect(metricTerms('Net revenue retention (NRR), trailing 12 months')).toEqual(['nrr', 'revenue']);
    expect(metricTerms('Gross logo churn, annualised')).toEqual(['churn']);
    expect(metricTerms('Customer satisfaction')).toEqual(['customer satisfaction']);
  });

  it('an override covers the findings it lists; new findings are open again', () => {
    const doc = chain();
    addCard(doc, { id: 'lonely', column: 'initiative', text: 'Lonely idea' });
    const before = traceCheck(readBoard(doc));
    expect(openFindings(before, readDecisions(doc))).toHaveLength(1);
    recordOverride(doc, { by: 'Ana', reason: 'Discovery item', findings: before });
    expect(openFindings(traceCheck(readBoard(doc)), readDecisions(doc))).toEqual([]);
    addCard(doc, { id: 'lonely2', column: 'initiative', text: 'Another' });
    expect(openFindings(traceCheck(readBoard(doc)), readDecisions(doc)).map((f) => f.cards)).toEqual([['lonely2']]);
  });
});

describe('goalTracer', () => {
  it('traces like the definition, for every card of a branching board', async () => {
    const { goalTracer } = await import('../../shared/derive.ts');
    const { buildLargeBoard } = await import('../fixtures/exports/largeBoard.ts');
    const { cards, links } = readBoard(buildLargeBoard(300));
    const column = new Map(cards.map((c) => [c.id, c.column]));
    const up = (id: string) => links.filter((l) => l.from === id).map((l) => l.to);
    const above = (id: string): Set<string> => {
      const seen = new Set<string>();
      const stack = [id];
      while (stack.length) {
        for (const next of up(stack.pop()!)) {
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(next);
        }
      }
      return seen;
    };
    // The definition: the cards above the card that are goals or have a goal above them, goal first.
    const rank = (id: string) => ['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative'].indexOf(column.get(id)!);
    const reference = (id: string) => [...above(id)]
      .filter((c) => column.has(c) && (column.get(c) === 'goal' || [...above(c)].some((g) => column.get(g) === 'goal')))
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
    const trace = goalTracer(cards, links);
    let nonEmpty = 0;
    for (const card of cards) {
      const traced = trace(card.id);
      if (traced.length) nonEmpty++;
      expect(traced, card.id).toEqual(reference(card.id));
    }
    expect(nonEmpty).toBeGreaterThan(cards.length / 2);
  });
});
