/**
 * The printable HTML export: page one is the VCP table (one row per chain,
 * columns in the board's direction), page two the commitments with their
 * read-back, open trace-check findings and the decision log. Landscape print
 * CSS; every piece of board text is HTML-escaped. Very long card texts are
 * shortened here (the JSON and Markdown exports keep them whole).
 */
import type { Card, ColumnId, Commitment, DecisionEntry } from '../../shared/model.ts';
import { isLaterDecision, laterLine } from '../../shared/decisionText.ts';
import { removalSummary } from '../../shared/removal.ts';
import { excerpt } from '../../shared/text.ts';
import {
  boardView, cardDetails, fromPortfolio, portfolioLine, chainCells, chainTable, columnTitle, consentRoundOf, consentVoices, consentVoiceText, threadViews, utcMinute, type BoardView,
} from './view.ts';
import type { ExportInput } from './types.ts';
import type { CommentThread } from '../../shared/review/model.ts';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const h = (text: string, max = 600) => escapeHtml(excerpt(text.trim(), max, { lines: 'keep' })).replace(/\r?\n/g, '<br>');

const STYLE = `
@page { size: A4 landscape; margin: 9mm; }
* { box-sizing: border-box; }
body { font: 10.5px/1.35 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2330; margin: 0; background: #fff; }
.page { padding: 14px 18px; }
.page + .page { break-before: page; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 16px; border-bottom: 2px solid #1d2330; padding-bottom: 4px; margin-bottom: 8px; }
h1 { font-size: 17px; margin: 0; }
h2 { font-size: 14px; margin: 0 0 6px; }
h3 { font-size: 12px; margin: 12px 0 4px; }
.meta { color: #4a5568; font-size: 10px; text-align: right; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid #b8c0cc; padding: 3px 5px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #1d2330; color: #fff; font-size: 10px; }
thead th.goal { background: #0b5394; }
td.goal { background: #eef4fb; }
.details { color: #4a5568; font-size: 9px; margin-top: 2px; }
.commitment { margin-top: 3px; padding: 1px 4px; border-left: 3px solid #1a7f37; background: #eaf6ec; font-size: 9px; }
.empty { color: #8a94a6; }
.note { color: #4a5568; font-size: 9px; margin-top: 4px; }
.status { font-weight: bold; text-transform: uppercase; font-size: 9px; }
.readback li { margin-bottom: 4px; }
.finding { color: #8a1c1c; }
.voices, .comments ul { margin: 2px 0 4px; padding-left: 18px; }
.mentions { color: #4a5568; }
@media print {
  body { font-size: 7px; line-height: 1.25; }
  .page { padding: 0; }
  h1 { font-size: 13px; }
  th, td { padding: 1.5px 3px; }
  thead th { font-size: 7.5px; }
  .details, .commitment, .note, .status { font-size: 6px; }
  .meta { font-size: 7px; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
@media screen { body { background: #e9ecf1; } .page { background: #fff; max-width: 1120px; margin: 16px auto; box-shadow: 0 1px 4px #0003; } }
`;

/** The board as a standalone, printable HTML page. Pure. */
export function exportHtml(input: ExportInput): string {
  const view = boardView(input);
  const { board } = view.snapshot;
  const meta = [
    `Exported ${escapeHtml(utcMinute(input.exportedAt))}`,
    `Facilitator: ${input.facilitator ? escapeHtml(input.facilitator) : '—'}`,
    `Attendees: ${input.attendees?.length ? escapeHtml(input.attendees.join(', ')) : '—'}`,
    `Next review: ${board.nextReview ?? '—'}`,
    ...(board.portfolio ? [escapeHtml(portfolioLine(view) ?? '')] : []),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(board.title)} — Product VCP</title>
<style>${STYLE}</style>
</head>
<body>
<section class="page">
<header><h1>${escapeHtml(board.title)}</h1><div class="meta">Product Value Creation Plan · ${meta.join(' · ')}</div></header>
${vcpTable(view)}
</section>
<section class="page">
<header><h1>Commitments</h1><div class="meta">${escapeHtml(board.title)} · ${meta[0]} · Next review: ${board.nextReview ?? '—'}</div></header>
${commitmentsTable(view)}
${readBackList(view)}
${findingsList(view)}
${decisionList(view.snapshot.decisions ?? [], view.snapshot.commitments)}
${commentList(view, input.comments ?? [])}
</section>
</body>
</html>
`;
}

function cellHtml(card: Card, view: BoardView): string {
  const details = cardDetails(card).map((d) => `<div class="details">${h(d, 200)}</div>`).join('');
  const commitment = view.commitments.find((c) => c.commitment.card === card.id && c.commitment.status !== 'dropped')?.commitment;
  const badge = commitment
    ? `<div class="commitment">Commitment (${escapeHtml(commitment.status)}): ${h(commitment.owner || 'no owner yet', 80)}${commitment.due ? `, due ${commitment.due}` : ''}</div>`
    : '';
  const origin = card.portfolio ? '<div class="details"><em>From the portfolio</em></div>' : '';
  return `${h(card.text, 280) || '<span class="empty">(empty card)</span>'}${origin}${details}${badge}`;
}

function vcpTable(view: BoardView): string {
  const { rows, truncated } = chainTable(view.active, view.snapshot.links);
  const cols: ColumnId[] = view.columns;
  const head = cols.map((c) => `<th class="${c}">${escapeHtml(columnTitle(c))}</th>`).join('');
  if (rows.length === 0) return `<table><thead><tr>${head}</tr></thead><tbody><tr><td colspan="6" class="empty">No cards on the board yet.</td></tr></tbody></table>`;
  const cells = chainCells(rows, cols);
  const body = cells.map((row) => `<tr>${row.map((cell, i) => {
    if (cell.rowSpan === 0) return '';
    const span = cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '';
    return `<td class="${cols[i]}"${span}>${cell.card ? cellHtml(cell.card, view) : ''}</td>`;
  }).join('')}</tr>`).join('\n');
  const note = truncated ? '<p class="note">The board has more chains than fit this table; the Markdown and JSON exports hold all of them.</p>' : '';
  return `<table class="vcp"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}

