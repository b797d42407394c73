/**
 * A worked example of a Product Value Creation Plan for a B2B SaaS company
 * ("Teamflow", a work-planning tool), for people to learn the method from:
 * two goals with lagging metrics, three segments, customer value, behaviours,
 * leading indicators with baselines and targets, initiatives across product,
 * marketing, sales and CS, linked along complete chains with their assumptions.
 * One initiative is deliberately left unlinked, so the orphan badge shows, and
 * one initiative carries a proposed commitment. Its dates are relative to the
 * day it is made (baselines measured last month, targets and the due date
 * months ahead), so a fresh example is never overdue.
 */
import type { Doc } from './doc/index.ts';
import { addCard, type NewCard } from './doc/records/card.ts';
import { putCommitment } from './doc/records/commitment.ts';
import { addLink } from './doc/records/link.ts';
import { addDays, endOfMonthAfter, localDay } from './dates.ts';

/** Cards keyed by a local name, so the links below read like the chain they draw. */
const CARDS = {
  // Goals (lagging metrics)
  nrr: { column: 'goal', text: 'Grow net revenue retention to 115% by the end of {goalYear}', metric: 'Net revenue retention (NRR), trailing 12 months' },
  churn: { column: 'goal', text: 'Cut annual gross logo churn from 14% to 9%', metric: 'Gross logo churn, annualised' },

  // Segments
  midMarket: { column: 'segment', text: 'Mid-market operations teams (200–2,000 employees) in DACH and the Nordics' },
  agencies: { column: 'segment', text: 'Agencies and professional-services firms that bill client projects by the hour' },
  itPmo: { column: 'segment', text: 'Enterprise IT PMOs standardising on one planning tool' },

  // Customer value
  capacity: { column: 'value', text: 'See every team’s capacity in one place, so the monthly plan takes hours instead of days' },
  noStatusMeetings: { column: 'value', text: 'Progress is visible without asking: fewer status meetings' },
  billable: { column: 'value', text: 'Bill every hour worked: time is tracked where the work happens' },
  mobileApp: { column: 'value', text: 'Offline mobile app for field technicians', status: 'parked' },

  // Behaviours
  planInTool: {
    column: 'behaviour', text: 'Ops leads plan capacity in Teamflow, not in spreadsheets',
    actor: 'Operations lead',
    current: 'Builds the monthly capacity plan in a spreadsheet from five team leads’ e-mails',
    desired: 'Opens the shared capacity view every Monday and moves assignments there',
  },
  secondDepartment: {
    column: 'behaviour', text: 'A second department starts planning in the same account',
    actor: 'Head of a neighbouring department',
    current: 'Sees Teamflow as “the ops team’s tool” and keeps its own spreadsheets',
    desired: 'Invites their team within 60 days of seeing the capacity view in a shared meeting',
  },
  updateAsTheyWork: {
    column: 'behaviour', text: 'Team members update status as they work',
    actor: 'Team member',
    current: 'Reports status once a week in a 45-minute meeting',
    desired: 'Moves their task to the next stage the same day the work moves',
  },
  timerFromTask: {
    column: 'behaviour', text: 'Consultants track time from the task they work on',
    actor: 'Consultant',
    current: 'Reconstructs the week’s hours from memory on Friday afternoon',
    desired: 'Starts a timer on the task card when they start the work',
  },

  // Value indicators (leading)
  weeklyPlanners: {
    column: 'indicator', text: 'Weekly active planners',
    definition: 'Share of mid-market accounts where an ops lead edited the capacity view in at least 3 of the last 4 weeks',
    unit: '% of accounts', direction: 'increase',
    baselineValue: 22, baselineSource: 'Product analytics (Amplitude), dashboard “Planning”',
    targetValue: 45,
  },
  daysToFirstPlan: {
    column: 'indicator', text: 'Days to first capacity plan',
    definition: 'Median days from contract signature to the first saved capacity plan',
    unit: 'days', direction: 'decrease',
    baselineValue: 19, baselineSource: 'Onboarding funnel report (Looker)',
    targetValue: 7,
  },
  secondDeptAdoption: {
    column: 'indicator', text: 'Second-department adoption within 60 days',
    definition: 'Share of new accounts with active seats in two or more departments 60 days after signature',
    unit: '% of new accounts', direction: 'increase',
    baselineValue: 9, baselineSource: 'CRM (HubSpot) account report',
    targetValue: 25,
  },
  dailyUpdaters: {
    column: 'indicator', text: 'Daily status updaters',
    definition: 'Share of paid seats that changed a task status on at least 4 days of the week',
    unit: '% of seats', direction: 'increase',
    baselineValue: 31, baselineSource: 'Product analytics (Amplitude)',
    targetValue: 55,
  },
  timerHours: {
    column: 'indicator', text: 'Hours tracked from task timers',
    definition: 'Share of tracked hours that started from a timer on a task card',
    unit: '% of tracked hours', direction: 'increase',
    baselineValue: 12, baselineSource: 'Billing database export',
    targetValue: 40,
  },

  // Initiatives
  capacityImport: {
    column: 'initiative', text: 'Capacity view with one-click spreadsheet import',
    initiativeType: 'delivery', function: 'product', confidence: 'medium', evidence: 'data',
  },
  slackStatus: {
    column: 'initiative', text: 'Experiment: update task status from a Slack message',
    initiativeType: 'experiment', function: 'engineering', confidence: 'low', evidence: 'anecdote',
  },
  customerStories: {
    column: 'initiative', text: 'Customer-story campaign aimed at department heads of existing accounts',
    initiativeType: 'experiment', function: 'marketing', confidence: 'medium', evidence: 'opinion',
  },
  expansionPlaybook: {
    column: 'initiative', text: 'Land-and-expand playbook: second-department pilot offer in month two',
    initiativeType: 'delivery', function: 'sales', confidence: 'medium', evidence: 'tested',
  },
  kickoffPlan: {
    column: 'initiative', text: 'CS-led kickoff: build the first capacity plan together in the onboarding call',
    initiativeType: 'experiment', function: 'cs', confidence: 'high', evidence: 'tested',
  },
  // Deliberately unlinked: the trace check flags it as an orphan.
  timerExtension: {
    column: 'initiative', text: 'Browser extension for agency time tracking',
    initiativeType: 'discovery', function: 'product', confidence: 'low', evidence: 'opinion',
  },
} satisfies Record<string, NewCard>;

