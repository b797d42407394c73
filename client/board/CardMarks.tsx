import { ui } from '../state/ui.ts';
import { useCardMark, useCommentCount } from '../sync/reviewHooks.ts';
import { ReviewIcon } from '../ui/ReviewIcon.tsx';
import './CardMarks.css';

const MARK_WORDS = { new: 'New', changed: 'Changed', comment: 'New comment' } as const;
const MARK_TONES = { new: 'success', changed: 'accent', comment: 'violet' } as const;

/** "New" / "Changed" / "New comment" on a card this browser has not seen since its last visit. */
export function CardNewMark({ cardId }: { cardId: string }) {
  const mark = useCardMark(cardId);
  if (!mark) return null;
  return (
    <span className="pill visit-mark" data-tone={MARK_TONES[mark]} title="Since your last visit">
      {MARK_WORDS[mark]}
      <span className="visually-hidden"> since your last visit</span>
    </span>
  );
}

/** The number of open comments on a card; opens its comments. */
export function CardCommentCount({ cardId, label }: { cardId: string; label: string }) {
  const count = useCommentCount(cardId);
  if (count === 0) return null;
  return (
    <button
      className="chip-button comment-count"
      type="button"
      aria-label={`${count} open ${count === 1 ? 'comment' : 'comments'} on card: ${label}`}
      title="Open comments"
      onClick={(event) => {
        event.stopPropagation();
        ui.openComments(cardId);
      }}
    >
      <ReviewIcon name="comment" size={14} />
      <span>{count}</span>
    </button>
  );
}
