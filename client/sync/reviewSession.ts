/**
 * The async review of an open board, next to its BoardSession: comment
 * threads, commitment check-ins, the activity feed and review cadence (typed
 * operations of shared/doc/review.ts on the session's content document), with
 * "since your last visit" for this browser as `visits` (visitTracker.ts); the
 * version history is versionHistory.ts, loaded with the review page.
 * Components use it through client/sync/reviewHooks.ts and never see Yjs.
 */
import * as review from '../../shared/doc/review.ts';
import { LOCAL_ORIGIN, setNextReview } from '../../shared/doc/index.ts';
import { isOwnerName, parseMentions } from '../../shared/review/mentions.ts';
import type { ActivityEntry, CheckIn, CommentThread, NewCheckIn, ReviewCadence } from '../../shared/review/model.ts';
import { commentCards } from './visit.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import { VisitTracker } from './visitTracker.ts';

export type { ActivityEntry, CheckIn, CommentThread, ReviewCadence } from '../../shared/review/model.ts';
export type { SnapshotInfo } from '../api/history.ts';
export type { VisitState } from './visitTracker.ts';

export class ReviewSession {
  /** Threads, comment counts, check-ins or the cadence changed. */
  readonly changed = createSignal();
  /** The document changed: the activity feed may have grown. */
  readonly activityChanged = createSignal();
  /** "Since your last visit": the marks of what others changed. */
  readonly visits: VisitTracker;
  private threads: CommentThread[] = [];
  private counts = new Map<string, number>();
  private commentCard = new Map<string, string>();
  private checkIns: CheckIn[] = [];
  private cadence: ReviewCadence | undefined;
  private activity: ActivityEntry[] = [];
  private activityDirty = true;
  private scheduled = false;

  constructor(readonly board: BoardSession) {
    this.visits = new VisitTracker({
      board,
      me: () => this.me,
      refresh: () => this.refresh(),
      getThreads: this.getThreads,
      commentCards: () => this.commentCard,
      getCheckIns: this.getCheckIns,
      getActivity: this.getActivity,
    });
    this.refresh();
    board.boardChanged.subscribe(() => this.schedule());
    this.visits.maybeStart();
  }

  // ------------------------------------------------------------ reads (stable while unchanged)

  getThreads = (): CommentThread[] => this.threads;
  /** Open (unresolved) comments per card. */
  getCommentCounts = (): ReadonlyMap<string, number> => this.counts;
  getCheckIns = (): CheckIn[] => this.checkIns;
  getCadence = (): ReviewCadence | undefined => this.cadence;

  /** The activity feed, oldest first; read lazily (only pages that show it pay for it). */
  getActivity = (): ActivityEntry[] => {
    if (this.activityDirty) {
      const next = review.readActivity(this.board.contentDoc);
      const same = next.length === this.activity.length && next.every((e, i) => e.id === this.activity[i]!.id);
      if (!same) this.activity = next;
      this.activityDirty = false;
    }
    return this.activity;
  };

  /** The display name this person writes under. */
  get me(): string {
    return this.board.presence.getLocal().user.name;
  }

  /** Whether this person may comment, reply, resolve and @mention (everyone but a viewer; a reviewer too). */
  get canWrite(): boolean {
    return this.board.role !== 'viewer';
  }

  /** Whether this person may save a version of the board (those who edit it). */
  get canSaveVersions(): boolean {
    return this.board.canEdit;
  }

  /**
   * Whether this person may check in on a commitment: anyone who edits the
   * board, and a reviewer on the commitments they own (by display name).
   */
  mayCheckIn(commitment: { owner?: string }): boolean {
    if (this.board.role === 'reviewer') return isOwnerName(commitment.owner, this.me);
    return this.board.canEdit;
  }

  // ------------------------------------------------------------ comments (participants, reviewers and facilitator)

  /** Starts a thread on a card; `names` are the people who can be @mentioned. Throws on invalid input. */
  comment(cardId: string, text: string, names: readonly string[]): string | undefined {
    if (!this.canWrite) return undefined;
    return review.addComment(this.board.contentDoc, cardId, { author: this.me, text, mentions: parseMentions(text, names) }, this.context());
  }

