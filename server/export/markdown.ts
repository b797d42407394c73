/**
 * The Markdown export: a record of the workshop a person can read raw or
 * rendered. Every piece of board text is escaped, so a card cannot inject
 * HTML, links or table cells; the Mermaid diagram gets its own escaping.
 */
import { type Card, type Commitment, type ConsentRecord, type DecisionEntry } from '../../shared/model.ts';
import { isObjection } from '../../shared/commitments.ts';
import { isLaterDecision, laterLine } from '../../shared/decisionText.ts';
import { removalSummary } from '../../shared/removal.ts';
import { boardView, cardDetails, columnTitle, num, oneLine, threadViews, utcMinute, type BoardView } from './view.ts';
import { mermaidTrace } from './mermaid.ts';
import type { ExportInput } from './types.ts';
import type { CheckIn, CommentThread } from '../../shared/review/model.ts';

/** Escapes text for inline Markdown: HTML entities for `& < >`, backslashes for Markdown punctuation, one line. */
export function md(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['_None._', ''];
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => c || ' ').join(' | ')} |`), ''];
}

/** The board as Markdown. Pure: the same input gives the same text. */
export function exportMarkdown(input: ExportInput): string {
  const view = boardView(input);
  const { board } = view.snapshot;
  const out: string[] = [];
  out.push(`# ${md(board.title)}`, '');
  out.push('Product Value Creation Plan', '');
  out.push(`- **Board:** ${md(board.title)} (\`${input.boardId}\`)`);
  out.push(`- **Exported:** ${utcMinute(input.exportedAt)}`);
  out.push(`- **Facilitator:** ${input.facilitator ? md(input.facilitator) : '_not recorded_'}`);
  out.push(`- **Attendees:** ${input.attendees?.length ? input.attendees.map(md).join(', ') : '_not recorded_'}`);
  out.push(`- **Next review:** ${board.nextReview ?? '_not set_'}`);
  if (board.portfolio) out.push(`- **Portfolio:** ${md(board.portfolio.title)} (\`${board.portfolio.id}\`); goals and segments marked _from the portfolio_ are its own, read only on this board`);
  out.push('');

  out.push(...goalsAndChains(view));
  out.push(...indicatorTable(view));
  out.push(...commitmentsSection(view));
  out.push(...checkInsSection(view, input.checkIns ?? []));
  out.push(...commentsSection(view, input.comments ?? []));
  out.push(...traceCheckSection(view));
  out.push('## Parked items', '');
  if (view.parked.length === 0) out.push('_None._', '');
  else out.push(...view.parked.map((c) => `- **${columnTitle(c.column)}:** ${md(c.text)}`), '');
  out.push(...decisionLog(view.snapshot.decisions ?? [], view.snapshot.commitments));
  out.push(...voteTallies(view));
  out.push('## Next review', '', board.nextReview ? `The next commitment review is on **${board.nextReview}**.` : '_No review date set._', '');
  out.push('## Trace diagram', '', '```mermaid', ...mermaidTrace(view), '```', '');
  return out.join('\n');
}

/** Goals, then every chain below each goal as a nested list with the link assumptions. */
function goalsAndChains(view: BoardView): string[] {
  const out = ['## Goals and chains', ''];
  const active = new Map(view.active.map((c) => [c.id, c]));
  const down = new Map<string, { card: Card; assumption?: string }[]>();
  for (const l of view.snapshot.links) {
    const from = active.get(l.from);
    if (!from || !active.has(l.to)) continue;
    (down.get(l.to) ?? down.set(l.to, []).get(l.to)!).push({ card: from, ...(l.assumption ? { assumption: l.assumption } : {}) });
  }
  const order = new Map(view.snapshot.cards.map((c, i) => [c.id, i]));
  for (const list of down.values()) list.sort((a, b) => order.get(a.card.id)! - order.get(b.card.id)!);
  const goals = view.active.filter((c) => c.column === 'goal');
  if (goals.length === 0) out.push('_No goals yet._', '');
  // A card reached again (a DAG, not a tree) is named, not expanded twice: the export stays linear in the board's size.
  const expanded = new Set<string>();
  const walk = (card: Card, depth: number, assumption: string | undefined) => {
    const details = cardDetails(card);
    const seen = expanded.has(card.id);
    out.push(`${'  '.repeat(depth)}- **${columnTitle(card.column)}:** ${md(card.text)}${card.portfolio ? ' _(from the portfolio)_' : ''}${details.length ? ` (${details.map(md).join('; ')})` : ''}`
      + `${assumption ? ` — _${md(assumption)}_` : ''}${seen && down.has(card.id) ? ' _(chain shown above)_' : ''}`);
    if (seen) return;
    expanded.add(card.id);
    for (const child of down.get(card.id) ?? []) walk(child.card, depth + 1, child.assumption);
  };
  for (const goal of goals) {
    const details = cardDetails(goal);
    out.push(`### ${md(goal.text)}${goal.portfolio ? ' _(from the portfolio)_' : ''}`, '');
    if (details.length) out.push(details.map(md).join('; '), '');
    expanded.add(goal.id);
    const children = down.get(goal.id) ?? [];
    if (children.length === 0) out.push('_No chain reaches this goal yet._');
    for (const child of children) walk(child.card, 0, child.assumption);
    out.push('');
  }
  return out;
}

