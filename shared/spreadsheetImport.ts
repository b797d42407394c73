/**
 * Cards from a spreadsheet: CSV (comma or semicolon, as Excel writes it in
 * many locales) or tab-separated rows pasted from Sheets or Excel, one card a
 * row: `column,text[,metric,author,…]`. Pure: the browser previews with it,
 * the server and the CLI import with it, and they agree.
 *
 * Parsed with csv-parse (the sibling of the csv-stringify our CSV export
 * uses: RFC 4180 quoting, a byte order mark, quoted line breaks); its browser
 * build, so the same module runs on both sides.
 */
import { parse, type CsvError } from 'csv-parse/browser/esm/sync';
import {
  COLUMN_FIELDS, COLUMNS, CONFIDENCE_LEVELS, EVIDENCE_LEVELS, INDICATOR_DIRECTIONS, INITIATIVE_FUNCTIONS, INITIATIVE_TYPES, isColumnId,
  type CardFieldName, type CardFields, type ColumnId,
} from './model.ts';
import { cardFieldsShape, isoDate } from './schema.ts';

/** One card to add, with the spreadsheet line it came from. */
export interface ImportedCard extends CardFields {
  line: number;
  column: ColumnId;
  text: string;
  author?: string;
}

/** A problem with one cell: the line (1 = the file's first) and the spreadsheet column's name. */
interface RowIssue {
  line: number;
  /** The header name of the column, or `column 3` without a header row. */
  column: string;
  message: string;
}

export interface SpreadsheetPreview {
  cards: ImportedCard[];
  /** Every problem found; nothing should be imported while there is one. */
  issues: RowIssue[];
  /** Header columns that are not card fields: shown, not imported. */
  ignored: string[];
  delimiter: ',' | ';' | '\t';
  hasHeader: boolean;
}

interface ParseOptions {
  /** The column for rows that name none (a one-column paste into a board column). */
  defaultColumn?: ColumnId;
}

/** At most this many cards in one import (a board holds 50,000). */
export const MAX_IMPORT_ROWS = 5_000;

/** Lower case, letters and digits only: "Baseline as of" → "baselineasof". */
const norm = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');

type Target = 'column' | 'text' | 'author' | CardFieldName;

const HEADER_NAMES: Record<string, Target> = {
  column: 'column', columnid: 'column', lane: 'column', vcpcolumn: 'column',
  text: 'text', card: 'text', cardtext: 'text', title: 'text', name: 'text',
  author: 'author', owner: 'author', by: 'author', who: 'author',
  metric: 'metric', laggingmetric: 'metric',
  actor: 'actor', current: 'current', currentbehaviour: 'current', currentbehavior: 'current', desired: 'desired', desiredbehaviour: 'desired', desiredbehavior: 'desired',
  definition: 'definition', unit: 'unit', direction: 'direction',
  baseline: 'baselineValue', baselinevalue: 'baselineValue', baselineasof: 'baselineAsOf', baselinedate: 'baselineAsOf', baselinesource: 'baselineSource', source: 'baselineSource',
  target: 'targetValue', targetvalue: 'targetValue', targetby: 'targetBy', targetdate: 'targetBy',
  type: 'initiativeType', initiativetype: 'initiativeType', function: 'function', team: 'function',
  confidence: 'confidence', evidence: 'evidence',
};

const COLUMN_NAMES: Record<string, ColumnId> = {};
for (const c of COLUMNS) {
  for (const name of [c.id, `${c.id}s`, c.title, c.title.replace(/s$/, '')]) COLUMN_NAMES[norm(name)] = c.id;
}
Object.assign(COLUMN_NAMES, {
  businessgoal: 'goal', market: 'segment', markets: 'segment', customersegment: 'segment', customersegments: 'segment', values: 'value',
  behavior: 'behaviour', behaviors: 'behaviour', userbehavior: 'behaviour', userbehaviors: 'behaviour', leadingindicator: 'indicator', leadingindicators: 'indicator',
});

