import { memo } from 'react';
import { useDraggable, type DraggableAttributes, type DraggableSyntheticListeners } from '@dnd-kit/core';
import { COLUMN_FIELDS, type Card } from '../../shared/model.ts';
import { cardSummary } from '../derive/cardSummary.ts';
import { FIELD_SPECS } from '../derive/fieldSpecs.ts';
import { useSession } from '../sync/hooks.ts';
import { useInGroup, useSpotlit } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { DeleteCardButton } from '../ui/GuardedDelete.tsx';
import { Icon } from '../ui/Icon.tsx';
import { columnTitle } from '../derive/board.ts';
import { CardText } from '../ui/CardText.tsx';
import { LinkHandle } from './LinkHandle.tsx';
import { TraceBadge, type TraceBadgeKind } from '../ui/TraceBadge.tsx';
import type { BadgeTone } from '../derive/traceBadges.ts';
import { CardCommentCount, CardNewMark } from './CardMarks.tsx';
import { CardFacilitation } from './CardFacilitation.tsx';
import { CommitmentChip } from './CommitmentChip.tsx';
import { CardStatusTag } from '../ui/CardStatusTag.tsx';
import { PortfolioMark, type CardOrigin } from '../ui/PortfolioMark.tsx';
import './CardView.css';
import { excerpt } from '../../shared/text.ts';

export interface CardViewState {
  selected: boolean;
  /** Something else is selected and this card is not on its golden thread. */
  dimmed: boolean;
  inThread: boolean;
  badge: TraceBadgeKind | null;
  /** How the badge shows in the current phase (neutral while it can still be fixed in this phase). */
  badgeTone: BadgeTone | null;
  /** Other people with this card's text focused. */
  editors: { name: string; color: string }[];
  /** Someone else is dragging this card right now. */
  draggedBy: string | null;
  linkCount: number;
  /** Why the card is protected from a single click ("carries the agreed commitment “X”"), or null. */
  protection: string | null;
  /** Why its text and fields are read only for this person (agreed content; null for the facilitator, who may amend). */
  agreed: string | null;
  /** The edge of the card its links leave from (where its link handle sits). */
  linkSide: 'left' | 'right';
  /** While a link is drawn: the card it starts from, one it can link to, or the one chosen. */
  linkRole: 'source' | 'candidate' | 'target' | null;
  /** Mirrored from the board's portfolio (read only here), or the board's own goal or segment in a portfolio. */
  origin: CardOrigin;
}

interface CardViewProps {
  card: Card;
  state: CardViewState;
  canEdit: boolean;
}

/**
 * A card on the board: a draggable by its handle (not a drop target: the
 * column lists are). It stays in place during a drag, faded, while the drag
 * preview follows the pointer; the wrapper re-renders when a drag starts, ends
 * or changes column, and the body below only when the card, its state or the
 * handle change.
 */
export const CardView = memo(function CardView({ card, state, canEdit }: CardViewProps) {
  // A goal or segment from the portfolio is read only here (the server refuses any change): it is linked to, not moved.
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: card.id, disabled: !canEdit || !!card.portfolio });
  const editorColor = state.editors[0]?.color;
  // Marked on the card itself, not found by the style sheet (`:has()`): a style rule that looks
  // into the card is checked again on every key typed into it.
  const spotlit = useSpotlit('card', card.id);
  const grouped = useInGroup(card.id);

  return (
    <li
      ref={setNodeRef}
      style={editorColor ? { ['--editor-color' as string]: editorColor } : undefined}
      className="card"
      data-card-id={card.id}
      data-column={card.column}
      data-status={card.status}
      data-selected={state.selected || undefined}
      data-dimmed={state.dimmed || undefined}
      data-in-thread={state.inThread || undefined}
      data-dragging={isDragging || undefined}
      data-remote-drag={state.draggedBy ? true : undefined}
      data-edited={state.editors.length > 0 || undefined}
      data-link-side={state.linkSide}
      data-link-role={state.linkRole ?? undefined}
      data-origin={state.origin ?? undefined}
      data-spotlit={spotlit || undefined}
      data-grouped={grouped || undefined}
      data-badge={state.badge ?? undefined}
      aria-label={`${columnTitle(card.column)} card: ${excerpt(card.text, 60, { empty: 'Empty card' })}`}
      onFocus={() => ui.select(card.id)}
      onClick={() => ui.select(card.id)}
    >
      <CardBody card={card} state={state} canEdit={canEdit} handle={{ attributes, listeners, setActivatorNodeRef }} />
    </li>
  );
}, sameCardView);

