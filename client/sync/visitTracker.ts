/**
 * "Since your last visit" for this browser: the marks taken once the board is
 * in sync (see visit.ts), kept in localStorage while something shows the
 * board, cleared as things are opened; a mention of this person arriving
 * while the page is open is marked at once.
 */
import { readComments } from '../../shared/doc/review.ts';
import { mentionsOf } from '../../shared/review/mentions.ts';
import type { ActivityEntry, CheckIn, CommentThread } from '../../shared/review/model.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import { cardMarkOf, commentOfMark, marksOfCard, parseVisitRecord, serializeVisitRecord, startVisitMarks, type CardMark } from './visit.ts';

/** This browser's "since your last visit" state of the board. */
export interface VisitState {
  /** waiting: the board is not in sync yet; first: this browser never viewed it before. */
  status: 'waiting' | 'first' | 'ready';
  /** When this browser last viewed it before this visit (ms epoch). */
  since?: number;
  /** Unseen marks (see client/sync/visit.ts). */
  marks: ReadonlySet<string>;
}

/** What the visit reads of the review session. */
export interface VisitSource {
  board: BoardSession;
  /** The display name this person writes under. */
  me(): string;
  /** Re-reads the review data (before the visit takes its marks). */
  refresh(): void;
  getThreads(): CommentThread[];
  /** The card of each comment. */
  commentCards(): ReadonlyMap<string, string>;
  getCheckIns(): CheckIn[];
  getActivity(): ActivityEntry[];
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

export class VisitTracker {
  readonly changed = createSignal();
  private visit: VisitState = { status: 'waiting', marks: new Set() };
  private visitStart = 0;
  private retained = 0;
  /** The comments this visit has already accounted for (undefined until the visit starts). */
  private knownComments: Set<string> | undefined;
  private releaseVisit: (() => void) | null = null;

  constructor(private readonly source: VisitSource) {
    source.board.connection.changed.subscribe(() => this.maybeStart());
  }

  get = (): VisitState => this.visit;

  cardMark(cardId: string): CardMark | null {
    return this.visit.marks.size === 0 ? null : cardMarkOf(this.visit.marks, cardId, this.source.commentCards());
  }

  /**
   * Keeps this browser's visit record current while something shows the
   * board; the returned function releases it (the last release ends the visit).
   */
  retain(): () => void {
    this.retained++;
    if (this.retained === 1) {
      const onHide = () => this.save();
      const tick = setInterval(onHide, VISIT_TICK_MS);
      window.addEventListener('pagehide', onHide);
      this.releaseVisit = () => {
        clearInterval(tick);
        window.removeEventListener('pagehide', onHide);
        this.save();
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
    this.unmark(marksOfCard(this.visit.marks, cardId, this.source.commentCards()));
  }

  markCommitmentSeen(commitmentId: string): void {
    this.unmark([`commitment:${commitmentId}`]);
  }

  markAllSeen(): void {
    if (this.visit.status === 'waiting') return;
    this.visit = { ...this.visit, marks: new Set() };
    this.save();
    this.changed.emit();
  }

  /** The comment ids on a card that are marked new (taken when its comments are shown). */
  newCommentsOn(cardId: string): Set<string> {
    const out = new Set<string>();
    const cards = this.source.commentCards();
    for (const key of this.visit.marks) {
      const comment = commentOfMark(key);
      if (comment !== undefined && cards.get(comment) === cardId) out.add(comment);
    }
    return out;
  }

  /** Takes the visit's marks once the board is in sync (or, offline, loaded from this browser). */
  maybeStart(): void {
    if (this.visit.status !== 'waiting') return;
    const { board } = this.source;
    const state = board.connection.getState();
    if (!state.synced && !(state.status === 'offline' && state.storedLocally)) return;
    this.source.refresh();
    const record = parseVisitRecord(storage()?.getItem(visitKey(board.boardId)) ?? null);
    const marks = startVisitMarks(record, {
      board: board.getBoard(), comments: readComments(board.contentDoc), checkIns: this.source.getCheckIns(), activity: this.source.getActivity(), me: this.source.me(),
    });
    this.visitStart = Date.now();
    this.visit = record ? { status: 'ready', since: record.lastViewed, marks } : { status: 'first', marks };
    this.knownComments = new Set(this.source.getThreads().flatMap((t) => [t.root, ...t.replies]).map((c) => c.id));
    this.save(this.visitStart);
    this.changed.emit();
  }

  /**
   * A comment that @mentions this person while the page is open is marked at
   * once (other news is seen live): it is addressed to them, and the count on
   * the Review button is how they notice it. Called when the threads changed.
   */
  markLiveMentions(): void {
    const all = this.source.getThreads().flatMap((t) => [t.root, ...t.replies]);
    const known = this.knownComments;
    this.knownComments = new Set(all.map((c) => c.id));
    if (this.visit.status === 'waiting' || !known) return;
    const me = this.source.me();
    const mentions = all.filter((c) => !known.has(c.id) && !c.deleted && c.author !== me && mentionsOf(c.mentions, me)).map((c) => `mention:${c.id}`);
    if (mentions.length === 0) return;
    this.visit = { ...this.visit, marks: new Set([...this.visit.marks, ...mentions]) };
    this.save();
    queueMicrotask(() => this.changed.emit());
  }

  private unmark(keys: readonly string[]): void {
    const present = keys.filter((k) => this.visit.marks.has(k));
    if (present.length === 0) return;
    const marks = new Set(this.visit.marks);
    for (const k of present) marks.delete(k);
    this.visit = { ...this.visit, marks };
    this.save();
    this.changed.emit();
  }

  private save(at = Date.now()): void {
    if (this.visit.status === 'waiting') return;
    try {
      storage()?.setItem(visitKey(this.source.board.boardId), serializeVisitRecord({ lastViewed: Math.max(at, this.visitStart), pending: [...this.visit.marks] }));
    } catch {
      // Full or refused storage: marks just do not carry over.
    }
  }
}