const ENUMS: Partial<Record<CardFieldName, readonly string[]>> = {
  direction: INDICATOR_DIRECTIONS, initiativeType: INITIATIVE_TYPES, function: INITIATIVE_FUNCTIONS, confidence: CONFIDENCE_LEVELS, evidence: EVIDENCE_LEVELS,
};
const ENUM_ALIASES: Record<string, string> = { up: 'increase', down: 'decrease', higher: 'increase', lower: 'decrease', customersuccess: 'cs', med: 'medium' };

/** The delimiter of the first non-empty line: tab, else semicolon or comma (whichever is more frequent outside quotes). */
function detectDelimiter(text: string): ',' | ';' | '\t' {
  const line = text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  if (unquoted.includes('\t')) return '\t';
  return (unquoted.match(/;/g)?.length ?? 0) > (unquoted.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function isHeader(record: string[]): boolean {
  const targets = record.map((cell) => HEADER_NAMES[norm(cell)]);
  return targets.includes('text') && (targets.includes('column') || targets.filter(Boolean).length >= 2);
}

/** A number as typed in a spreadsheet: `22.5`, `22,5`, `1 200`, `45 %`. */
function parseNumber(raw: string): number | undefined {
  const cleaned = raw.replace(/[\s\u00a0%]/g, '');
  const decimal = /^-?\d+,\d+$/.test(cleaned) ? cleaned.replace(',', '.') : cleaned.replace(/,(?=\d{3}\b)/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(decimal)) return undefined;
  const n = Number(decimal);
  return Number.isFinite(n) ? n : undefined;
}

/** A cell's value for a card field, or the reason it is not one. */
function fieldValue(name: CardFieldName, raw: string): { value: CardFields[CardFieldName] } | { error: string } {
  const allowed = ENUMS[name];
  if (allowed) {
    const key = norm(raw);
    const value = allowed.find((v) => norm(v) === (ENUM_ALIASES[key] ?? key));
    return value ? { value: value as CardFields[CardFieldName] } : { error: `must be one of ${allowed.join(', ')}` };
  }
  if (name === 'baselineValue' || name === 'targetValue') {
    const value = parseNumber(raw);
    return value === undefined ? { error: 'must be a number' } : { value };
  }
  if (name === 'baselineAsOf' || name === 'targetBy') {
    return isoDate.safeParse(raw).success ? { value: raw } : { error: 'must be a date written YYYY-MM-DD' };
  }
  const checked = cardFieldsShape[name].safeParse(raw);
  return checked.success ? { value: raw } : { error: checked.error.issues[0]?.message ?? 'is not valid' };
}

/** The line where the last quoted cell that never closes begins (csv-parse reports where the text ended). */
function unclosedQuoteLine(text: string, delimiter: string): number {
  let line = 1;
  let opened = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      opened = line;
    } else if (ch === '\n') line++;
    fieldStart = ch === delimiter || ch === '\n';
  }
  return opened;
}

const columnList = COLUMNS.map((c) => `${c.id} (${c.title})`).join(', ');
const columnTitle = (id: ColumnId) => COLUMNS.find((c) => c.id === id)!.title;

/**
 * Reads spreadsheet text into cards and names every problem by line and
 * column. A first row whose cells name card fields (`column`, `text`, …) is
 * the header; without one, the columns are `column, text` (or just `text`
 * with a `defaultColumn`).
 */
