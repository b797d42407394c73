/**
 * The async-review part of the board content document: comment threads on
 * cards, commitment check-ins, the activity feed, the review cadence, and
 * restoring the board to a history snapshot. Like board.ts, this module (with
 * its parts in ./review/) owns its Yjs layout; everybody else goes through
 * these typed operations and reads.
 *
 * Layout (top-level types of the content document, next to board.ts's):
 * - `comments` Y.Map<id, Y.Map>: card, thread? (the first comment's id, on
 *   replies), author?, authorId? (the writer's person id), text, mentions
 *   (string[]), at (ms); on a thread's first
 *   comment also resolved, resolvedBy?, resolvedAt (ms); `deleted` on a deleted
 *   comment (a tombstone, so a thread never loses its root under its replies).
 * - `checkins` Y.Array of plain check-in records (commitment, by, status, note,
 *   value?, indicator?, date, at ms). One array for all commitments, not one per
 *   commitment: two peers creating a commitment's array at once would make one
 *   of the arrays (and its check-ins) lose.
 * - `activity` Y.Array of plain activity entries, oldest first, capped at
 *   `ACTIVITY_CAP` (writers trim past cap + slack; the server trims periodically).
 * - `review` Y.Map: cadence (ReviewCadence).
 *
 * None of these is in the client's undo scope (`boardUndoScope`), so undo never
 * removes a comment, a check-in or a log entry. The server drops every viewer
 * write, so viewers can read all of this and write none of it. The server
 * signs a participant's or reviewer's comment with their person (`author`,
 * `authorId`) and lets only that person change its words
 * (server/sync/contentPolicy.ts); `deleteComment` keeps the same rule. Reads
 * validate everything and skip what a hostile peer wrote.
 */
export { ACTIVITY_CAP, logActivity, readActivity, trimActivity, type ReviewContext } from './review/common.ts';
export {
  addComment, deleteComment, importComments, isOwnComment, openCommentCounts, readAllThreads, readComments, readThreads, reopenThread, replyToComment, resolveThread,
} from './review/comments.ts';
export { addCheckIn, importCheckIns, readCheckIns, readReviewCadence, setReviewCadence } from './review/checkins.ts';
export { agreedWorkOf, restoreBoardTo } from './review/restoreBoard.ts';
export { restoreItem } from './review/restoreItem.ts';
export type { ActivityInput } from '../review/model.ts';