function commitmentsTable(view: BoardView): string {
  if (view.commitments.length === 0) return '<p class="empty">No commitments yet.</p>';
  const rows = view.commitments.map(({ commitment: c, indicators, trace, consent }) => `<tr>
<td><strong>${h(c.title, 200)}</strong><div class="details">${h(trace.initiative[0]?.text ?? '', 200)}</div></td>
<td><span class="status">${escapeHtml(c.status)}</span>${consent ? `<div class="details">${h(consent, 400)}</div>` : ''}</td>
<td>${h(c.owner, 120) || '<span class="empty">none</span>'}${c.contributors.length ? `<div class="details">with ${h(c.contributors.join(', '), 200)}</div>` : ''}</td>
<td>${c.due ?? '<span class="empty">—</span>'}${c.checkpoint ? `<div class="details">checkpoint ${c.checkpoint}</div>` : ''}</td>
<td>${indicators.map((i) => h(i.text, 120)).join('<br>') || '<span class="empty">none</span>'}</td>
<td>${trace.goal.map((g) => `${h(g.text, 120)}${escapeHtml(fromPortfolio(g))}`).join('<br>') || '<span class="finding">orphan: no goal</span>'}</td>
<td>${h(c.definitionOfDone ?? '', 400)}</td>
</tr>`).join('\n');
  return `<table>
<colgroup><col style="width:18%"><col style="width:14%"><col style="width:12%"><col style="width:9%"><col style="width:15%"><col style="width:14%"><col style="width:18%"></colgroup>
<thead><tr><th>Commitment</th><th>Status / consent</th><th>Owner</th><th>Due</th><th>Success indicators</th><th>Goals</th><th>Definition of done</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function readBackList(view: BoardView): string {
  const items = view.commitments.filter((c) => c.readBack).map((c) => `<li>${h(c.readBack!, 1200)}</li>`);
  return items.length ? `<h3>Read-back</h3><ol class="readback">${items.join('')}</ol>` : '';
}

function findingsList(view: BoardView): string {
  if (view.open.length === 0) return '';
  const items = view.open.slice(0, 30).map((f) => `<li class="finding">${h(f.message, 300)}</li>`);
  const more = view.open.length > 30 ? `<li>… and ${view.open.length - 30} more</li>` : '';
  return `<h3>Open trace-check findings</h3><ul>${items.join('')}${more}</ul>`;
}

/** Under a consent decision: every objection in the objector's words, and remarks. */
function voicesOf(d: Extract<DecisionEntry, { kind: 'consent' }>, commitments: readonly Commitment[]): string {
  const round = consentRoundOf(d, commitments);
  const voices = round ? consentVoices(round) : [];
  return voices.length ? `<ul class="voices">${voices.map((v) => `<li>${h(consentVoiceText(v), 2200)}</li>`).join('')}</ul>` : '';
}

/** The review's comment threads: the card, open or resolved, each comment with author, time and @mentions. */
function commentList(view: BoardView, threads: readonly CommentThread[]): string {
  const shown = threadViews(threads, view.snapshot.cards);
  if (shown.length === 0) return '';
  const items = shown.map((t) => {
    const comments = t.comments.map((c) => {
      const mentions = c.mentions.length ? ` <span class="mentions">(mentions ${c.mentions.map((m) => `@${escapeHtml(m)}`).join(', ')})</span>` : '';
      return `<li><strong>${h(c.by, 200)}</strong>, ${escapeHtml(c.at)}: ${h(c.text, 10_000)}${mentions}</li>`;
    }).join('');
    return `<li>On ${escapeHtml(t.column)} “${h(t.card, 200)}” — <em>${escapeHtml(t.state)}</em><ul>${comments}</ul></li>`;
  });
  return `<h3>Comments</h3><ul class="comments">${items.join('')}</ul>`;
}

function decisionList(decisions: readonly DecisionEntry[], commitments: readonly Commitment[]): string {
  if (decisions.length === 0) return '';
  const items = decisions.map((d) => {
    const when = escapeHtml(utcMinute(d.at));
    if (isLaterDecision(d)) return `<li>${when} — ${laterLine(d, (s) => h(s, 600))}</li>`;
    if (d.kind === 'override') return `<li>${when} — <strong>Override</strong> by ${h(d.by, 100)}: ${h(d.reason, 600)} (${d.findings.length} finding${d.findings.length === 1 ? '' : 's'})</li>`;
    if (d.kind === 'reopen') return `<li>${when} — <strong>Reopened</strong> “${h(d.title, 200)}” by ${h(d.by, 100)}: ${h(d.reason, 600)}</li>`;
    if (d.kind === 'removal') return `<li>${when} — <strong>Removed</strong> ${h(removalSummary(d), 600)} by ${h(d.by, 100)}: ${h(d.reason, 600)}</li>`;
    return `<li>${when} — <strong>Consent</strong> on “${h(d.title, 200)}”: ${d.outcome === 'agreed' ? 'agreed' : 'not agreed'} (${d.method === 'thumbs' ? 'thumbs' : 'fist of five'}, ${d.participants.length} taking part)${voicesOf(d, commitments)}</li>`;
  });
  return `<h3>Decision log</h3><ul>${items.join('')}</ul>`;
}