function indicatorTable(view: BoardView): string[] {
  const shows = new Map<string, string[]>();
  const byId = view.byId;
  for (const l of view.snapshot.links) {
    const to = byId.get(l.to);
    if (to?.column === 'behaviour') (shows.get(l.from) ?? shows.set(l.from, []).get(l.from)!).push(md(to.text));
  }
  const rows = view.active.filter((c) => c.column === 'indicator').map((c) => [
    md(c.text),
    md(c.definition ?? ''),
    md(c.unit ?? ''),
    c.direction ?? '',
    c.baselineValue !== undefined ? `${num(c.baselineValue)}${c.baselineAsOf ? ` (${c.baselineAsOf})` : ''}` : '',
    md(c.baselineSource ?? ''),
    c.targetValue !== undefined ? num(c.targetValue) : '',
    c.targetBy ?? '',
    (shows.get(c.id) ?? []).join('; '),
  ]);
  return ['## Value indicators', '', ...table(['Indicator', 'Definition', 'Unit', 'Direction', 'Baseline (as of)', 'Source', 'Target', 'By', 'Shows behaviour'], rows)];
}

/** The check-ins owners reported at the reviews after the workshop, per commitment, oldest first. */
function checkInsSection(view: BoardView, checkIns: readonly CheckIn[]): string[] {
  if (checkIns.length === 0) return [];
  const titles = new Map(view.commitments.map(({ commitment: c }) => [c.id, c.title]));
  const rows = checkIns
    .filter((c) => titles.has(c.commitment))
    .map((c) => [c.date, md(titles.get(c.commitment) ?? ''), c.status, c.value === undefined ? '' : num(c.value), md(c.note), md(c.by)]);
  return ['## Check-ins', '', ...table(['Date', 'Commitment', 'Status', 'Value', 'Note', 'By'], rows)];
}

function commitmentsSection(view: BoardView): string[] {
  const rows = view.commitments.map(({ commitment: c, indicators, trace, consent }) => [
    `**${md(c.title)}**`,
    c.status,
    md(c.owner) || '_none_',
    c.contributors.map(md).join(', '),
    c.due ?? '',
    c.checkpoint ?? '',
    indicators.map((i) => md(i.text)).join('; '),
    trace.goal.map((g) => md(g.text)).join('; ') || '**orphan: no goal**',
    md(c.definitionOfDone ?? ''),
    consent ? md(consent) : '',
  ]);
  const out = ['## Commitments', '', ...table(['Commitment', 'Status', 'Owner', 'Contributors', 'Due', 'Checkpoint', 'Success indicators', 'Goals', 'Definition of done', 'Consent'], rows)];
  const readBacks = view.commitments.filter((c) => c.readBack);
  if (readBacks.length) {
    out.push('### Read-back', '');
    for (const c of readBacks) out.push(`> ${md(c.readBack!)}`, '');
  }
  const reopened = view.commitments.filter((c) => c.commitment.reopenings?.length);
  if (reopened.length) {
    out.push('### Reopened', '');
    for (const { commitment: c } of reopened) {
      for (const r of c.reopenings!) out.push(`- ${md(c.title)}: reopened ${utcMinute(r.at)} by ${md(r.by)} — ${md(r.reason)}`);
    }
    out.push('');
  }
  return out;
}

