/**
 * The async review of an open board, next to its BoardSession: comment
 * threads, commitment check-ins, the activity feed and review cadence (typed
 * operations of shared/doc/review.ts on the session's content document), the
 * version history over HTTP (restored as one undoable change), and "since your
 * last visit" for this browser. Components use it through client/sync/reviewHooks.ts
 * and never see Yjs.
 */
import * as review from '../../shared/doc/review.ts';
import { LOCAL_ORIGIN, setNextReview } from '../../shared/doc/index.ts';
import { isOwnerName, mentionsOf, parseMentions } from '../../shared/review/mentions.ts';
import type { ActivityEntry, CheckIn, CommentThread, NewCheckIn, ReviewCadence } from '../../shared/review/model.ts';
import type { BoardJson } from '../../shared/schema.ts';
import type { RestorableItem } from '../../shared/review/restoreItem.ts';
import { fetchSnapshotBoard, listSnapshots, saveSnapshot, SnapshotTooSoonError, type SnapshotInfo } from '../api/history.ts';
import {
  cardMarkOf, commentCards, commentOfMark, marksOfCard, parseVisitRecord, serializeVisitRecord, startVisitMarks, type CardMark,
} from './visit.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';

export type { ActivityEntry, CheckIn, CommentThread, ReviewCadence } from '../../shared/review/model.ts';
export type { SnapshotInfo } from '../api/history.ts';

/** This browser's "since your last visit" state of the board. */
export interface VisitState {
  /** waiting: the board is not in sync yet; first: this browser never viewed it before. */
  status: 'waiting' | 'first' | 'ready';
  /** When this browser last viewed it before this visit (ms epoch). */
  since?: number;
  /** Unseen marks (see client/sync/visit.ts). */
  marks: ReadonlySet<string>;
}

