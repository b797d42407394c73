/**
 * The one-page VCP table, pure: one row per chain from a top card (usually a
 * goal) down to the work, cells spanning the rows that share a card. Cards that
 * are not in any chain still get a row, so nothing on the board is missing.
 */
import { COLUMN_IDS, columnIndex, type Card, type ColumnId, type Link } from '../../shared/model.ts';

export type ChainRow = Partial<Record<ColumnId, Card>>;

export interface TableCell {
  card: Card | undefined;
  /** Rows this cell spans; 0 when covered by a cell above. */
  rowSpan: number;
}

/** At most this many rows: chains multiply, the table must stay readable. */
export const MAX_ROWS = 400;

/** Every chain through the links, goal side first, each as one row. */
export function chainRows(cards: readonly Card[], links: readonly Link[]): ChainRow[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const down = new Map<string, Card[]>();
  const hasUp = new Set<string>();
  for (const l of links) {
    const from = byId.get(l.from);
    if (!from || !byId.has(l.to)) continue;
    hasUp.add(l.from);
    const list = down.get(l.to) ?? [];
    list.push(from);
    down.set(l.to, list);
  }
  const rows: ChainRow[] = [];
  const walk = (card: Card, row: ChainRow) => {
    if (rows.length >= MAX_ROWS) return;
    const next = { ...row, [card.column]: card };
    const children = down.get(card.id) ?? [];
    if (children.length === 0) rows.push(next);
    for (const child of children) walk(child, next);
  };
  const roots = cards.filter((c) => !hasUp.has(c.id)).sort((a, b) => columnIndex(a.column) - columnIndex(b.column));
  for (const root of roots) walk(root, {});
  return rows;
}

/** The cells of the table: consecutive rows that share the same chain prefix share a cell. */
export function tableCells(rows: readonly ChainRow[], columns: readonly ColumnId[] = COLUMN_IDS): TableCell[][] {
  const chainOrder = [...COLUMN_IDS];
  const prefixKey = (row: ChainRow, column: ColumnId) =>
    chainOrder.slice(0, columnIndex(column) + 1).map((c) => row[c]?.id ?? '-').join('/');
  const cells: TableCell[][] = rows.map((row) => columns.map((column) => ({ card: row[column], rowSpan: 1 })));
  columns.forEach((column, ci) => {
    let start = 0;
    for (let r = 1; r <= rows.length; r++) {
      const same = r < rows.length && rows[r]![column] !== undefined && prefixKey(rows[r]!, column) === prefixKey(rows[start]!, column);
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
