import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors,
  type Announcements, type KeyboardSensorOptions, type PointerSensorOptions, type DragEndEvent, type DragMoveEvent, type DragOverEvent, type DragStartEvent,
} from '@dnd-kit/core';
import type { BoardSnapshot } from '../../shared/model.ts';
import type { CardCuration } from '../sync/cardCuration.ts';
import { useBoardSlice, useSession } from '../sync/hooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { columnTitle } from '../derive/board.ts';
import { classifyDrop, columnOfDropId, dropMove, dropPosition, listsOf, originOf, placed, sameTarget, type ColumnLists, type DropTarget, type Slots } from './dragPlan.ts';
import { useControl } from '../sync/controlHooks.ts';
import { boardCollisions } from './collisions.ts';
import { cardIndex, keepColumnIds, selectShape, useDerived } from '../derive/boardShape.ts';
import { boardKeyboardCoordinates } from './keyboardMoves.ts';
import { measureSlots } from './dropSlots.ts';
import { screenRectToBoard } from './surface.ts';
import './BoardDnd.css';
import { excerpt } from '../../shared/text.ts';

// Sensor options must keep their identity: new options make new sensors, and
// new sensors re-render every draggable card on the board.
const POINTER_OPTIONS: PointerSensorOptions = { activationConstraint: { distance: 5 } };
const KEYBOARD_OPTIONS: KeyboardSensorOptions = { coordinateGetter: boardKeyboardCoordinates };

const targetKey = (t: DropTarget) => `${t.column}:${t.index}:${t.group ?? ''}`;

/**
 * Drag and drop of cards (pointer and keyboard), with announcements for screen
 * readers. Cards are draggables only; the six column card lists are the drop
 * targets, and the position within a column is worked out from the dragged
 * card's centre against that column's cards, measured once per column visit.
 * The landing spot lives in the ui store (`drag.target`) and shows as a line in
 * the column (ColumnView `DropIndicator`); the lists themselves do not change
 * during a drag, so no card re-renders on a move. During a drag the card's
 * position goes to others through presence; the board document gets exactly
 * one write, on drop. For the facilitator, a card dropped onto the middle of
 * another card of its column (or moved onto it with the arrow keys) groups
 * the two — also one write — instead of moving.
 */
