import { memo, useCallback, useLayoutEffect, useRef } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { COLUMNS, columnIndex, type BoardSnapshot, type Card, type ColumnId } from '../../shared/model.ts';
import { useBoardSlice } from '../sync/hooks.ts';
import { cardsOf } from '../derive/boardShape.ts';
import { Icon } from '../ui/Icon.tsx';
import { columnDropId } from './dragPlan.ts';
import { CardView, type CardViewState } from './CardView.tsx';
import { ColumnFacilitation } from './ColumnFacilitation.tsx';
import { useSpotlit } from '../sync/controlHooks.ts';
import { DraftCards } from './DraftCards.tsx';
import { useUi } from '../state/ui.ts';
import { cardElements, registerColumnList } from './dropSlots.ts';
import { positionsAmongAll } from './cardWindow.ts';
import { useCardWindow } from './useCardWindow.ts';
import './ColumnView.css';

export interface ColumnViewProps {
  column: ColumnId;
  cardIds: string[];
  stateOf: (card: Card) => CardViewState;
  canEdit: boolean;
  onAdd: (column: ColumnId) => void;
}

/**
 * One VCP column: its title, guiding question, add-card control and its cards, a drop target for card drags.
 * Memoised: typing into a card re-renders its column only (and in it that card), not the board's other columns.
 */
export const ColumnView = memo(function ColumnView({ column, cardIds, stateOf, canEdit, onAdd }: ColumnViewProps) {
  // Its own cards, read from the board: a new array only when one of them changed.
  const cards = useBoardSlice(useCallback((board: BoardSnapshot, previous: readonly Card[] | undefined) => cardsOf(board, cardIds, previous), [cardIds]));
  const info = COLUMNS.find((c) => c.id === column)!;
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column) });
  const listElement = useRef<HTMLUListElement | null>(null);
  const listRef = useCallback(
    (element: HTMLUListElement | null) => {
      listElement.current = element;
      setNodeRef(element);
      registerColumnList(column, element);
    },
    [setNodeRef, column],
  );
  // A long column renders the cards near the screen; spacers keep the others' place.
  const win = useCardWindow(column, cardIds, listElement);
  const renderCard = (index: number) => {
    const card = cards[index];
    return card && card.id === cardIds[index] ? <CardView key={card.id} card={card} state={stateOf(card)} canEdit={canEdit} /> : null;
  };
  const headingId = `column-${column}-title`;
  const spotlit = useSpotlit('column', column);
  return (
    <section className="column" data-column={column} data-spotlit={spotlit || undefined} aria-labelledby={headingId}>
      <header className="column-header">
        <div className="column-heading">
          <span className="column-step" aria-hidden="true">
            {columnIndex(column) + 1}
          </span>
          <h2 id={headingId} tabIndex={-1}>
            {info.title}
          </h2>
          <span className="column-count" aria-label={`${cardIds.length} cards`}>
            {cardIds.length}
          </span>
          <ColumnFacilitation column={column} />
          {canEdit && (
            <button className="icon-button add-card" type="button" aria-label={`Add card to ${info.title}`} title="Add a card" onClick={() => onAdd(column)}>
              <Icon name="plus" />
            </button>
          )}
        </div>
        <p className="column-question">{info.question}</p>
      </header>
      <ul ref={listRef} className="card-list" data-over={isOver} data-windowed={win ? true : undefined} aria-label={`${info.title} cards`}>
        {win
          ? win.pieces.map((piece) =>
              'card' in piece
                ? piece.card < cardIds.length && renderCard(piece.card)
                : <li key={`spacer-${piece.from}`} className="card-spacer" aria-hidden="true" style={{ height: piece.spacer }} />)
          : cardIds.map((_, index) => renderCard(index))}
        {cardIds.length === 0 && (
          <li className="column-empty">
            {canEdit ? (
              <button className="button ghost wide" type="button" onClick={() => onAdd(column)} tabIndex={-1} aria-hidden="true">
                Add the first card
              </button>
            ) : (
              <span>No cards yet</span>
            )}
          </li>
        )}
        <DropIndicator column={column} cardIds={cardIds} />
      </ul>
      <DraftCards column={column} />
    </section>
  );
});

/** Half the gap between cards in a list (canvas.css `.card-list` gap). */
const HALF_GAP = 5;

/**
 * The line showing where a dragged card would land in this column, or the
 * frame around the card it would be grouped with. It appears only in the
 * column the card is over and not on the card's own slot, and is placed from
 * the cards' layout offsets (canvas pixels, so zoom does not matter), again
 * when the column's cards change.
 */
function DropIndicator({ column, cardIds }: { column: ColumnId; cardIds: string[] }) {
  const at = useUi((s) => {
    const drag = s.drag;
    if (!drag || drag.target.column !== column) return null;
    if (!drag.target.group && drag.origin.column === column && drag.origin.index === drag.target.index) return null;
    return `${drag.target.index} ${drag.target.group ? 'group' : 'move'} ${drag.cardId}`;
  });
  const ref = useRef<HTMLLIElement>(null);
  const grouping = at?.split(' ')[1] === 'group';
  useLayoutEffect(() => {
    const mark = ref.current;
    if (!mark || at === null) return;
    const [position, kind, dragged] = at.split(' ') as [string, string, string];
    // Positions count every card of the column; a long one renders only some (cardWindow.ts).
    const others = cardElements(column, dragged);
    const positions = positionsAmongAll(column, others.map((el) => el.dataset.cardId!), dragged);
    const found = positions.findIndex((p) => p >= Number(position));
    const index = found < 0 ? others.length : found;
    if (kind === 'group' && others[index] && positions[index] === Number(position)) {
      mark.style.top = `${others[index].offsetTop}px`;
      mark.style.height = `${others[index].offsetHeight}px`;
      return;
    }
    let top: number;
    if (others.length === 0) top = HALF_GAP;
    else if (index < others.length) top = others[index]!.offsetTop - HALF_GAP;
    else top = others[others.length - 1]!.offsetTop + others[others.length - 1]!.offsetHeight + HALF_GAP;
    mark.style.top = `${top}px`;
    mark.style.height = '';
  }, [at, column, cardIds]);
  if (at === null) return null;
  return grouping ? (
    <li ref={ref} className="group-drop-mark" aria-hidden="true">
      <span>Group</span>
    </li>
  ) : (
    <li ref={ref} className="drop-indicator" aria-hidden="true" />
  );
}
