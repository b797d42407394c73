/**
 * How the later kinds of decision-log entry read (a removal taken back, an
 * amendment of agreed content, a Done taken back): pure, so the board's log
 * and every export say the same words.
 */
import { COLUMNS, type AmendmentDecision, type CommitmentBrief, type DecisionEntry, type PortfolioDecision, type RestoralDecision, type TakeBackDecision, type UndoneDecision } from './model.ts';
import { removalSummary } from './removal.ts';
import { excerpt } from './text.ts';

const STATUS_WORDS: Record<string, string> = { proposed: 'proposed', agreed: 'agreed', 'in-progress': 'in progress', done: 'done', dropped: 'dropped' };
const named = (c: CommitmentBrief) => `“${c.title || 'untitled'}”`;
const columnTitle = (id: string) => COLUMNS.find((c) => c.id === id)?.title ?? id;

/** The words of a Details field's key ("target" → "Target"); `text` is the card's text. */
function fieldWord(field: string): string {
  if (field === 'text') return 'text';
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The later kinds of entry, read by `laterDecisionText`. */
export type LaterDecision = RestoralDecision | AmendmentDecision | TakeBackDecision | UndoneDecision | PortfolioDecision;

/** Whether an entry is of the later kinds (restoral, amendment, take-back, undone). */
export function isLaterDecision(d: DecisionEntry): d is LaterDecision {
  return d.kind === 'restoral' || d.kind === 'amendment' || d.kind === 'take-back' || d.kind === 'undone' || d.kind === 'portfolio';
}

/** One line for an entry of the later kinds: what happened and by whom, and the reason if any. */
export function laterDecisionText(d: LaterDecision): { what: string; why?: string } {
  switch (d.kind) {
    case 'restoral':
      return { what: restoralText(d) };
    case 'amendment':
      return { what: amendmentText(d) };
    case 'take-back':
      return { what: takeBackText(d), why: d.reason };
    case 'undone':
      return { what: `Undone by ${d.by}: ${d.what}` };
    case 'portfolio':
      return { what: portfolioText(d) };
  }
}

/** An entry's headline without who and why ("Consent on “X”: agreed"): what an `undone` entry quotes. */
export function decisionHeadline(d: DecisionEntry): string {
  switch (d.kind) {
    case 'consent':
      return `Consent on “${d.title}”: ${d.outcome === 'agreed' ? 'agreed' : 'not agreed'}`;
    case 'reopen':
      return `Reopened “${d.title}”`;
    case 'override':
      return `Trace check overridden (${d.findings.length} ${d.findings.length === 1 ? 'finding' : 'findings'})`;
    case 'removal':
      return `Removed ${removalSummary(d)}`;
    case 'take-back':
      return `Took back “${d.title}” from ${STATUS_WORDS[d.from] ?? d.from} to ${STATUS_WORDS[d.to] ?? d.to}`;
    case 'restoral':
    case 'amendment':
    case 'undone':
    case 'portfolio':
      return laterDecisionText(d).what;
  }
}

function restoralText(d: RestoralDecision): string {
  const what = d.card
    ? `card “${excerpt(d.card.text, 80) || 'empty card'}” (${columnTitle(d.card.column)})`
    : `link “${excerpt(d.link?.fromText ?? '', 80)}” → “${excerpt(d.link?.toText ?? '', 80)}”`;
  const withIt = d.commitments.length ? ` with the commitment${d.commitments.length === 1 ? '' : 's'} ${d.commitments.map(named).join(', ')}` : '';
  return `Restored ${what}${withIt} by ${d.by} (undoing its removal)`;
}

function amendmentText(d: AmendmentDecision): string {
  const of = d.commitments.length ? ` (agreed content of ${d.commitments.map(named).join(', ')})` : '';
  return `Amended the ${fieldWord(d.field)} of a ${columnTitle(d.card.column)} card${of} by ${d.by}: “${excerpt(d.before, 120) || 'empty'}” → “${excerpt(d.after, 120) || 'empty'}”`;
}

function portfolioText(d: PortfolioDecision): string {
  const portfolio = `the portfolio “${excerpt(d.portfolio.title, 80)}”`;
  const n = d.cards.length;
  const cards = `${n} ${n === 1 ? 'goal or segment' : 'goals and segments'}`;
  const links = `${d.links} ${d.links === 1 ? 'link' : 'links'}`;
  const by = d.by ? ` by ${d.by}` : '';
  switch (d.action) {
    case 'attached':
      return `Joined ${portfolio}${by}: its ${cards} are shown here, read only`;
    case 'detached':
      return `Left ${portfolio}${by}: its ${cards} are kept here as local cards, with their ${links}`;
    case 'card-kept': {
      const card = d.cards[0];
      const what = card ? `“${excerpt(card.text, 80) || 'empty card'}” (${columnTitle(card.column)})` : 'a card';
      return `${what} was removed from ${portfolio}: kept here as a local card, with its ${links}`;
    }
  }
}

function takeBackText(d: TakeBackDecision): string {
  return `Took back “${d.title}” from ${STATUS_WORDS[d.from] ?? d.from} to ${STATUS_WORDS[d.to] ?? d.to} by ${d.by}`;
}

/** `laterDecisionText` as one line of an export ("… by Ann: why"), each part passed through `escape` (the format's escaping and clipping). */
export function laterLine(d: LaterDecision, escape: (text: string) => string): string {
  const { what, why } = laterDecisionText(d);
  return `${escape(what)}${why ? `: ${escape(why)}` : ''}`;
}
