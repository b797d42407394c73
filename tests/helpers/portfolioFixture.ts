/**
 * A portfolio with three member boards, written through the document layer
 * into whatever documents it is given: fresh ones (unit tests) or the real
 * server's rooms (tests/helpers/portfolioSeed.ts).
 *
 * Portfolio "Acme 2027": goals G1 retention, G2 mid-market, G3 cost to serve
 * (nobody serves G3); segments S1 mid-market finance teams, S2 enterprise IT
 * admins, S3 public sector (nobody serves S3); links S1→G1, S1→G2, S2→G1,
 * S3→G3 (in the portfolio only: the boards' mirrors have the cards, not these links).
 * - Onboarding (product + marketing): a chain to S1; "Guided invite flow"
 *   agreed (Ana, two check-ins, the latest at risk), "Onboarding emails" proposed.
 * - Sales enablement: a chain to S1 whose behaviour reads nearly as
 *   Onboarding's (an overlap), "Sales-led onboarding call" in progress
 *   (Ben, overdue, no check-in), and "SSO setup guide" (cs) to S2, uncommitted.
 * - Support portal: only a local goal and segment: it reaches no portfolio goal.
 */
import {
  addCard, addLink, addPortfolioMember, initBoard, markPortfolio, putCommitment, setBoardPortfolio, setNextReview, type Doc, type Origin,
} from '../../shared/doc/index.ts';
import { addCheckIn } from '../../shared/doc/review.ts';

export interface PortfolioFixtureDocs<D = Doc> {
  portfolio: D;
  onboarding: D;
  sales: D;
  support: D;
}

export type PortfolioFixtureIds = PortfolioFixtureDocs<string>;

export const FIXTURE_TODAY = '2027-01-25';
export const PORTFOLIO_TITLE = 'Acme 2027';
export const BOARD_TITLES = { onboarding: 'Onboarding', sales: 'Sales enablement', support: 'Support portal' } as const;

export const GOALS = {
  G1: 'Grow net revenue retention to 115%',
  G2: 'Win the mid-market',
  G3: 'Cut cost to serve by 20%',
} as const;
export const SEGMENTS = {
  S1: 'Mid-market finance teams',
  S2: 'Enterprise IT admins',
  S3: 'Public sector agencies',
} as const;

const PORTFOLIO_LINKS: [string, string][] = [['S1', 'G1'], ['S1', 'G2'], ['S2', 'G1'], ['S3', 'G3']];

/** Writes the portfolio and its three boards; `titled`: also set each document's title (not for documents the server created with one). */
export function writePortfolioFixture(docs: PortfolioFixtureDocs, ids: PortfolioFixtureIds, origin: Origin, options: { titled?: boolean } = {}): void {
  const at = Date.parse('2027-01-02T09:00:00.000Z');
  if (options.titled) {
    initBoard(docs.portfolio, { title: PORTFOLIO_TITLE, createdAt: at }, origin);
    for (const name of ['onboarding', 'sales', 'support'] as const) initBoard(docs[name], { title: BOARD_TITLES[name], createdAt: at }, origin);
  }
  const p = docs.portfolio;
  markPortfolio(p, origin);
  for (const [id, text] of Object.entries(GOALS)) addCard(p, { id, column: 'goal', text, createdAt: at }, origin);
  for (const [id, text] of Object.entries(SEGMENTS)) addCard(p, { id, column: 'segment', text, createdAt: at }, origin);
  for (const [from, to] of PORTFOLIO_LINKS) addLink(p, from, to, '', origin, `pl-${from}-${to}`);
  const members = [['onboarding', docs.onboarding], ['sales', docs.sales], ['support', docs.support]] as const;
  members.forEach(([name, doc], i) => {
    addPortfolioMember(p, ids[name], at + i * 1000, origin);
    setBoardPortfolio(doc, { id: ids.portfolio, title: PORTFOLIO_TITLE }, origin);
    for (const [id, text] of [...Object.entries(GOALS), ...Object.entries(SEGMENTS)]) {
      addCard(doc, { id, column: id.startsWith('G') ? 'goal' : 'segment', text, createdAt: at, portfolio: ids.portfolio }, origin);
    }
  });
  writeOnboarding(docs.onboarding, origin, at);
  writeSales(docs.sales, origin, at);
  writeSupport(docs.support, origin, at);
}