/** The comment threads of the review, oldest first: the card, open or resolved, each comment with author, time and @mentions. */
function commentsSection(view: BoardView, threads: readonly CommentThread[]): string[] {
  const shown = threadViews(threads, view.snapshot.cards);
  if (shown.length === 0) return [];
  const out = ['## Comments', ''];
  for (const t of shown) {
    out.push(`- On ${md(t.column)} “${md(t.card)}” — _${md(t.state)}_`);
    for (const c of t.comments) {
      const mentions = c.mentions.length ? ` (mentions ${c.mentions.map((m) => `@${md(m)}`).join(', ')})` : '';
      out.push(`  - ${md(c.by)}, ${c.at}: ${md(oneLine(c.text))}${mentions}`);
    }
  }
  return [...out, ''];
}

function traceCheckSection(view: BoardView): string[] {
  const out = ['## Trace check', ''];
  if (view.findings.length === 0) return [...out, 'No findings.', ''];
  const open = new Set(view.open.map((f) => f.id));
  for (const f of view.findings) out.push(`- ${open.has(f.id) ? '' : '~~'}${md(f.message)}${open.has(f.id) ? '' : '~~ _(overridden)_'}`);
  return [...out, ''];
}

/**
 * The decision log, oldest first. A consent decision lists, under it, what the
 * people who took part said in that round: every objection with its text, and
 * the remarks of those who did not object (found on the commitment's round of
 * the same time and method).
 */
function decisionLog(decisions: readonly DecisionEntry[], commitments: readonly Commitment[]): string[] {
  const out = ['## Decision log', ''];
  if (decisions.length === 0) return [...out, '_No decisions recorded._', ''];
  const byId = new Map(commitments.map((c) => [c.id, c]));
  for (const d of decisions) {
    const when = utcMinute(d.at);
    if (isLaterDecision(d)) {
      out.push(`- ${when} — ${laterLine(d, md)}`);
    } else if (d.kind === 'override') {
      out.push(`- ${when} — **Override** by ${md(d.by)}: ${md(d.reason)}`);
      for (const f of d.findings) out.push(`  - ${md(f.message)}`);
    } else if (d.kind === 'reopen') {
      out.push(`- ${when} — **Reopened** “${md(d.title)}” by ${md(d.by)}: ${md(d.reason)}`);
    } else if (d.kind === 'removal') {
      out.push(`- ${when} — **Removed** ${md(removalSummary(d))} by ${md(d.by)}: ${md(d.reason)}`);
    } else {
      out.push(`- ${when} — **Consent** on “${md(d.title)}”: ${d.outcome === 'agreed' ? 'agreed' : 'not agreed'} (${d.method === 'thumbs' ? 'thumbs' : 'fist of five'}, ${d.participants.length} taking part)`);
      const round = byId.get(d.commitment)?.consents?.find((r) => r.at === d.at && r.method === d.method);
      if (round) out.push(...consentVoices(round));
    }
  }
  return [...out, ''];
}

/** "Objection from Lea Meyer (down): too late" for each objection, "Remark from …" for a comment that is not one. */
function consentVoices(round: ConsentRecord): string[] {
  const responses = round.responses as { name: string; value: string | number; objection?: string }[];
  return responses
    .filter((r) => isObjection(round.method, r.value) || r.objection?.trim())
    .map((r) => {
      const kind = isObjection(round.method, r.value) ? 'Objection' : 'Remark';
      const text = r.objection?.trim() ? `: ${md(r.objection)}` : '';
      return `  - ${kind} from ${md(r.name)} (${md(String(r.value))})${text}`;
    });
}

function voteTallies(view: BoardView): string[] {
  const out = ['## Vote tallies', ''];
  const results = view.input.voteResults ?? [];
  if (results.length === 0) return [...out, '_No votes revealed._', ''];
  results.forEach((round, i) => {
    out.push(`### Round ${i + 1}`, '');
    const rows = round.tally.map((t) => {
      const card = view.byId.get(t.card);
      return [card ? md(card.text) : '_(card deleted)_', card ? columnTitle(card.column) : '', String(t.votes)];
    });
    out.push(...table(['Card', 'Column', 'Votes'], rows));
  });
  return out;
}

