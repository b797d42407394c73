/**
 * One open board in the browser: the content document, its connection and the
 * person's presence, with their parts: their own undo history
 * (undoHistory.ts), their entries in the activity feed (activityLog.ts), their
 * writes of cards and links (cardEdits.ts), their acts on commitments
 * (commitmentActs.ts) and editor fields bound to the board's texts (textFields.ts). Components use this typed surface (through
 * hooks.ts); they never see Yjs.
 */
import * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import type { AskedRound } from '../../shared/protection.ts';
import { agreedUndoCheck, commitmentStamp, renewClientId } from './agreedWork.ts';
import type { BoardSnapshot, ColumnId, Direction } from '../../shared/model.ts';
import { mayEditBoard, roomName, type Role } from '../../shared/protocol.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { personConnection, personStore } from './personStore.ts';
import { fetchBoardAccess } from '../api/boards.ts';
import type { JoinedPerson } from '../api/facilitation.ts';
import { PresenceChannel } from './presenceChannel.ts';
import { afterTypingPause, createSignal } from './signal.ts';
import { shareStructure } from './structuralSharing.ts';
import { fetchExport, type ExportedDownload, type ExportFormat } from '../api/exports.ts';
import { ActivityLog } from './activityLog.ts';
import { AmendmentLog } from './amendmentLog.ts';
import { CardEdits } from './cardEdits.ts';
import { CommitmentActs } from './commitmentActs.ts';
import { TextFields } from './textFields.ts';
import { TYPED } from './textBinding.ts';
import { UndoHistory, type UndoState } from './undoHistory.ts';
import { UndoSteps } from './undoSteps.ts';
export type { UndoState } from './undoHistory.ts';
import { watchOfflineEdits, type LostEdit } from './offlineEdits.ts';

export interface SessionOptions {
  boardId: string;
  secret: string;
  role: Role;
  name: string;
  /** false: a screen (the projector), not a person — no presence others see. */
  presence?: boolean;
}

/** How long no key is typed before the rest of the page shows the typed text (a pause between words, not between keys). */
const TYPING_PAUSE_MS = 300;

export class BoardSession {
  readonly boardId: string;
  readonly role: Role;
  /** Viewers and reviewers see the board read-only: every write below is a no-op for them (reviewers comment through reviewSession.ts). */
  readonly canEdit: boolean;
  readonly connection: BoardConnection;
  readonly presence: PresenceChannel;
  readonly boardChanged = createSignal();
  /** The person this browser joined as became known (or changed): see `personId`. */
  readonly personChanged = createSignal();
  private person: JoinedPerson | undefined;
  private readonly ydoc = new Y.Doc();
  /** Re-reads only what changed: typing into one card of a big board does not re-read the board. */
  private readonly reader = new doc.BoardReader(this.ydoc);
  private readonly history: UndoHistory;
  private readonly steps: UndoSteps;
  /** This person's entries in the activity feed, written beside their edits. */
  private readonly activity: ActivityLog;
  /** The facilitator's amendments of agreed content, logged in the decision log (amendmentLog.ts); undefined for everyone else. */
  private readonly amendments: AmendmentLog | undefined;
  /** Promoting, agreeing and moving commitments along (commitmentActs.ts). */
  readonly commitments: CommitmentActs;
  /** Editor fields bound to card texts and link assumptions (textFields.ts). */
  readonly texts: TextFields;
  /** Adding, filling in, moving, deleting and linking cards (cardEdits.ts). */
  readonly edits: CardEdits;
  /** Kept for authenticated HTTP reads (exports); never shown or logged. */
  private readonly secret: string;
  private snapshot: BoardSnapshot | undefined;
  private dirty = true;
  /**
   * Set by the control session (client/sync/controlSession.ts): where the
   * workshop's rules send a new card (the person's drafts during private
   * writing, no author in anonymous mode); returns its id, or undefined to add it here as usual.
   */
  redirectNewCard: ((column: ColumnId, text: string, after?: string) => string | undefined) | null = null;