export function BoardDnd({ compact, children }: { compact: boolean; children: (lists: ColumnLists) => ReactNode }) {
  const session = useSession();
  const control = useControl();
  // Grouping is the facilitator's curation (the console's clusters), like promoting or parking a card.
  const canGroup = !!control?.isFacilitator && session.canEdit;
  // The lists follow the board's shape (not its texts), each column keeping its array while it does not change.
  const shape = useBoardSlice(selectShape);
  const lists = useDerived(useMemo(() => listsOf(shape), [shape]), keepColumnIds);
  const original = useRef<ColumnLists>(lists);
  /** Where the card was dropped, for its announcement (made after the drag state is cleared). */
  const dropped = useRef<DropTarget | null>(null);
  /** Why the last drop was refused (agreed work, a lock): the announcement says the card stayed, not that it moved. */
  const refusedWhy = useRef<string | undefined>(undefined);
  /** The measured cards of the column the card is over (null: measure again). */
  const slots = useRef<Slots | null>(null);
  /** The last target announced, so a move is announced once per new position. */
  const announced = useRef('');

  // Scrolling or zooming moves the cards on screen: measure again on the next move.
  useEffect(() => {
    const stale = () => (slots.current = null);
    window.addEventListener('scroll', stale, true);
    const unsubscribe = uiStore.subscribe((state, previous) => {
      if (state.viewport !== previous.viewport) stale();
    });
    return () => {
      window.removeEventListener('scroll', stale, true);
      unsubscribe();
    };
  }, []);
  // Cards added, moved or removed by others during a drag: measure again too.
  useEffect(() => {
    slots.current = null;
  }, [lists]);

  const sensors = useSensors(
    useSensor(PointerSensor, POINTER_OPTIONS),
    useSensor(KeyboardSensor, KEYBOARD_OPTIONS),
  );

  // Read when announced (a drag's start, moves and drop), not on every render.
  const describe = (id: string) => excerpt(cardIndex(session.getBoard().cards).get(id)?.text ?? '', 60, { empty: 'Empty card' });
  /** "<Column>, position n of m" for the dragged card standing at `target`. */
  const place = (cardId: string, target: DropTarget | undefined) => {
    if (!target) return 'no column';
    const others = original.current[target.column].filter((id) => id !== cardId).length;
    const position = Math.min(target.index, others) + 1;
    return `${columnTitle(target.column)}, position ${position} of ${others + 1}`;
  };
  const targetOf = () => uiStore.getState().drag?.target;
  const over = (cardId: string) => {
    const target = targetOf();
    if (target) announced.current = targetKey(target);
    if (target?.group) return `Card ${describe(cardId)} is over card ${describe(target.group)}: drop to group them.`;
    return `Card ${describe(cardId)} is over ${place(cardId, target)}.`;
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up card ${describe(String(active.id))} in ${place(String(active.id), originOf(original.current, String(active.id)))}. ` +
      `Use the arrow keys to move it${canGroup ? ' (up and down also stop onto each card, to group with it)' : ''}, space to drop, escape to cancel.`,
    onDragOver: ({ active, over: target }) => (target ? over(String(active.id)) : `Card ${describe(String(active.id))} is not over a column.`),
    onDragMove: ({ active }) => {
      const target = targetOf();
      return target && targetKey(target) !== announced.current ? over(String(active.id)) : undefined;
    },
    onDragEnd: ({ active }) =>
      refusedWhy.current
        ? `Card ${describe(String(active.id))} stays in ${place(String(active.id), originOf(original.current, String(active.id)))}. ${refusedWhy.current}`
        : dropped.current?.group
        ? `Card ${describe(String(active.id))} grouped with card ${describe(dropped.current.group)}.`
        : `Card ${describe(String(active.id))} dropped in ${place(String(active.id), dropped.current ?? originOf(original.current, String(active.id)))}.`,
    onDragCancel: ({ active }) => `Moving cancelled. Card ${describe(String(active.id))} is back in ${place(String(active.id), originOf(original.current, String(active.id)))}.`,
  };

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    const id = String(active.id);
    refusedWhy.current = undefined;
    const origin = originOf(lists, id);
    original.current = lists;
    dropped.current = null;
    slots.current = null;
    if (!origin) return;
    announced.current = targetKey(origin);
    ui.setDrag({ cardId: id, origin, target: origin, keyboard: typeof KeyboardEvent !== 'undefined' && activatorEvent instanceof KeyboardEvent, canGroup });
  };

  /** Pointer drags: the target from the card's centre against the cards of the column it is over (onto one of them: group). */
  const retarget = ({ active, over }: DragMoveEvent) => {
    const state = uiStore.getState().drag;
    const rect = active.rect.current.translated;
    const column = over ? columnOfDropId(String(over.id)) : undefined;
    if (!state || state.keyboard || !rect || !column) return;
    if (slots.current?.column !== column) slots.current = measureSlots(column, state.cardId);
    const measured = slots.current;
    const groupable = (i: number) => state.canGroup && column === state.origin.column && measured.active[i] === true;
    const drop = classifyDrop(measured, rect.top + rect.height / 2, groupable);
    const index = dropPosition(measured, drop.index);
    const target: DropTarget = drop.onto === undefined ? { column, index } : { column, index, group: measured.ids[drop.onto]! };
    if (!sameTarget(target, state.target)) ui.setDrag({ ...state, target });
  };

  const onDragOver = (event: DragOverEvent) => retarget(event);

  const onDragMove = (event: DragMoveEvent) => {
    retarget(event);
    const rect = event.active.rect.current.translated;
    if (!rect) return;
    const board = screenRectToBoard({ x: rect.left, y: rect.top, width: rect.width, height: rect.height });
    if (board) session.presence.setDrag({ cardId: String(event.active.id), x: board.x, y: board.y });
  };

  const finish = () => {
    session.presence.setDrag(null);
    slots.current = null;
    ui.setDrag(null);
  };

  const onDragEnd = ({ active }: DragEndEvent) => {
    const id = String(active.id);
    const target = uiStore.getState().drag?.target;
    if (target?.group && control) {
      dropped.current = target;
      groupOnto(control.curation, id, target.group, describe(target.group));
    } else if (target) {
      const move = dropMove(original.current, placed(original.current, id, target), id);
      dropped.current = target;
      const refused = move ? session.edits.moveCard(id, move.column, move.index) : undefined;
      refusedWhy.current = refused;
      if (refused) ui.notify(refused);
    }
    // A dropped or grouped card is placed, not looked at: its golden thread must not keep the board dimmed.
    ui.select(null);
    finish();
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={boardCollisions}
      accessibility={{ announcements }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={finish}
    >
      {children(lists)}
      <DragOverlay dropAnimation={null}>
        <DragPreview compact={compact} />
      </DragOverlay>
    </DndContext>
  );
}

/** Groups the dropped card with the card it was dropped onto (one write), and says so. */
function groupOnto(curation: CardCuration, cardId: string, ontoId: string, ontoLabel: string): void {
  try {
    curation.groupOnto(cardId, ontoId);
    ui.notify(`Grouped with “${ontoLabel}”. Rename or split the group in the console's Clusters.`);
  } catch (error) {
    ui.notify(error instanceof Error ? error.message : 'These cards could not be grouped.');
  }
}

/** The card under the pointer during a drag (its own component: the board does not re-render on a move). */
function DragPreview({ compact }: { compact: boolean }) {
  const cardId = useUi((s) => s.drag?.cardId);
  const zoom = useUi((s) => s.viewport.zoom);
  const card = useBoardSlice(useCallback((board: BoardSnapshot) => (cardId ? cardIndex(board.cards).get(cardId) : undefined), [cardId]));
  if (!card) return null;
  return (
    <div className="card drag-preview" style={{ transform: compact ? undefined : `scale(${zoom})`, transformOrigin: '0 0' }}>
      <p className="card-preview-text">{excerpt(card.text, 140, { empty: 'Empty card' })}</p>
    </div>
  );
}
