import { useState } from 'react';
import type { CardComment, CommentThread } from '../../shared/review/model.ts';
import { ui } from '../state/ui.ts';
import { CommentComposer } from './CommentComposer.tsx';
import { relativeTime, timeLabel } from '../derive/format.ts';
import { useMayDelete, useReview } from '../sync/reviewHooks.ts';
import { commentSegments } from './mentionText.ts';
import './CommentThreadView.css';

interface ThreadProps {
  thread: CommentThread;
  names: readonly string[];
  /** Comment ids that are new since this browser's last visit. */
  fresh: ReadonlySet<string>;
}

/** One comment thread: its first comment, the replies, reply / resolve / reopen for those who edit. */
export function CommentThreadView({ thread, names, fresh }: ThreadProps) {
  const review = useReview();
  const [replying, setReplying] = useState(false);
  const act = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      ui.notify(e instanceof Error ? e.message : 'That did not work.');
    }
  };
  const author = thread.root.deleted ? 'Deleted comment' : (thread.root.author ?? 'Anonymous');
  return (
    <li className="comment-thread" data-resolved={thread.resolved || undefined}>
      <article aria-label={`Comment thread started by ${author}${thread.resolved ? ', resolved' : ''}`}>
        <CommentView comment={thread.root} fresh={fresh.has(thread.root.id)} />
        {thread.replies.length > 0 && (
          <ol className="comment-replies" aria-label="Replies">
            {thread.replies.map((reply) => (
              <li key={reply.id}>
                <CommentView comment={reply} fresh={fresh.has(reply.id)} />
              </li>
            ))}
          </ol>
        )}
        {thread.resolved && (
          <p className="thread-resolved">
            Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy}` : ''}
            {thread.resolvedAt ? `, ${relativeTime(thread.resolvedAt)}` : ''}
          </p>
        )}
        {review.canWrite && !replying && (
          <div className="thread-actions">
            {!thread.resolved && (
              <button className="button small" type="button" onClick={() => setReplying(true)}>
                Reply
              </button>
            )}
            {thread.resolved ? (
              <button className="button small" type="button" onClick={() => act(() => review.reopen(thread.id))}>
                Reopen
              </button>
            ) : (
              <button className="button small" type="button" onClick={() => act(() => review.resolve(thread.id))}>
                Resolve
              </button>
            )}
          </div>
        )}
        {review.canWrite && replying && (
          <CommentComposer
            label="Reply"
            submitLabel="Reply"
            names={names}
            autoFocus
            keepAs={`vcp.reply.${review.board.boardId}.${thread.id}`}
            onSubmit={(text) => {
              review.reply(thread.id, text, names);
              setReplying(false);
            }}
            onCancel={() => setReplying(false)}
          />
        )}
      </article>
    </li>
  );
}

function CommentView({ comment, fresh }: { comment: CardComment; fresh: boolean }) {
  const review = useReview();
  const mayDelete = useMayDelete(comment);
  if (comment.deleted) return <p className="comment-deleted">This comment was deleted.</p>;
  const author = comment.author ?? 'Anonymous';
  return (
    <div className="comment" data-fresh={fresh || undefined}>
      <p className="comment-meta">
        <strong>{author}</strong>
        <time dateTime={comment.at} title={timeLabel(comment.at)}>
          {relativeTime(comment.at)}
        </time>
        {fresh && <span className="pill visit-mark" data-tone="violet">New</span>}
        {mayDelete && (
          <button
            className="link-button comment-delete"
            type="button"
            aria-label={`Delete comment by ${author}`}
            onClick={() => {
              try {
                review.deleteComment(comment.id);
              } catch (e) {
                ui.notify(e instanceof Error ? e.message : 'The comment could not be deleted.');
              }
            }}
          >
            Delete
          </button>
        )}
      </p>
      <p className="comment-text">
        {commentSegments(comment.text, comment.mentions).map((s, i) =>
          s.kind === 'mention' ? (
            <mark key={i} className="mention">
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
      </p>
    </div>
  );
}