const visitKey = (boardId: string) => `vcp.visit.${boardId}`;
/** While the page is open, the visit's end time is kept this fresh in storage. */
const VISIT_TICK_MS = 30_000;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class ReviewSession {
  /** Threads, comment counts, check-ins or the cadence changed. */
  readonly changed = createSignal();
  /** The document changed: the activity feed may have grown. */
  readonly activityChanged = createSignal();
  readonly visitChanged = createSignal();
  private threads: CommentThread[] = [];
  private counts = new Map<string, number>();
  private commentCard = new Map<string, string>();
  private checkIns: CheckIn[] = [];
  private cadence: ReviewCadence | undefined;
  private activity: ActivityEntry[] = [];
  private activityDirty = true;
  private scheduled = false;
  private visit: VisitState = { status: 'waiting', marks: new Set() };
  private visitStart = 0;
  private retained = 0;
  /** The comments this visit has already accounted for (undefined until the visit starts). */
  private knownComments: Set<string> | undefined;
  private releaseVisit: (() => void) | null = null;

  constructor(readonly board: BoardSession) {
    this.refresh();
    board.boardChanged.subscribe(() => this.schedule());
    board.connection.changed.subscribe(() => this.maybeStartVisit());
    this.maybeStartVisit();
  }

  // ------------------------------------------------------------ reads (stable while unchanged)

  getThreads = (): CommentThread[] => this.threads;
  /** Open (unresolved) comments per card. */
  getCommentCounts = (): ReadonlyMap<string, number> => this.counts;
  getCheckIns = (): CheckIn[] => this.checkIns;
  getCadence = (): ReviewCadence | undefined => this.cadence;
  getVisit = (): VisitState => this.visit;

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

  cardMark(cardId: string): CardMark | null {
    return this.visit.marks.size === 0 ? null : cardMarkOf(this.visit.marks, cardId, this.commentCard);
  }

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
    if (this.canWrite) review.resolveThread(this.board.contentDoc, threadId, this.me, this.context());
  }

  reopen(threadId: string): void {
    if (this.canWrite) review.reopenThread(this.board.contentDoc, threadId, this.me, this.context());
  }

  /** Deletes one's own comment (the facilitator may delete any). */
  deleteComment(commentId: string): void {
    if (!this.canWrite) return;
    review.deleteComment(this.board.contentDoc, commentId, this.me, { ...this.context(), moderator: this.board.role === 'facilitator' });
  }

  /** Whether this person may delete a comment. */
  mayDelete(author: string | undefined): boolean {
    return this.canWrite && (this.board.role === 'facilitator' || (author !== undefined && author === this.me));
  }

  // ------------------------------------------------------------ check-ins and the review cadence

  /** Records a check-in on a commitment (see mayCheckIn). Throws on invalid input. */
  checkIn(commitmentId: string, input: Omit<NewCheckIn, 'by'>): string | undefined {
    const commitment = this.board.getBoard().commitments.find((c) => c.id === commitmentId);
    if (!commitment || !this.mayCheckIn(commitment)) return undefined;
    return review.addCheckIn(this.board.contentDoc, commitmentId, { ...input, by: this.me }, this.context());
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

  // ------------------------------------------------------------ version history

  listSnapshots(): Promise<SnapshotInfo[]> {
    return this.board.withSecret((secret) => listSnapshots(this.board.boardId, secret));
  }

  /** Participant or facilitator: saves a version now. */
  saveSnapshot(label?: string): Promise<SnapshotInfo> {
    return this.board.withSecret((secret) => saveSnapshot(this.board.boardId, secret, label));
  }

  snapshotBoard(snapshotId: string): Promise<BoardJson> {
    return this.board.withSecret((secret) => fetchSnapshotBoard(this.board.boardId, secret, snapshotId));
  }

  /**
   * Facilitator: makes the board equal to a snapshot. First saves the current
   * board as a "Before restore" version (history is never lost), then applies
   * the snapshot as one change on this person's undo stack, so the ordinary
   * Undo takes it back. Returns whether anything changed.
   */
  async restore(snapshot: SnapshotInfo, board: BoardJson, description: string): Promise<boolean> {
    if (!this.board.canEdit || this.board.role !== 'facilitator') return false;
    try {
      await this.saveSnapshot('Before restore');
    } catch (error) {
      if (!(error instanceof SnapshotTooSoonError)) throw error;
      // A version was saved moments ago (likely this very state): wait that out once.
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs, 10_000)));
      await this.saveSnapshot('Before restore');
    }
    return this.board.asUndoStep(() =>
      review.restoreBoardTo(this.board.contentDoc, board, LOCAL_ORIGIN, { ...this.context(), who: this.me, snapshot: snapshot.id, label: description }),
    );
  }

  /**
   * Restores one removed card, link (anyone who edits) or commitment
   * (facilitator) from a version, leaving every later change in place, as one
   * step on this person's undo stack. Returns what could not come back with it;
   * throws with the reason if it cannot be restored.
   */
  restoreItem(snapshot: SnapshotInfo, board: BoardJson, item: RestorableItem): string[] {
    if (!this.board.canEdit) throw new Error('You are viewing read only.');
    if (item.kind === 'commitment' && this.board.role !== 'facilitator') throw new Error('Only the facilitator restores commitments (with their consent record).');
    const plan = this.board.asUndoStep(() =>
      review.restoreItem(this.board.contentDoc, board, item, LOCAL_ORIGIN, { ...this.context(), who: this.me, snapshot: snapshot.id }),
    );
    return plan.left;
  }

  // ------------------------------------------------------------ since your last visit

  /**
   * Keeps this browser's visit record current while something shows the
   * board; the returned function releases it (the last release ends the visit).
   */
  retain(): () => void {
    this.retained++;
    if (this.retained === 1) {
      const onHide = () => this.saveVisit();
      const tick = setInterval(onHide, VISIT_TICK_MS);
      window.addEventListener('pagehide', onHide);
      this.releaseVisit = () => {
        clearInterval(tick);
        window.removeEventListener('pagehide', onHide);
        this.saveVisit();
      };
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.retained--;
      if (this.retained === 0) {
        this.releaseVisit?.();
        this.releaseVisit = null;
      }
    };
  }

  /** Opening a card clears its marks and those of its comments. */
  markCardSeen(cardId: string): void {
    this.unmark(marksOfCard(this.visit.marks, cardId, this.commentCard));
  }

  markCommitmentSeen(commitmentId: string): void {
    this.unmark([`commitment:${commitmentId}`]);
  }

  markAllSeen(): void {
    if (this.visit.status === 'waiting') return;
    this.visit = { ...this.visit, marks: new Set() };
    this.saveVisit();
    this.visitChanged.emit();
  }

  /** The comment ids on a card that are marked new (taken when its comments are shown). */
  newCommentsOn(cardId: string): Set<string> {
    const out = new Set<string>();
    for (const key of this.visit.marks) {
      const comment = commentOfMark(key);
      if (comment !== undefined && this.commentCard.get(comment) === cardId) out.add(comment);
    }
    return out;
  }

  // ------------------------------------------------------------ internals

  private context(): review.ReviewContext {
    return { anonymous: this.board.anonymous };
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
      this.markLiveMentions();
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

  /** Takes the visit's marks once the board is in sync (or, offline, loaded from this browser). */
  private maybeStartVisit(): void {
    if (this.visit.status !== 'waiting') return;
    const state = this.board.connection.getState();
    if (!state.synced && !(state.status === 'offline' && state.storedLocally)) return;
    this.refresh();
    const store = storage();
    const record = parseVisitRecord(store?.getItem(visitKey(this.board.boardId)) ?? null);
    const board = this.board.getBoard();
    const marks = startVisitMarks(record, {
      board, comments: review.readComments(this.board.contentDoc), checkIns: this.checkIns, activity: this.getActivity(), me: this.me,
    });
    this.visitStart = Date.now();
    this.visit = record ? { status: 'ready', since: record.lastViewed, marks } : { status: 'first', marks };
    this.knownComments = new Set(this.threads.flatMap((t) => [t.root, ...t.replies]).map((c) => c.id));
    this.saveVisit(this.visitStart);
    this.visitChanged.emit();
  }

  /**
   * A comment that @mentions this person while the page is open is marked at
   * once (other news is seen live): it is addressed to them, and the count on
   * the Review button is how they notice it.
   */
  private markLiveMentions(): void {
    const all = this.threads.flatMap((t) => [t.root, ...t.replies]);
    const known = this.knownComments;
    this.knownComments = new Set(all.map((c) => c.id));
    if (this.visit.status === 'waiting' || !known) return;
    const me = this.me;
    const mentions = all.filter((c) => !known.has(c.id) && !c.deleted && c.author !== me && mentionsOf(c.mentions, me)).map((c) => `mention:${c.id}`);
    if (mentions.length === 0) return;
    this.visit = { ...this.visit, marks: new Set([...this.visit.marks, ...mentions]) };
    this.saveVisit();
    queueMicrotask(() => this.visitChanged.emit());
  }

  private unmark(keys: readonly string[]): void {
    const present = keys.filter((k) => this.visit.marks.has(k));
    if (present.length === 0) return;
    const marks = new Set(this.visit.marks);
    for (const k of present) marks.delete(k);
    this.visit = { ...this.visit, marks };
    this.saveVisit();
    this.visitChanged.emit();
  }

  private saveVisit(at = Date.now()): void {
    if (this.visit.status === 'waiting') return;
    try {
      storage()?.setItem(visitKey(this.board.boardId), serializeVisitRecord({ lastViewed: Math.max(at, this.visitStart), pending: [...this.visit.marks] }));
    } catch {
      // Full or refused storage: marks just do not carry over.
    }
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
