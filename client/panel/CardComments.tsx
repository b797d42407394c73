import { useEffect, useRef, useState } from 'react';
import { ui, useUi } from '../state/ui.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentThreadView } from './CommentThreadView.tsx';
import { useCardThreads, useMentionNames, useReview } from '../sync/reviewHooks.ts';
import './CardComments.css';

/**
 * The comment threads of a card, in its side panel: everyone reads them;
 * participants and the facilitator comment, reply, resolve and reopen.
 * Opening the card counts as seeing its news ("since your last visit").
 */
export function CardComments({ cardId }: { cardId: string }) {
  const review = useReview();
  const threads = useCardThreads(cardId);
  const names = useMentionNames();
  const requested = useUi((s) => s.commentsRequested);
  const heading = useRef<HTMLHeadingElement>(null);
  const [showResolved, setShowResolved] = useState(false);
  // What was new when the card was opened stays marked while it is open.
  const [fresh] = useState(() => review.visits.newCommentsOn(cardId));

  useEffect(() => review.visits.markCardSeen(cardId), [review, cardId, threads]);
  useEffect(() => {
    if (!requested) return;
    ui.commentsShown();
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [requested]);

  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.filter((t) => t.resolved);
  return (
    <section className="card-comments" aria-labelledby={`comments-${cardId}`}>
      <h3 id={`comments-${cardId}`} ref={heading} tabIndex={-1}>
        Comments {open.length > 0 && <span className="count-badge">{open.length}</span>}
      </h3>
      {threads.length === 0 && <p className="hint">No comments yet.</p>}
      {open.length > 0 && (
        <ol className="thread-list" aria-label="Open comment threads">
          {open.map((t) => (
            <CommentThreadView key={t.id} thread={t} names={names} fresh={fresh} />
          ))}
        </ol>
      )}
      {resolved.length > 0 && (
        <>
          <button className="link-button" type="button" aria-expanded={showResolved} onClick={() => setShowResolved(!showResolved)}>
            {showResolved ? 'Hide' : 'Show'} {resolved.length} resolved {resolved.length === 1 ? 'thread' : 'threads'}
          </button>
          {showResolved && (
            <ol className="thread-list" aria-label="Resolved comment threads">
              {resolved.map((t) => (
                <CommentThreadView key={t.id} thread={t} names={names} fresh={fresh} />
              ))}
            </ol>
          )}
        </>
      )}
      {review.canWrite ? (
        <CommentComposer label="Add a comment" submitLabel="Comment" names={names} keepAs={`vcp.comment.${review.board.boardId}.${cardId}`} onSubmit={(text) => review.comment(cardId, text, names)} />
      ) : (
        <p className="hint">You are viewing read only: you can read comments but not write them.</p>
      )}
    </section>
  );
}