export function parseSpreadsheet(input: string, options: ParseOptions = {}): SpreadsheetPreview {
  // One kind of line break, so line numbers are the ones an editor shows (and cells keep \n).
  const text = input.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(text);
  const empty: SpreadsheetPreview = { cards: [], issues: [], ignored: [], delimiter, hasHeader: false };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it ended (the typings do not follow the option).
    records = parse(text, { delimiter, info: true, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as CsvError & { lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      return { ...empty, issues: [{ line: unclosedQuoteLine(text, delimiter), column: '', message: 'a quote (") opens a cell here and is never closed' }] };
    }
    return { ...empty, issues: [{ line: e.lines ?? 1, column: '', message: e.message.replace(/^[A-Za-z ]+: /, '') }] };
  }
  const startLine = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  const first = records[0];
  const hasHeader = !!first && isHeader(first.record);
  const names = hasHeader ? first.record.map((c) => c.trim()) : [];
  let targets: (Target | undefined)[];
  if (hasHeader) targets = names.map((n) => HEADER_NAMES[norm(n)]);
  else {
    const width = Math.max(0, ...records.map((r) => r.record.length));
    targets = width <= 1 && options.defaultColumn ? ['text'] : ['column', 'text'];
  }
  const label = (i: number) => (hasHeader ? names[i] || `column ${i + 1}` : `column ${i + 1}`);
  const ignored = hasHeader ? names.filter((n, i) => n && !targets[i]) : [];
  const preview: SpreadsheetPreview = { cards: [], issues: [], ignored, delimiter, hasHeader };
  const textIndex = targets.indexOf('text');
  const columnIndex = targets.indexOf('column');
  if (hasHeader && columnIndex < 0 && !options.defaultColumn) {
    preview.issues.push({ line: startLine(first), column: '', message: 'no "column" column: name each card’s VCP column (goal, segment, value, behaviour, indicator, initiative)' });
  }
  const rows = records.slice(hasHeader ? 1 : 0);
  if (rows.length > MAX_IMPORT_ROWS) {
    preview.issues.push({ line: startLine(rows[MAX_IMPORT_ROWS]!), column: '', message: `at most ${MAX_IMPORT_ROWS.toLocaleString('en')} cards in one import` });
    return preview;
  }
  for (const row of rows) {
    const line = startLine(row);
    const cells = row.record;
    let ok = true;
    const issue = (i: number, message: string) => {
      preview.issues.push({ line, column: i < 0 ? '' : label(i), message });
      ok = false;
    };
    const columnCell = columnIndex >= 0 ? (cells[columnIndex] ?? '').trim() : '';
    const column = columnCell ? COLUMN_NAMES[norm(columnCell)] : options.defaultColumn;
    if (!column || !isColumnId(column)) {
      issue(columnIndex, columnCell ? `"${columnCell.slice(0, 40)}" is not a VCP column; use one of ${columnList}` : 'empty: name the card’s VCP column');
      continue;
    }
    const textCell = textIndex >= 0 ? (cells[textIndex] ?? '').trim() : '';
    if (!textCell) {
      issue(textIndex, 'empty: a card needs its text');
      continue;
    }
    if (textCell.length > 10_000) {
      issue(textIndex, 'longer than 10,000 characters');
      continue;
    }
    const card: ImportedCard = { line, column, text: textCell };
    targets.forEach((target, i) => {
      const raw = (cells[i] ?? '').trim();
      if (!target || target === 'column' || target === 'text' || !raw) return;
      if (target === 'author') {
        if (raw.length > 500) issue(i, 'longer than 500 characters');
        else card.author = raw;
        return;
      }
      if (!(COLUMN_FIELDS[column] as readonly string[]).includes(target)) {
        issue(i, `does not apply to ${columnTitle(column)} cards`);
        return;
      }
      const parsed = fieldValue(target, raw);
      if ('error' in parsed) issue(i, `"${raw.slice(0, 40)}" ${parsed.error}`);
      else Object.assign(card, { [target]: parsed.value });
    });
    if (ok) preview.cards.push(card);
  }
  return preview;
}

/** `line 4, column "confidence": …` — how a row issue is written in an error message. */
export function describeIssue(issue: RowIssue): string {
  return `line ${issue.line}${issue.column ? `, column "${issue.column}"` : ''}: ${issue.message}`;
}

/** The card as the document layer and the board JSON take it (no line number). */
export function cardInput(card: ImportedCard): Omit<ImportedCard, 'line'> {
  const { line: _line, ...rest } = card;
  return rest;
}
