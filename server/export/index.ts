/**
 * Board exports: one entry point for the HTTP route and the CLI. Every format
 * is a pure function of an `ExportInput` (a board snapshot plus the board id,
 * the export time and who took part), so golden files are stable.
 *
 * The PDF and iCalendar renderers (pdfkit with its fonts, ical-generator) are
 * imported on first use: loaded at start they cost every server process
 * ~25 MB of memory that most never need (docs/BENCHMARKS.md, memory).
 */
import { readBoard, readFacilitation, readPeople, snapshotToJson, type Doc } from '../../shared/doc/index.ts';
import { exportCsv } from './csv.ts';
import { exportHtml } from './html.ts';
import { exportMarkdown } from './markdown.ts';
import { slug } from './view.ts';
import type { ExportedFile, ExportFormat, ExportInput, ExportOptions } from './types.ts';
import { readAllThreads, readCheckIns } from '../../shared/doc/review.ts';
import { readGroups } from '../../shared/doc/ext-groups.ts';

export * from './types.ts';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

const EXTENSIONS: Record<ExportFormat, string> = {
  json: 'vcp.json', md: 'md', csv: 'csv', ics: 'ics', html: 'html', pdf: 'pdf',
};

/** The board JSON (`product-vcp` v1) as text. */
export function exportJsonText(input: ExportInput): string {
  return `${JSON.stringify(snapshotToJson(input.snapshot, input.boardId, { checkIns: input.checkIns ?? [], groups: input.groups ?? [], comments: input.comments ?? [] }), null, 2)}\n`;
}

/** Renders a board in one format, with its content type and a file name. */
export async function exportBoard(format: ExportFormat, input: ExportInput, options: ExportOptions = {}): Promise<ExportedFile> {
  const fileName = `${slug(input.snapshot.board.title)}.${EXTENSIONS[format]}`;
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'json': return { body: exportJsonText(input), contentType, fileName };
    case 'md': return { body: exportMarkdown(input), contentType, fileName };
    case 'csv': return { body: exportCsv(input, options), contentType, fileName };
    case 'ics': return { body: (await import('./ics.ts')).exportIcs(input), contentType, fileName };
    case 'html': return { body: exportHtml(input), contentType, fileName };
    case 'pdf': return { body: await (await import('./pdf.ts')).exportPdf(input), contentType, fileName };
    default: throw new Error(`unknown export format ${String(format satisfies never)}`);
  }
}

/**
 * The export input of a board from its content document and (optional)
 * control document: attendees and facilitator from the people who joined,
 * vote tallies from the revealed rounds.
 */
export function exportInputFromDocs(boardId: string, content: Doc, control: Doc | undefined, exportedAt: string): ExportInput {
  // Reviewers joined after the workshop to comment and check in: they are no attendees of it.
  const people = control ? readPeople(control).filter((p) => p.role !== 'reviewer') : [];
  const facilitators = people.filter((p) => p.role === 'facilitator').map((p) => p.name);
  const voteResults = control ? readFacilitation(control).voteResults.map((r) => ({ roundId: r.roundId, tally: r.tally })) : [];
  return {
    boardId,
    snapshot: readBoard(content),
    exportedAt,
    attendees: [...new Set(people.map((p) => p.name))],
    ...(facilitators.length ? { facilitator: [...new Set(facilitators)].join(', ') } : {}),
    voteResults,
    checkIns: readCheckIns(content),
    groups: readGroups(content),
    comments: readAllThreads(content),
  };
}