  constructor(options: SessionOptions) {
    this.boardId = options.boardId;
    this.role = options.role;
    this.canEdit = mayEditBoard(options.role);
    this.secret = options.secret;
    // The server signs cards, comments and check-ins with the person who joined (never with what the
    // client writes), a reviewer's too: a connection that a revoked token would leave signing nothing
    // talks only once the person is known (personConnection, personalPart.ts).
    const joins = options.role !== 'viewer';
    const { remembered, options: person } = personConnection(options.boardId, options.role);
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'content'), options.secret, `vcp-board-${options.boardId}`, {
      ...person,
      checkAccess: accessCheck(() => fetchBoardAccess(options.boardId, options.secret)),
    });
    // Asked here, at once (the person's part asks the same, a render later, and gets this answer).
    if (remembered) void personStore.confirmed(options.boardId, options.role).then((me) => me && this.usePerson(me));
    // A first visit joins now, not once the control session's person part is up a render or two later:
    // the board's socket waits for the person (the same request: the part gets this answer).
    else if (joins) void personStore.join(options.boardId, options.role, options.secret, options.name).then((me) => me && this.usePerson(me));
    this.presence = new PresenceChannel(this.connection.awareness, { name: options.name, role: options.role }, { publish: options.presence !== false });
    // A key typed into a card is on screen already (the field shows it): what else shows the
    // card's text (its buttons' names, excerpts, search) follows when typing pauses, so no
    // re-render of the board runs, and no frame paints one, between two keys (C5 in docs/BENCHMARKS.md).
    const typedChange = afterTypingPause(() => this.boardChanged.emit(), TYPING_PAUSE_MS);
    // After the transaction, not on its encoded update: the load of the browser's copy is not
    // encoded again (quietLoad.ts), yet changes the board.
    this.ydoc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.changed.size === 0 && transaction.deleteSet.clients.size === 0) return;
      this.dirty = true;
      if (transaction.meta.has(TYPED)) typedChange();
      else this.boardChanged.emit();
    });
    this.history = new UndoHistory(this.ydoc);
    // A step on a commitment agreed since (a red team's facilitator undid the owner and the due date of
    // a commitment just agreed), or a participant's on a card that is agreed content now (the server
    // would refuse its undo, which then did nothing without a word): Undo says why instead.
    if (this.canEdit) {
      this.history.check = agreedUndoCheck(() => this.getBoard(), () => this.consentRound, this.role === 'facilitator');
      this.history.stamp = commitmentStamp(() => this.getBoard());
    }
    this.activity = new ActivityLog(this.ydoc, this.canEdit, () => this.displayName);
    this.steps = new UndoSteps(this.ydoc, this.history, this.activity, () => this.displayName);
    this.commitments = new CommitmentActs(this.ydoc, {
      canEdit: this.canEdit,
      facilitator: this.role === 'facilitator',
      name: () => this.displayName,
      step: (write) => this.steps.step(write),
      pin: (reason) => this.history.pin(reason),
    });
    this.texts = new TextFields(this.ydoc, this.canEdit, this.activity);
    this.edits = new CardEdits(this.ydoc, {
      canEdit: this.canEdit,
      facilitator: this.role === 'facilitator',
      name: () => this.displayName,
      personId: () => this.personId,
      board: () => this.getBoard(),
      consentRound: () => this.consentRound,
      redirectNewCard: () => this.redirectNewCard,
      history: this.history,
      activity: this.activity,
      step: (write) => this.steps.step(write),
    });
    // The facilitator's own writes, undos and redos of agreed content are amendments, logged (an undo of one changes what was agreed again).
    if (this.canEdit && this.role === 'facilitator') {
      this.amendments = new AmendmentLog(this.ydoc, () => this.getBoard(), () => this.displayName, (origin) => origin === doc.LOCAL_ORIGIN || this.history.isUndoOrRedo(origin));
    }
  }

  /** The undo history's state changed (canUndo, canRedo). */
  get undoChanged() {
    return this.history.changed;
  }

  /**
   * The person this browser joined as (null: joining failed): their token signs the connection
   * (BoardConnection.setPerson), their id tells which comments are theirs.
   */
  usePerson(person: JoinedPerson | null): void {
    this.connection.setPerson(person?.token);
    if (person?.personId === this.person?.personId) return;
    this.person = person ?? undefined;
    this.personChanged.emit();
  }

  /** The id of the person this browser joined as, once known. */
  get personId(): string | undefined {
    return this.person?.personId;
  }

  // ------------------------------------------------------------ reads

  /** The current board, re-read lazily after changes; unchanged parts keep their identity. */
  getBoard = (): BoardSnapshot => {
    if (this.dirty || !this.snapshot) {
      this.snapshot = shareStructure(this.snapshot, this.reader.read());
      this.dirty = false;
    }
    return this.snapshot;
  };

  getUndoState = (): UndoState => this.history.getState();
  /** The top of the undo stack and when it changes: a notice's Undo is only for the step it announced. */
  get undoSteps(): Pick<UndoHistory, 'top' | 'stepsChanged'> {
    return this.history;
  }

  /** The content document, for sibling sync modules only (controlSession.ts runs document-layer operations on it). */
  get contentDoc(): Y.Doc {
    return this.ydoc;
  }

  // ------------------------------------------------------------ writes

  /** Tells `report` of the words written offline that the server did not keep (offlineEdits.ts); returns how to stop. */
  watchLostEdits(report: (lost: LostEdit[]) => void): () => void {
    return watchOfflineEdits(this.ydoc, this.connection, report);
  }

  /** The consent round on the board (the control session keeps it current): what it asks about is held as agreed for participants. */
  consentRound: AskedRound | undefined;

  /** Whether the card is on the board (not deleted). */
  hasCard(id: string): boolean {
    return doc.readCard(this.ydoc, id) !== undefined;
  }

  setTitle(title: string): void {
    if (this.canEdit && this.role === 'facilitator') doc.setBoardTitle(this.ydoc, title);
  }

  setDirection(direction: Direction): void {
    if (this.canEdit && this.role === 'facilitator') doc.setDirection(this.ydoc, direction);
  }

  /** The display name this person acts under (cards, consent rounds, reopenings, overrides). */
  get displayName(): string {
    return this.presence.getLocal().user.name;
  }

  /** Any role: one export of this board, fetched with this page's secret. */
  fetchExport(format: ExportFormat, options: { bom?: boolean } = {}): Promise<ExportedDownload> {
    return fetchExport(this.boardId, this.secret, format, options.bom ?? false);
  }

  // ------------------------------------------------------------ activity feed and review (client/sync/reviewSession.ts)

  get anonymous(): boolean {
    return this.activity.anonymous;
  }

  /**
   * Follows the workshop's anonymous mode (the review layer keeps it current from the control document).
   * Every Yjs item carries its writer's client id, and the presence (with the person's name) is
   * published under the id the document had when the page opened: entering or leaving anonymous
   * mode gives the document a new, random id, so an anonymous card cannot be matched to a name
   * through the presence or through the same person's signed cards (a red-team session did).
   */
  setAnonymous(on: boolean): void {
    if (this.activity.anonymous === on) return;
    this.activity.anonymous = on;
    this.presence.anonymous = on;
    renewClientId(this.ydoc);
  }

  /**
   * Runs a write only this person may make, or one that carries their name (a
   * check-in, deleting their own comment): in anonymous mode under a client id
   * of its own, so it names none of their anonymous cards (red team: deleting
   * one's signed comment named every anonymous card written under the same id).
   */
  asThemselves<T>(write: () => T): T {
    if (!this.anonymous) return write();
    renewClientId(this.ydoc);
    try {
      return write();
    } finally {
      renewClientId(this.ydoc);
    }
  }

  /** Gives the step just run (`asUndoStep`) a check of why Undo may no longer take it back (undoHistory.ts `guard`). */
  guardLastStep(check: () => string | undefined): void {
    this.history.guard(check);
  }

  /** Runs a write as its own undo step (e.g. restoring a version: one Undo takes it all back). */
  asUndoStep<T>(write: () => T): T {
    return this.steps.step(write);
  }

  /** Calls the HTTP API with this page's secret, which stays out of components (version history). */
  withSecret<T>(call: (secret: string) => T): T {
    return call(this.secret);
  }

  /**
   * Undoes this person's last step. The decision log and the activity feed only
   * grow: what the step had logged stays, and what undoing it means is
   * appended (a removal restored, a decision undone; cards that come back are "restored").
   * Returns why, when the step is one Undo does not take back (nothing changed).
   */
  undo(): string | undefined {
    return this.canEdit ? this.steps.run('undo') : undefined;
  }

  redo(): void {
    if (this.canEdit) this.steps.run('redo');
  }

  destroy(): void {
    this.amendments?.destroy();
    this.presence.destroy();
    this.history.destroy();
    this.reader.destroy();
    this.connection.destroy();
    this.ydoc.destroy();
  }
}
