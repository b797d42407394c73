/**
 * The one-page VCP table for the table view: the shared pure table
 * (shared/vcpTable.ts), named as the view uses it.
 */
import { chainCells, chainTable, MAX_TABLE_ROWS, type ChainRow } from '../../shared/vcpTable.ts';
import type { Card, Link } from '../../shared/model.ts';

export const MAX_ROWS = MAX_TABLE_ROWS;

/** Every chain through the links, goal side first, each as one row. */
export function chainRows(cards: readonly Card[], links: readonly Link[]): ChainRow[] {
  return chainTable(cards, links).rows;
}

/** The cells of the table: consecutive rows that share the same chain prefix share a cell. */
export const tableCells = chainCells;
