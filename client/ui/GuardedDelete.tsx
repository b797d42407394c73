import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Card } from '../../shared/model.ts';
import { useCardPresence, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { excerpt } from '../../shared/text.ts';
import './GuardedDelete.css';

/** How long the in-place explanation stays on screen (the button keeps it as its description). */
const EXPLAIN_MS = 10_000;

interface GuardedDeleteProps {
  /** Accessible name ("Delete card: …"). */
  label: string;
  /** Why it is protected ("carries the agreed commitment “X”"), or null. */
  protection: string | null | undefined;
  what: 'card' | 'link';
  /** Deletes an unprotected card or link (anyone who edits). */
  onDelete: () => void;
  /** Facilitator: asks to remove a protected one (confirmation with a reason). */
  onRemove: () => void;
  className: string;
  title?: string;
  /** Who else is typing in it now: the first click asks, the second deletes. */
  inUseBy?: string;
  children: ReactNode;
}

/**
 * A delete control that never silently removes what the room decided. For a
 * protected card or link a participant's click deletes nothing: the button
 * stays focusable (aria-disabled, so it can still say why), describes its
 * protection, and a click shows the reason in place. The facilitator's click
 * asks for a confirmation with a reason instead (RemovalDialog).
 */
export function GuardedDelete({ label, protection, what, onDelete, onRemove, className, title, inUseBy, children }: GuardedDeleteProps) {
  const session = useSession();
  const id = useId();
  const [explained, setExplained] = useState(false);
  const facilitator = session.role === 'facilitator';
  useEffect(() => {
    if (!explained) return;
    const timer = setTimeout(() => setExplained(false), EXPLAIN_MS);
    return () => clearTimeout(timer);
  }, [explained]);
  if (!session.canEdit) return null;
  if (!protection) {
    const asking = explained && !!inUseBy;
    return (
      <>
        <button
          className={className}
          type="button"
          aria-label={asking ? `Delete anyway: ${label.replace(/^Delete card: /, '')}` : label}
          title={title}
          onClick={(e) => {
            e.stopPropagation();
            // Someone is typing in it: their words would go mid-sentence (they are told, and may add them again).
            if (inUseBy && !explained) setExplained(true);
            else {
              setExplained(false);
              onDelete();
            }
          }}
        >
          {children}
        </button>
        {inUseBy && (
          <p className="protect-note" role="status">
            {asking ? `${inUseBy} is typing in this card. Click again to delete it anyway.` : ''}
          </p>
        )}
      </>
    );
  }
  const subject = what === 'card' ? 'this card' : 'this link';
  const why = facilitator
    ? `Protected: ${subject} ${protection}. Deleting it asks for a reason, kept in the decision log.`
    : `Protected: ${subject} ${protection}. Only the facilitator can remove it.`;
  return (
    <>
      <button
        className={className}
        type="button"
        aria-label={label}
        aria-describedby={`${id}-why`}
        aria-disabled={facilitator ? undefined : true}
        data-protected
        title={why}
        onClick={(e) => {
          e.stopPropagation();
          if (facilitator) onRemove();
          else setExplained(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && explained) {
            e.stopPropagation();
            setExplained(false);
          }
        }}
      >
        {children}
      </button>
      <span id={`${id}-why`} className="visually-hidden">
        {why}
      </span>
      {!facilitator && (
        <p className="protect-note" role="status">
          {explained ? `Can’t delete: ${subject} ${protection}. Only the facilitator can remove it.` : ''}
        </p>
      )}
    </>
  );
}

/** The delete control of a card: deletes (with Undo), or guards a protected card (and, from a participant, a parked or rejected one). */
export function DeleteCardButton({ card, protection, className, children, onDeleted }: {
  card: Card;
  protection: string | null | undefined;
  className: string;
  children: ReactNode;
  /** After an ordinary delete (e.g. closing the panel that showed the card). */
  onDeleted?: () => void;
}) {
  const session = useSession();
  const label = excerpt(card.text, 60, { empty: 'Empty card' });
  const typists = useCardPresence().filter((p) => p.editing === card.id).map((p) => p.user.name);
  // Parking and rejecting are the facilitator's calls: a participant does not delete what they set aside (the server refuses it too).
  const curated = card.status !== 'active' && session.role !== 'facilitator' ? `was ${card.status} by the facilitator` : null;
  return (
    <GuardedDelete
      label={`Delete card: ${label}`}
      protection={protection ?? curated}
      what="card"
      className={className}
      title={protection ?? curated ? undefined : 'Delete card'}
      {...(typists.length > 0 ? { inUseBy: typists.join(' and ') } : {})}
      onDelete={() => {
        onDeleted?.();
        session.edits.deleteCard(card.id);
        ui.notify(`Card deleted: ${label}`, true);
      }}
      onRemove={() => ui.requestRemoval({ card: card.id })}
    >
      {children}
    </GuardedDelete>
  );
}
