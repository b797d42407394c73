import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { COLUMNS, columnIndex, type Card, type ColumnId } from '../../shared/model.ts';
import { Icon } from '../shell/Icon.tsx';
import { columnDropId } from './dragPlan.ts';
import { CardView, type CardViewState } from './CardView.tsx';
import { ColumnFacilitation } from '../facilitation/ColumnFacilitation.tsx';
import { DraftCards } from '../facilitation/DraftCards.tsx';

export interface ColumnViewProps {
  column: ColumnId;
  cardIds: string[];
  cardsById: Map<string, Card>;
  stateOf: (card: Card) => CardViewState;
  canEdit: boolean;
  onAdd: (column: ColumnId) => void;
}

/** One VCP column: its title, guiding question, add-card control and sortable cards. */
export function ColumnView({ column, cardIds, cardsById, stateOf, canEdit, onAdd }: ColumnViewProps) {
  const info = COLUMNS.find((c) => c.id === column)!;
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column) });
  const headingId = `column-${column}-title`;
  return (
    <section className="column" data-column={column} aria-labelledby={headingId}>
      <header className="column-header">
        <div className="column-heading">
          <span className="column-step" aria-hidden="true">
            {columnIndex(column) + 1}
          </span>
          <h2 id={headingId}>{info.title}</h2>
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
      <SortableContext id={columnDropId(column)} items={cardIds} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className="card-list" data-over={isOver} aria-label={`${info.title} cards`}>
          {cardIds.map((id) => {
            const card = cardsById.get(id);
            return card ? <CardView key={id} card={card} state={stateOf(card)} canEdit={canEdit} /> : null;
          })}
          {cardIds.length === 0 && (
            <li className="column-empty">
              {canEdit ? (
                <button className="button ghost" type="button" onClick={() => onAdd(column)} tabIndex={-1} aria-hidden="true">
                  Add the first card
                </button>
              ) : (
                <span>No cards yet</span>
              )}
            </li>
          )}
        </ul>
      </SortableContext>
      <DraftCards column={column} />
    </section>
  );
}
