import { useMemo, useRef, type ReactNode } from 'react';
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors,
  type Announcements, type KeyboardSensorOptions, type PointerSensorOptions, type DragEndEvent, type DragMoveEvent, type DragOverEvent, type DragStartEvent,
} from '@dnd-kit/core';
import type { Card } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui, uiStore, useUi } from '../state/ui.ts';
import { cardLabel, columnTitle } from './derive.ts';
import { columnContaining, columnOfDropId, dragOver, dropMove, listsOf, settle, type ColumnLists } from './dragPlan.ts';
import { boardCollisions } from './collisions.ts';
import { boardKeyboardCoordinates } from './keyboardMoves.ts';
import { screenRectToBoard } from './surface.ts';

// Sensor options must keep their identity: new options make new sensors, and
// new sensors re-render every draggable card on the board.
const POINTER_OPTIONS: PointerSensorOptions = { activationConstraint: { distance: 5 } };
const KEYBOARD_OPTIONS: KeyboardSensorOptions = { coordinateGetter: boardKeyboardCoordinates };

/**
 * Drag and drop of cards (pointer and keyboard), with announcements for screen
 * readers. During a drag the card's position goes to others through presence;
 * the board document gets exactly one write, on drop.
 */
export function BoardDnd({ compact, children }: { compact: boolean; children: (lists: ColumnLists) => ReactNode }) {
  const session = useSession();
  const { cards } = useBoard();
  const drag = useUi((s) => s.drag);
  const zoom = useUi((s) => s.viewport.zoom);
  const boardLists = useMemo(() => listsOf(cards), [cards]);
  const lists = drag ? drag.columns : boardLists;
  const original = useRef<ColumnLists>(boardLists);
  /** The lists at the last drop, for its announcement (made after the drag state is cleared). */
  const dropped = useRef<ColumnLists | null>(null);
  const byId = useMemo(() => new Map(cards.map((c) => [c.id, c])), [cards]);

  const sensors = useSensors(
    useSensor(PointerSensor, POINTER_OPTIONS),
    useSensor(KeyboardSensor, KEYBOARD_OPTIONS),
  );

  const current = () => uiStore.getState().drag?.columns ?? original.current;
  const describe = (id: string) => cardLabel(byId.get(id) ?? { text: '' });
  const place = (cardId: string, lists: ColumnLists, overId?: string) => {
    const column = columnContaining(lists, overId ?? cardId);
    if (!column) return 'no column';
    const list = lists[column];
    const index = overId && !columnOfDropId(overId) ? list.indexOf(overId) : list.indexOf(cardId);
    const position = index < 0 ? list.length : index + 1;
    return `${columnTitle(column)}, position ${position} of ${Math.max(list.length, position)}`;
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up card ${describe(String(active.id))} in ${place(String(active.id), current())}. Use the arrow keys to move it, space to drop, escape to cancel.`,
    onDragOver: ({ active, over }) =>
      over ? `Card ${describe(String(active.id))} is over ${place(String(active.id), current(), String(over.id))}.` : `Card ${describe(String(active.id))} is not over a column.`,
    onDragEnd: ({ active }) => `Card ${describe(String(active.id))} dropped in ${place(String(active.id), dropped.current ?? current())}.`,
    onDragCancel: ({ active }) => `Moving cancelled. Card ${describe(String(active.id))} is back in ${place(String(active.id), original.current)}.`,
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    original.current = boardLists;
    dropped.current = null;
    ui.setDrag({ cardId: String(active.id), columns: boardLists });
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const state = uiStore.getState().drag;
    if (!state) return;
    const next = dragOver(state.columns, String(active.id), String(over.id));
    if (next !== state.columns) ui.setDrag({ ...state, columns: next });
  };

  const onDragMove = ({ active }: DragMoveEvent) => {
    const rect = active.rect.current.translated;
    if (!rect) return;
    const board = screenRectToBoard({ x: rect.left, y: rect.top, width: rect.width, height: rect.height });
    if (board) session.presence.setDrag({ cardId: String(active.id), x: board.x, y: board.y });
  };

  const finish = () => {
    session.presence.setDrag(null);
    ui.setDrag(null);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const final = settle(current(), id, over ? String(over.id) : null);
    const move = dropMove(original.current, final, id);
    dropped.current = final;
    if (move) session.moveCard(id, move.column, move.index);
    finish();
  };

  const activeCard: Card | undefined = drag ? byId.get(drag.cardId) : undefined;
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
        {activeCard && (
          <div className="card drag-preview" style={{ transform: compact ? undefined : `scale(${zoom})`, transformOrigin: '0 0' }}>
            <p className="card-preview-text">{cardLabel(activeCard, 140)}</p>
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