  reply(commentId: string, text: string, names: readonly string[]): string | undefined {
    if (!this.canWrite) return undefined;
    return review.replyToComment(this.board.contentDoc, commentId, { author: this.me, text, mentions: parseMentions(text, names) }, this.context());
  }

  resolve(threadId: string): void {
    if (this.canWrite) this.board.asThemselves(() => review.resolveThread(this.board.contentDoc, threadId, this.me, this.context()));
  }

  reopen(threadId: string): void {
    if (this.canWrite) this.board.asThemselves(() => review.reopenThread(this.board.contentDoc, threadId, this.me, this.context()));
  }

  /** Deletes one's own comment (the facilitator may delete any). */
  deleteComment(commentId: string): void {
    if (!this.canWrite) return;
    this.board.asThemselves(() => review.deleteComment(this.board.contentDoc, commentId, this.me, { ...this.context(), moderator: this.board.role === 'facilitator' }));
  }

  /** Whether this person may delete a comment: their own (by person id: names are not unique), or any for the facilitator. */
  mayDelete(comment: Pick<CommentThread['root'], 'authorId'>): boolean {
    return this.canWrite && (this.board.role === 'facilitator' || review.isOwnComment(comment, this.board.personId));
  }

  // ------------------------------------------------------------ check-ins and the review cadence

  /** Records a check-in on a commitment (see mayCheckIn). Throws on invalid input. */
  checkIn(commitmentId: string, input: Omit<NewCheckIn, 'by'>): string | undefined {
    const commitment = this.board.getBoard().commitments.find((c) => c.id === commitmentId);
    if (!commitment || !this.mayCheckIn(commitment)) return undefined;
    return this.board.asThemselves(() => review.addCheckIn(this.board.contentDoc, commitmentId, { ...input, by: this.me }, this.context()));
  }

  /** Facilitator: the next review date (ISO date; null clears it) and how often reviews recur. */
  setSchedule(nextReview: string | null, cadence: ReviewCadence | null): void {
    if (!this.board.canEdit || this.board.role !== 'facilitator') return;
    const doc = this.board.contentDoc;
    doc.transact(() => {
      setNextReview(doc, nextReview);
      review.setReviewCadence(doc, cadence);
    }, LOCAL_ORIGIN);
  }

  // ------------------------------------------------------------ internals

  private context(): review.ReviewContext {
    const personId = this.board.personId;
    return personId ? { anonymous: this.board.anonymous, personId } : { anonymous: this.board.anonymous };
  }

  private schedule(): void {
    this.activityDirty = true;
    if (this.scheduled) return;
    this.scheduled = true;
    // Typing emits an update per keystroke: re-read once per burst, after it.
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.refresh()) this.changed.emit();
      this.activityChanged.emit();
    });
  }

  /** Re-reads the review data; returns whether any of it changed. */
  private refresh(): boolean {
    const doc = this.board.contentDoc;
    let changed = false;
    const threads = review.readAllThreads(doc);
    if (JSON.stringify(threads) !== JSON.stringify(this.threads)) {
      this.threads = threads;
      this.commentCard = commentCards(threads);
      this.counts = review.openCommentCounts(doc);
      this.visits.markLiveMentions();
      changed = true;
    }
    const checkIns = review.readCheckIns(doc);
    if (JSON.stringify(checkIns) !== JSON.stringify(this.checkIns)) {
      this.checkIns = checkIns;
      changed = true;
    }
    const cadence = review.readReviewCadence(doc);
    if (cadence !== this.cadence) {
      this.cadence = cadence;
      changed = true;
    }
    return changed;
  }
}

const sessions = new WeakMap<BoardSession, ReviewSession>();

/** The review session of a board session (one per board session, made on first use). */
export function reviewSessionOf(board: BoardSession): ReviewSession {
  let session = sessions.get(board);
  if (!session) {
    session = new ReviewSession(board);
    sessions.set(board, session);
  }
  return session;
}
