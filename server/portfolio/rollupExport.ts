/**
 * Exports of a portfolio's roll-up: Markdown (goals and segments with the
 * boards and agreed commitments serving them, gaps, overlaps, the review
 * cadence, and a Mermaid graph of goals ← boards) and CSV (one row per goal ×
 * board × commitment). Pure functions of the roll-up; board text is escaped
 * as in the board exports (server/export).
 */
import { stringify } from 'csv-stringify/sync';
import type { Rollup, RollupCommitment, RollupTarget } from '../../shared/portfolio/rollupModel.ts';
import {
  CHECK_IN_LABELS, checkInText, checkInUnit, COMMITMENT_STATUS_LABELS, commitmentFlags, FUNCTION_LABELS, functionList, gapText, overlapText,
} from '../../shared/portfolio/rollupText.ts';
import { neutraliseFormula } from '../export/csv.ts';
import { md } from '../export/markdown.ts';
import { mermaidLabel } from '../export/mermaid.ts';
import { oneLine, utcMinute } from '../export/view.ts';

export const ROLLUP_FORMATS = ['json', 'md', 'csv', 'pdf'] as const;
export type RollupFormat = (typeof ROLLUP_FORMATS)[number];

/** Whether `value` names a roll-up export format. */
export function isRollupFormat(value: unknown): value is RollupFormat {
  return typeof value === 'string' && (ROLLUP_FORMATS as readonly string[]).includes(value);
}

function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['_None._', ''];
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => c || ' ').join(' | ')} |`), ''];
}

/** The lines of the Mermaid graph of goals ← boards (without the fence): an edge where a board's initiatives reach a goal. */
export function rollupMermaid(rollup: Rollup): string[] {
  const out = ['flowchart RL'];
  if (rollup.goals.length === 0) return [...out, '  empty["No portfolio goals yet"]'];
  const boardNode = new Map(rollup.boards.map((b, i) => [b.id, `b${i + 1}`]));
  out.push('  subgraph goals ["Business goals"]');
  rollup.goals.forEach((g, i) => out.push(`    g${i + 1}["${mermaidLabel(g.text)}"]`));
  out.push('  end', '  subgraph boards ["Product boards"]');
  for (const b of rollup.boards) out.push(`    ${boardNode.get(b.id)}["${mermaidLabel(b.title)}"]`);
  out.push('  end');
  rollup.goals.forEach((g, i) => {
    for (const b of g.boards) out.push(`  ${boardNode.get(b.board)} -->|"${mermaidLabel(functionList(b.functions, b.unassignedFunction))}"| g${i + 1}`);
  });
  const gaps = rollup.goals.map((g, i) => (g.gap ? `g${i + 1}` : '')).filter(Boolean);
  if (gaps.length) out.push('  classDef gap stroke:#b42318,stroke-width:3px,stroke-dasharray:6 4', `  class ${gaps.join(',')} gap`);
  return out;
}

/** A commitment's cells: title, owner, due, status (with its marks), indicators, latest check-in. */
function commitmentCells(c: RollupCommitment): string[] {
  const flags = commitmentFlags(c);
  return [
    c.title, c.owner || 'no owner', c.due ?? '—', `${COMMITMENT_STATUS_LABELS[c.status]}${flags.length ? ` (${flags.join(', ')})` : ''}`,
    c.indicators.map((i) => oneLine(i.text)).join('; ') || '—', checkInText(c.latestCheckIn, checkInUnit(c)),
  ];
}

function targetSection(t: RollupTarget, byId: ReadonlyMap<string, RollupCommitment>): string[] {
  const out = [`### ${md(t.text)}`, ''];
  if (t.metric) out.push(`Metric: ${md(t.metric)}`, '');
  if (t.gap) return [...out, '**Gap: no board serves it.**', ''];
  if (t.uncommitted) out.push('_Served by initiatives, none of them an agreed commitment yet._', '');
  const rows = t.boards.flatMap((b) => {
    const lead = [md(b.title), md(functionList(b.functions, b.unassignedFunction))];
    const commitments = b.commitments.map((id) => byId.get(id)).filter((c): c is RollupCommitment => c !== undefined);
    if (commitments.length === 0) return [[...lead, `_${b.initiatives.length} initiative${b.initiatives.length === 1 ? '' : 's'}, no agreed commitment_`, '', '', '', '', '']];
    return commitments.map((c) => [...lead, ...commitmentCells(c).map(md)]);
  });
  return [...out, ...table(['Board', 'Functions', 'Commitment', 'Owner', 'Due', 'Status', 'Indicators', 'Latest check-in'], rows)];
}