interface DragHandle {
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  setActivatorNodeRef: (element: HTMLElement | null) => void;
}

const CardBody = memo(
  function CardBody({ card, state, canEdit, handle }: CardViewProps & { handle: DragHandle }) {
    const session = useSession();
    const label = excerpt(card.text, 60, { empty: 'Empty card' });
    const editorColor = state.editors[0]?.color;
    const summary = cardSummary(card);
    const hasFields = COLUMN_FIELDS[card.column].length > 0;
    // Its own cards are the board's to edit; a mirrored one only takes links (they are the board's).
    const editable = canEdit && !card.portfolio;
    return (
      <>
        <div className="card-top">
          {editable && (
            <button ref={handle.setActivatorNodeRef} className="drag-handle" type="button" {...handle.attributes} {...handle.listeners} aria-label={`Move card: ${label}`}>
              <Icon name="grip" size={16} />
            </button>
          )}
          <PortfolioMark origin={state.origin} />
          <CardStatusTag status={card.status} />
          {state.badge && <TraceBadge kind={state.badge} tone={state.badgeTone ?? 'warning'} onOpen={() => ui.openPanel(card.id, 'links')} />}
          <CardNewMark cardId={card.id} />
          {card.column === 'initiative' && <CommitmentChip cardId={card.id} />}
          {state.editors.length > 0 && (
            <span className="editing-by" style={{ color: editorColor }}>
              {state.editors.map((e) => e.name).join(', ')} editing
            </span>
          )}
          {state.draggedBy && <span className="editing-by">{state.draggedBy} is moving this</span>}
        </div>
        {canEdit && <LinkHandle card={card} side={state.linkSide} />}
        <CardText cardId={card.id} text={card.text} readOnly={!editable} column={card.column} agreed={editable ? state.agreed : null} />
        {summary && <p className="card-summary">{summary}</p>}
        <CardFacilitation card={card} />
        <div className="card-actions">
          <span className="card-chips">
            {/* The column's fields (metric, baseline, target, type, confidence, evidence…) have their own entry, named as such. */}
            <button className="chip-button" type="button" data-card-home aria-label={`Details of card: ${label}`} title={detailsTitle(card)} onClick={() => ui.openPanel(card.id, hasFields ? 'fields' : null)}>
              <Icon name="details" size={14} />
              <span>Details</span>
            </button>
            {state.linkCount > 0 && (
              <button className="chip-button" type="button" aria-label={`${linkWord(state.linkCount)} of card: ${label}`} onClick={() => ui.openPanel(card.id, 'links')}>
                <Icon name="link" size={14} />
                <span>{linkWord(state.linkCount)}</span>
              </button>
            )}
            <CardCommentCount cardId={card.id} label={label} />
          </span>
          {editable && (
            <DeleteCardButton card={card} protection={state.protection} className="icon-button subtle card-delete">
              <Icon name={state.protection && session.role !== 'facilitator' ? 'lock' : 'trash'} size={16} />
            </DeleteCardButton>
          )}
        </div>
      </>
    );
  },
  (a, b) =>
    sameCardView(a, b) &&
    a.handle.attributes === b.handle.attributes &&
    a.handle.listeners === b.handle.listeners &&
    a.handle.setActivatorNodeRef === b.handle.setActivatorNodeRef,
);

const linkWord = (count: number) => `${count} ${count === 1 ? 'link' : 'links'}`;

/** What the Details entry holds, named field by field (its tooltip). */
function detailsTitle(card: Card): string {
  const names = COLUMN_FIELDS[card.column].map((name) => FIELD_SPECS[name].label.toLowerCase());
  return names.length ? `Text, ${names.join(', ')}, links and comments` : 'Text, links and comments';
}

function sameCardView(a: CardViewProps, b: CardViewProps): boolean {
  const sa = a.state;
  const sb = b.state;
  return (
    a.card === b.card &&
    a.canEdit === b.canEdit &&
    sa.selected === sb.selected &&
    sa.dimmed === sb.dimmed &&
    sa.inThread === sb.inThread &&
    sa.badge === sb.badge &&
    sa.badgeTone === sb.badgeTone &&
    sa.draggedBy === sb.draggedBy &&
    sa.linkCount === sb.linkCount &&
    sa.protection === sb.protection &&
    sa.agreed === sb.agreed &&
    sa.linkSide === sb.linkSide &&
    sa.linkRole === sb.linkRole &&
    sa.origin === sb.origin &&
    sa.editors.map((e) => e.name + e.color).join() === sb.editors.map((e) => e.name + e.color).join()
  );
}