/** Cards in chain order (segment … initiative), each linked to the one before. */
function chain(doc: Doc, origin: Origin, at: number, cards: [string, 'value' | 'behaviour' | 'indicator' | 'initiative', string, Record<string, unknown>?][], to: string): void {
  let previous = to;
  for (const [id, column, text, fields] of cards) {
    addCard(doc, { id, column, text, createdAt: at, ...(fields ?? {}) }, origin);
    addLink(doc, id, previous, '', origin);
    previous = id;
  }
}

function writeOnboarding(doc: Doc, origin: Origin, at: number): void {
  chain(doc, origin, at, [
    ['A-value', 'value', 'Finance teams see their numbers in week one'],
    ['A-behaviour', 'behaviour', 'Finance admins invite their teammates in the first week', { actor: 'Finance admin' }],
    ['A-indicator', 'indicator', 'Share of accounts with 3+ invited users by day 7', { unit: '%', baselineValue: 22, targetValue: 45 }],
    ['A-invite', 'initiative', 'Guided invite flow', { function: 'product' }],
  ], 'S1');
  addCard(doc, { id: 'A-emails', column: 'initiative', text: 'Onboarding email series', function: 'marketing', createdAt: at }, origin);
  addLink(doc, 'A-emails', 'A-indicator', '', origin);
  putCommitment(doc, {
    id: 'C-invite', card: 'A-invite', title: 'Ship the guided invite flow', owner: 'Ana', contributors: [], due: '2027-03-01', status: 'agreed', indicators: ['A-indicator'],
  }, origin);
  putCommitment(doc, { id: 'C-emails', card: 'A-emails', title: 'Write the email series', owner: 'Mia', contributors: [], status: 'proposed', indicators: [] }, origin);
  addCheckIn(doc, 'C-invite', { by: 'Ana', status: 'on-track', note: 'Design done', date: '2027-01-10' }, { now: at + 86_400_000 * 8 }, origin);
  addCheckIn(doc, 'C-invite', { by: 'Ana', status: 'at-risk', note: 'Email provider late', value: 30, date: '2027-01-20' }, { now: at + 86_400_000 * 18 }, origin);
  setNextReview(doc, '2027-02-15', origin);
}

function writeSales(doc: Doc, origin: Origin, at: number): void {
  chain(doc, origin, at, [
    ['B-value', 'value', 'Finance leads trust the numbers from day one'],
    ['B-behaviour', 'behaviour', 'Finance admin invites teammates during week one'],
    ['B-indicator', 'indicator', 'Weekly active finance users'],
    ['B-call', 'initiative', 'Sales-led onboarding call', { function: 'sales' }],
  ], 'S1');
  chain(doc, origin, at, [
    ['B-sso-value', 'value', 'IT admins roll out without tickets'],
    ['B-sso-behaviour', 'behaviour', 'IT admins configure single sign-on themselves'],
    ['B-sso-indicator', 'indicator', 'Accounts with SSO configured'],
    ['B-sso-guide', 'initiative', 'SSO setup guide', { function: 'cs' }],
  ], 'S2');
  putCommitment(doc, {
    id: 'C-call', card: 'B-call', title: 'Run onboarding calls for new finance accounts', owner: 'Ben (Head of Sales)', contributors: [], due: '2027-01-05', status: 'in-progress', indicators: ['B-indicator'],
  }, origin);
  setNextReview(doc, '2027-01-20', origin);
}

function writeSupport(doc: Doc, origin: Origin, at: number): void {
  addCard(doc, { id: 'P-goal', column: 'goal', text: 'Fewer support tickets', createdAt: at }, origin);
  addCard(doc, { id: 'P-segment', column: 'segment', text: 'Existing customers', createdAt: at }, origin);
  addLink(doc, 'P-segment', 'P-goal', '', origin);
  chain(doc, origin, at, [
    ['P-value', 'value', 'Answers without waiting'],
    ['P-behaviour', 'behaviour', 'Finance admins invite teammates in week one'],
    ['P-indicator', 'indicator', 'Tickets per account'],
    ['P-faq', 'initiative', 'Self-service FAQ', { function: 'operations' }],
  ], 'P-segment');
}