/** The roll-up as Markdown. */
export function rollupMarkdown(rollup: Rollup, exportedAt: string): string {
  const byId = new Map(rollup.commitments.map((c) => [c.id, c]));
  const out = [`# Portfolio roll-up: ${md(rollup.portfolio.title)}`, ''];
  out.push(`- **Portfolio:** ${md(rollup.portfolio.title)} (\`${rollup.portfolio.id}\`)`);
  out.push(`- **Boards:** ${rollup.boards.map((b) => md(b.title)).join(', ') || '_none yet_'}`);
  out.push(`- **As of:** ${rollup.today} (exported ${utcMinute(exportedAt)})`, '');
  out.push('## Goals ← boards', '', '```mermaid', ...rollupMermaid(rollup), '```', '');
  out.push('## Business goals', '');
  for (const g of rollup.goals) out.push(...targetSection(g, byId));
  out.push('## Segments', '');
  for (const s of rollup.segments) out.push(...targetSection(s, byId));
  out.push('## Gaps', '');
  out.push(...(rollup.gaps.length ? rollup.gaps.map((g) => `- ${md(gapText(g))}`) : ['_None: every goal and segment is served and every board reaches a goal._']), '');
  out.push('## Overlaps', '');
  out.push(...(rollup.overlaps.length ? rollup.overlaps.map((o) => `- ${md(overlapText(o))}`) : ['_None found._']), '');
  out.push('## Review cadence', '');
  out.push(...table(['Board', 'Next review', 'Reporting', 'Missing check-ins', 'Overdue', ...Object.values(CHECK_IN_LABELS), 'No check-in yet'],
    rollup.cadence.map((r) => [
      md(r.title), r.nextReview ? `${r.nextReview}${r.reviewOverdue ? ' (overdue)' : ''}` : 'not set', String(r.reporting), String(r.missingCheckIns), String(r.overdue),
      ...Object.keys(CHECK_IN_LABELS).map((s) => String(r.statuses[s as keyof typeof CHECK_IN_LABELS])), String(r.neverCheckedIn),
    ])));
  return out.join('\n');
}

export const ROLLUP_CSV_COLUMNS = [
  'target_type', 'target', 'gap', 'board', 'functions', 'commitment_id', 'commitment', 'function', 'owner', 'due', 'status', 'overdue',
  'indicators', 'latest_check_in_date', 'latest_check_in_status', 'latest_check_in_value', 'latest_check_in_note', 'check_in_missing',
] as const;

/** The roll-up as CSV: one row per goal (and segment) × board × commitment; a goal or board without commitments still gets its row. */
export function rollupCsv(rollup: Rollup, options: { bom?: boolean } = {}): string {
  const byId = new Map(rollup.commitments.map((c) => [c.id, c]));
  const rows: string[][] = [];
  for (const t of [...rollup.goals, ...rollup.segments]) {
    const lead = [t.column, t.text];
    if (t.gap) rows.push([...lead, 'yes', ...Array<string>(ROLLUP_CSV_COLUMNS.length - 3).fill('')]);
    for (const b of t.boards) {
      const boardCells = [...lead, 'no', b.title, b.functions.map((f) => FUNCTION_LABELS[f]).join(' | ')];
      const commitments = b.commitments.map((id) => byId.get(id)).filter((c): c is RollupCommitment => c !== undefined);
      if (commitments.length === 0) rows.push([...boardCells, ...Array<string>(ROLLUP_CSV_COLUMNS.length - boardCells.length).fill('')]);
      for (const c of commitments) {
        rows.push([
          ...boardCells, c.id, c.title, c.function ? FUNCTION_LABELS[c.function] : '', c.owner, c.due ?? '', c.status, c.overdue ? 'yes' : 'no',
          c.indicators.map((i) => oneLine(i.text)).join(' | '), c.latestCheckIn?.date ?? '', c.latestCheckIn?.status ?? '',
          c.latestCheckIn?.value !== undefined ? String(c.latestCheckIn.value) : '', oneLine(c.latestCheckIn?.note ?? ''), c.checkInMissing ? 'yes' : 'no',
        ]);
      }
    }
  }
  return stringify([[...ROLLUP_CSV_COLUMNS], ...rows.map((r) => r.map(neutraliseFormula))], { bom: options.bom === true, record_delimiter: '\r\n' });
}
