/**
 * The DOM side of a card drag: the card list element of each column (registered
 * by the column) and the measurement of a column's cards for `dropIndex`.
 */
import type { ColumnId } from '../../shared/model.ts';
import type { Slots } from './dragPlan.ts';
import { positionsAmongAll } from './cardWindow.ts';

const lists = new Map<ColumnId, HTMLElement>();

/** Ref callback helper: a column's card list mounts (element) or unmounts (null). */
export function registerColumnList(column: ColumnId, element: HTMLElement | null): void {
  if (element) lists.set(column, element);
  else lists.delete(column);
}

/** The card elements of a column's list other than `skipId`, top to bottom. */
export function cardElements(column: ColumnId, skipId?: string): HTMLElement[] {
  const list = lists.get(column);
  if (!list) return [];
  const out: HTMLElement[] = [];
  for (const child of list.children) {
    const id = (child as HTMLElement).dataset?.cardId;
    if (id && id !== skipId) out.push(child as HTMLElement);
  }
  return out;
}

/** Measures the cards of `column` except the dragged one (one layout read per card, once per column visit). */
export function measureSlots(column: ColumnId, draggedId: string): Slots {
  const ids: string[] = [];
  const tops: number[] = [];
  const bottoms: number[] = [];
  const active: boolean[] = [];
  for (const element of cardElements(column, draggedId)) {
    const rect = element.getBoundingClientRect();
    ids.push(element.dataset.cardId!);
    tops.push(rect.top);
    bottoms.push(rect.bottom);
    active.push(element.dataset.status === 'active');
  }
  return { column, ids, tops, bottoms, active, positions: positionsAmongAll(column, ids, draggedId) };
}