type CardName = keyof typeof CARDS;

/**
 * When each indicator's baseline was measured and its target is due, from the
 * day the example is made: a baseline from last month (end of it, or 30 days
 * ago), a target at the end of a month ahead.
 */
const TIMELINE: Partial<Record<CardName, { baseline: (today: string) => string; targetMonths: number }>> = {
  weeklyPlanners: { baseline: (t) => endOfMonthAfter(t, -1), targetMonths: 7 },
  daysToFirstPlan: { baseline: (t) => endOfMonthAfter(t, -1), targetMonths: 4 },
  secondDeptAdoption: { baseline: (t) => addDays(t, -30), targetMonths: 13 },
  dailyUpdaters: { baseline: (t) => endOfMonthAfter(t, -1), targetMonths: 10 },
  timerHours: { baseline: (t) => addDays(t, -14), targetMonths: 8 },
};

/** "May 2026": the month of an ISO day, in words. */
function monthYear(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Links from a card to the card one column closer to the goal, with the assumption they rest on. */
const LINKS: readonly [CardName, CardName, string][] = [
  ['midMarket', 'nrr', 'We believe mid-market ops teams add seats fastest once their planning runs in the tool.'],
  ['midMarket', 'churn', 'We believe churn concentrates in mid-market accounts that never replaced their spreadsheets.'],
  ['agencies', 'churn', 'We believe agencies cancel when time tracking lives in a separate tool.'],
  ['itPmo', 'nrr', 'We believe IT PMOs that standardise on one tool buy department-wide licences.'],
  ['capacity', 'midMarket', 'We believe ops leads lose two days a month assembling capacity spreadsheets.'],
  ['noStatusMeetings', 'midMarket', 'We believe teams would give up the weekly status meeting if progress were visible.'],
  ['billable', 'agencies', 'We believe agencies under-bill 5–10% of hours because time is logged late.'],
  ['planInTool', 'capacity', 'We believe the plan only saves time when the ops lead maintains it in the tool.'],
  ['secondDepartment', 'capacity', 'We believe a shared capacity view shows neighbouring departments what they are missing.'],
  ['updateAsTheyWork', 'noStatusMeetings', 'We believe status is only trusted when it is updated the day the work moves.'],
  ['timerFromTask', 'billable', 'We believe hours are complete only when tracking starts with the work.'],
  ['weeklyPlanners', 'planInTool', 'We believe weekly edits show the plan lives in the tool rather than in a spreadsheet.'],
  ['daysToFirstPlan', 'planInTool', 'We believe ops leads who plan within the first week keep planning in the tool.'],
  ['secondDeptAdoption', 'secondDepartment', 'We believe active seats in a second department are the earliest sign of expansion.'],
  ['dailyUpdaters', 'updateAsTheyWork', 'We believe updates on 4+ days a week mean status is kept current.'],
  ['timerHours', 'timerFromTask', 'We believe timer-started hours mean tracking happens during the work, not after it.'],
  ['capacityImport', 'weeklyPlanners', 'We believe importing the existing spreadsheet removes the biggest switching cost.'],
  ['capacityImport', 'daysToFirstPlan', 'We believe a one-click import gets the first plan saved in days, not weeks.'],
  ['kickoffPlan', 'daysToFirstPlan', 'We believe building the plan in the kickoff call cuts the time to the first plan to one week.'],
  ['slackStatus', 'dailyUpdaters', 'We believe people update status more often where they already talk about the work.'],
  ['customerStories', 'secondDeptAdoption', 'We believe department heads trust peers’ stories more than our sales pitch.'],
  ['expansionPlaybook', 'secondDeptAdoption', 'We believe a time-boxed pilot offer lowers the barrier for the second department.'],
];

const AUTHORS = ['Priya Nair', 'Jonas Berg', 'Lea Meyer', 'Tomás Alves'];

/**
 * Fills an initialised board document with the worked example, through the
 * document layer's operations, in one transaction (one update). `today` (an
 * ISO day, default the local one) anchors its dates.
 */
export function buildExampleBoard(doc: Doc, today: string = localDay()): void {
  const goalYear = endOfMonthAfter(today, 9).slice(0, 4);
  doc.transact(() => {
    const ids = {} as Record<CardName, string>;
    (Object.entries(CARDS) as [CardName, NewCard][]).forEach(([name, card], i) => {
      const timeline = TIMELINE[name];
      const dated = timeline ? { baselineAsOf: timeline.baseline(today), targetBy: endOfMonthAfter(today, timeline.targetMonths) } : {};
      ids[name] = addCard(doc, { ...card, text: (card.text ?? '').replace('{goalYear}', goalYear), ...dated, author: AUTHORS[i % AUTHORS.length] });
    });
    for (const [from, to, assumption] of LINKS) addLink(doc, ids[from], ids[to], assumption);
    putCommitment(doc, {
      id: `${ids.kickoffPlan}-commitment`.slice(-64),
      card: ids.kickoffPlan,
      title: 'Build the first capacity plan in every mid-market kickoff call',
      owner: 'Priya Nair (Head of Customer Success)',
      contributors: ['Jonas Berg', 'Lea Meyer'],
      due: endOfMonthAfter(today, 4),
      checkpoint: endOfMonthAfter(today, 2),
      status: 'proposed',
      indicators: [ids.daysToFirstPlan],
      definitionOfDone: `Every mid-market account signed from ${monthYear(endOfMonthAfter(today, 3))} leaves its kickoff call with a saved capacity plan; `
        + 'days to first plan reviewed at the Q2 business review.',
    });
  });
}
