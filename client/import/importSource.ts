/**
 * What the person gave the import dialog: nothing yet, a board JSON (checked
 * as the server will check it) or spreadsheet rows (parsed as the server will
 * parse them), so the preview shows exactly what will land.
 */
import { validateBoardJson } from '../../shared/doc/index.ts';
import { COLUMNS, type ColumnId } from '../../shared/model.ts';
import { randomId } from '../../shared/ids.ts';
import { FORMAT, FORMAT_VERSION, type BoardJson } from '../../shared/schema.ts';
import { cardInput, parseSpreadsheet, type ImportedCard, type SpreadsheetPreview } from '../../shared/spreadsheetImport.ts';

export type ImportSource =
  | { kind: 'empty' }
  /** A board JSON: valid (`json`) or refused (`error`: path and message). */
  | { kind: 'board-json'; json?: BoardJson; error?: string }
  | { kind: 'spreadsheet'; preview: SpreadsheetPreview };

/** Reads pasted or loaded text: a JSON object is a board, anything else spreadsheet rows. */
export function readSource(text: string, defaultColumn?: ColumnId): ImportSource {
  if (!text.trim()) return { kind: 'empty' };
  if (/^\s*\{/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { kind: 'board-json', error: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    const checked = validateBoardJson(parsed);
    return checked.ok ? { kind: 'board-json', json: checked.value } : { kind: 'board-json', error: `${checked.issue.path}: ${checked.issue.message}` };
  }
  return { kind: 'spreadsheet', preview: parseSpreadsheet(text, defaultColumn ? { defaultColumn } : {}) };
}

/** A new board holding the spreadsheet's cards, as board JSON in the contract's minimal form. */
export function spreadsheetBoard(title: string, cards: readonly ImportedCard[]): unknown {
  return { format: FORMAT, version: FORMAT_VERSION, board: { title }, cards: cards.map((c) => ({ id: randomId(), ...cardInput(c) })) };
}

/** "3 Business goals, 9 Initiatives", in chain order. */
export function cardCounts(cards: readonly { column: ColumnId }[]): string {
  return COLUMNS.map((c) => [c.title, cards.filter((card) => card.column === c.id).length] as const)
    .filter(([, n]) => n > 0)
    .map(([title, n]) => `${n} ${n === 1 ? title.replace(/s$/, '') : title}`)
    .join(', ');
}
