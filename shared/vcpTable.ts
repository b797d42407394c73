/**
 * The one-page VCP table, pure and shared by the board's table view and the
 * HTML/PDF exports: one row per chain of cards from a goal (or another top
 * card) down to the work; consecutive rows that share a chain prefix share a
 * cell. Cards in no chain still get a row, so nothing on the board is missing.
 */
import { COLUMN_IDS, type Card, type ColumnId, type Link } from './model.ts';

export type ChainRow = Partial<Record<ColumnId, Card>>;

/** At most this many rows by default: chains multiply, and the table must stay readable. */
export const MAX_TABLE_ROWS = 400;

export interface ChainCell {
  card: Card | undefined;
  /** Rows this cell spans; 0 when covered by the cell above. */
  rowSpan: number;
}

export interface ChainTableOptions {
  /**
   * Spell out what lies below a card only the first time the card appears: a
   * segment that moves two goals lists its chain under the first, and under
   * the second stands alone, marked in `continued` (the chain is above). Keeps
   * a plan whose cards serve several goals on one page.
   */
  once?: boolean;
}

/**
 * The VCP table: one row per chain of active cards from a goal (or another
 * top card) down to the work, in chain order; consecutive rows sharing a chain
 * prefix share a cell. Cards in no chain get their own row. At most `maxRows`.
 * With `once`, `continued` maps each row that stops at a card already spelled
 * out above to that card's column.
 */
export function chainTable(
  cards: readonly Card[],
  links: readonly Link[],
  maxRows = MAX_TABLE_ROWS,
  options: ChainTableOptions = {},
): { rows: ChainRow[]; truncated: boolean; continued: Map<ChainRow, ColumnId> } {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const down = new Map<string, Card[]>();
  const hasUp = new Set<string>();
  for (const l of links) {
    const from = byId.get(l.from);
    if (!from || !byId.has(l.to)) continue;
    hasUp.add(l.from);
    (down.get(l.to) ?? down.set(l.to, []).get(l.to)!).push(from);
  }
  const rows: ChainRow[] = [];
  const continued = new Map<ChainRow, ColumnId>();
  const spelledOut = new Set<string>();
  let truncated = false;
  const walk = (card: Card, row: ChainRow) => {
    if (rows.length >= maxRows) {
      truncated = true;
      return;
    }
    const next = { ...row, [card.column]: card };
    const children = down.get(card.id) ?? [];
    if (options.once && children.length > 0 && spelledOut.has(card.id)) {
      rows.push(next);
      continued.set(next, card.column);
      return;
    }
    spelledOut.add(card.id);
    if (children.length === 0) rows.push(next);
    for (const child of children) walk(child, next);
  };
  // Children in board order (cards come sorted by column, then position), so rows read like the board.
  const position = new Map(cards.map((c, i) => [c.id, i]));
  for (const list of down.values()) list.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  const order = new Map(COLUMN_IDS.map((c, i) => [c, i]));
  const roots = cards.filter((c) => !hasUp.has(c.id)).sort((a, b) => order.get(a.column)! - order.get(b.column)!);
  for (const root of roots) walk(root, {});
  return { rows, truncated, continued };
}

/** Cells of chain rows for `columns` (display order), merging cells that share a chain prefix. */
export function chainCells(rows: readonly ChainRow[], columns: readonly ColumnId[] = COLUMN_IDS): ChainCell[][] {
  const prefix = (row: ChainRow, column: ColumnId) =>
    COLUMN_IDS.slice(0, COLUMN_IDS.indexOf(column) + 1).map((c) => row[c]?.id ?? '-').join('/');
  const cells = rows.map((row) => columns.map((column) => ({ card: row[column], rowSpan: 1 })));
  columns.forEach((column, ci) => {
    let start = 0;
    for (let r = 1; r <= rows.length; r++) {
      const same = r < rows.length && rows[r]![column] !== undefined && prefix(rows[r]!, column) === prefix(rows[start]!, column);
      if (same) {
        cells[r]![ci]!.rowSpan = 0;
        cells[start]![ci]!.rowSpan++;
      } else {
        start = r;
      }
    }
  });
  return cells;
}
