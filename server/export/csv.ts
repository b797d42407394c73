/**
 * The CSV export: one row per commitment, its trace flattened into one column
 * per VCP column (several cards joined with " | "), ISO dates, UTF-8 (a byte
 * order mark on request, for spreadsheets that need one), CRLF line ends.
 * Quoting is csv-stringify's (RFC 4180); cells a spreadsheet would run as a
 * formula get a leading apostrophe first.
 */
import { stringify } from 'csv-stringify/sync';
import { lastConsent, objectionsOf } from '../../shared/commitments.ts';
import { boardView, joinTexts, oneLine } from './view.ts';
import type { ExportInput } from './types.ts';

export const CSV_COLUMNS = [
  'commitment_id', 'title', 'status', 'owner', 'contributors', 'due', 'checkpoint', 'success_indicators', 'definition_of_done',
  'goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative',
  'consent_outcome', 'consent_method', 'consent_at', 'objections', 'orphan',
] as const;

/**
 * Neutralises spreadsheet formulas: a cell starting with = + - @ TAB or CR
 * gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text
 * (OWASP "CSV injection").
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The board's commitments as CSV text. */
export function exportCsv(input: ExportInput, options: { bom?: boolean } = {}): string {
  const view = boardView(input);
  const rows = view.commitments.map(({ commitment: c, indicators, trace }) => {
    const consent = lastConsent(c);
    const objections = consent ? objectionsOf(consent).map((o) => (o.objection ? `${o.name}: ${oneLine(o.objection)}` : o.name)) : [];
    return [
      c.id, c.title, c.status, c.owner, c.contributors.join(' | '), c.due ?? '', c.checkpoint ?? '',
      joinTexts(indicators), c.definitionOfDone ?? '',
      joinTexts(trace.goal), joinTexts(trace.segment), joinTexts(trace.value), joinTexts(trace.behaviour), joinTexts(trace.indicator), joinTexts(trace.initiative),
      consent?.outcome ?? '', consent?.method ?? '', consent?.at ?? '', objections.join(' | '), trace.goal.length ? 'no' : 'yes',
    ].map(neutraliseFormula);
  });
  return stringify([[...CSV_COLUMNS], ...rows], { bom: options.bom === true, record_delimiter: '\r\n' });
}
