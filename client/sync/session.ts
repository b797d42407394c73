/**
 * One open board in the browser: the content document, its connection, the
 * person's presence and their own undo history. Components use this typed
 * surface (through hooks.ts); they never see Yjs.
 */
import * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { boardUndoScope, linkAssumptionText } from '../../shared/doc/ext-client.ts';
import { removeWithReason } from '../../shared/doc/removal.ts';
import type { RemovalTarget } from '../../shared/removal.ts';
import { describeProtection, protectedRecords } from '../../shared/protection.ts';
import type { BoardSnapshot, CardFields, ColumnId, CommitmentStatus, ConsentRecord, Direction, FindingRef } from '../../shared/model.ts';
import type { CommitmentFields } from '../../shared/commitments.ts';
import { mayEditBoard, roomName, type Role } from '../../shared/protocol.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { personStore } from './controlParts.ts';
import { fetchBoardAccess } from '../api/boards.ts';
import { PresenceChannel } from './presenceChannel.ts';
import { createSignal } from './signal.ts';
import { shareStructure } from './structuralSharing.ts';
import { bindTextField, type TextBindingOptions } from './textBinding.ts';
import { logActivity, type ActivityInput } from '../../shared/doc/review.ts';
import { excerptOf } from '../../shared/review/model.ts';
import { fetchExport, type ExportedDownload, type ExportFormat } from '../api/exports.ts';

export interface SessionOptions {
  boardId: string;
  secret: string;
  role: Role;
  name: string;
}

/** Taking back a blank card just started: a local change outside the undo history (not LOCAL_ORIGIN). */
const DISCARD_ORIGIN = Object.freeze({ kind: 'discard' as const });

/** Field edits of one card are logged at most once in this time (ms): typing into a field is one edit. */
const FIELD_EDIT_LOG_MS = 120_000;

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

export class BoardSession {
  readonly boardId: string;
  readonly role: Role;
  /** Viewers and reviewers see the board read-only: every write below is a no-op for them (reviewers comment through reviewSession.ts). */
  readonly canEdit: boolean;
  readonly connection: BoardConnection;
  readonly presence: PresenceChannel;
  readonly boardChanged = createSignal();
  readonly undoChanged = createSignal();
  private readonly ydoc = new Y.Doc();
  private readonly undoManager: Y.UndoManager;
  /** Kept for authenticated HTTP reads (exports); never shown or logged. */
  private readonly secret: string;
  private snapshot: BoardSnapshot | undefined;
  private dirty = true;
  private undoState: UndoState = { canUndo: false, canRedo: false };
  /**
   * Set by the control session (client/sync/controlSession.ts): where the
   * workshop's rules send a new card (the person's drafts during private
   * writing, no author in anonymous mode); returns its id, or undefined to add it here as usual.
   */
  redirectNewCard: ((column: ColumnId, text: string, after?: string) => string | undefined) | null = null;
  /** Anonymous mode of the workshop (set from the control document): the activity feed then names nobody. */
  private anonymousMode = false;
  /**
   * Blank cards this person just added (and whether anonymously): they are logged as added once their
   * first text is written (when the field loses focus), so the feed names them; that typing is no edit.
   */
  private readonly freshCards = new Map<string, boolean>();
  /** Carets of revealed drafts whose editing moves onto their card's field (adoptRevealedDraft). */
  private readonly handedOverCarets = new Map<string, { start: number; end: number }>();
  /** When field edits of a card were last logged (one activity entry per card per few minutes of editing). */
  private readonly fieldEditsLogged = new Map<string, number>();

  constructor(options: SessionOptions) {
    this.boardId = options.boardId;
    this.role = options.role;
    this.canEdit = mayEditBoard(options.role);
    this.secret = options.secret;
    // The server signs cards, comments and check-ins with the person who joined (never with what the
    // client writes), a reviewer's too: connect with the remembered personal token, or wait for
    // joining (controlSession.ts). Only a viewer is nobody.
    const joins = options.role !== 'viewer';
    const remembered = joins ? personStore.read(options.boardId, options.role) : null;
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'content'), options.secret, `vcp-board-${options.boardId}`, {
      ...(remembered ? { person: remembered.token } : {}),
      waitForPerson: joins && !remembered,
      checkAccess: accessCheck(() => fetchBoardAccess(options.boardId, options.secret)),
    });
    this.presence = new PresenceChannel(this.connection.awareness, { name: options.name, role: options.role });
    this.ydoc.on('update', () => {
      this.dirty = true;
      this.boardChanged.emit();
    });
    this.undoManager = new Y.UndoManager(boardUndoScope(this.ydoc), {
      trackedOrigins: new Set([doc.LOCAL_ORIGIN]),
      captureTimeout: 500,
    });
    const refreshUndo = () => {
      const next = { canUndo: this.undoManager.canUndo(), canRedo: this.undoManager.canRedo() };
      if (next.canUndo !== this.undoState.canUndo || next.canRedo !== this.undoState.canRedo) {
        this.undoState = next;
        this.undoChanged.emit();
      }
    };
    this.undoManager.on('stack-item-added', refreshUndo);
    this.undoManager.on('stack-item-popped', refreshUndo);
    this.undoManager.on('stack-cleared', refreshUndo);
  }

  /** The personal token of the person this browser joined as (undefined: joining failed); see BoardConnection.setPerson. */
  usePerson(token: string | undefined): void {
    this.connection.setPerson(token);
  }

  // ------------------------------------------------------------ reads

  /** The current board, re-read lazily after changes; unchanged parts keep their identity. */
  getBoard = (): BoardSnapshot => {
    if (this.dirty || !this.snapshot) {
      this.snapshot = shareStructure(this.snapshot, doc.readBoard(this.ydoc));
      this.dirty = false;
    }
    return this.snapshot;
  };

  getUndoState = (): UndoState => this.undoState;

  /** The content document, for sibling sync modules only (controlSession.ts runs document-layer operations on it). */
  get contentDoc(): Y.Doc {
    return this.ydoc;
  }

  // ------------------------------------------------------------ writes

  addCard(column: ColumnId, text = '', after?: string): string | undefined {
    if (!this.canEdit) return undefined;
    this.undoManager.stopCapturing();
    const routed = this.redirectNewCard?.(column, text, after);
    if (routed) {
      // On the board without an author (anonymous mode), not into private drafts: log it, naming nobody.
      const card = doc.readCard(this.ydoc, routed);
      if (card) this.logCardAdded(card.id, column, text, this.anonymousMode || card.author === undefined);
      return routed;
    }
    const name = this.presence.getLocal().user.name;
    return this.ydoc.transact(() => {
      const id = doc.addCard(this.ydoc, { column, text, author: name, ...(after ? { after } : {}) });
      this.logCardAdded(id, column, text);
      return id;
    }, doc.LOCAL_ORIGIN);
  }

  /**
   * Takes back a blank card this person started with Enter and left without
   * writing in it: no activity entry and no undo step (undoing its addition
   * would change nothing, so undo skips it). A card with text, a link or a
   * commitment stays.
   */
  discardBlankCard(id: string): void {
    if (!this.canEdit || !this.freshCards.has(id)) return;
    const card = doc.readCard(this.ydoc, id);
    const { links, commitments } = this.getBoard();
    if (!card || card.text.trim() || links.some((l) => l.from === id || l.to === id) || commitments.some((c) => c.card === id)) return;
    this.freshCards.delete(id);
    doc.deleteCard(this.ydoc, id, DISCARD_ORIGIN);
  }

  updateCardFields(id: string, patch: Partial<CardFields>): void {
    if (!this.canEdit) return;
    doc.updateCardFields(this.ydoc, id, patch);
    const last = this.fieldEditsLogged.get(id) ?? 0;
    const card = Date.now() - last > FIELD_EDIT_LOG_MS ? doc.readCard(this.ydoc, id) : undefined;
    if (card) {
      this.fieldEditsLogged.set(id, Date.now());
      this.logActivity({ kind: 'card-edited', card: id, excerpt: excerptOf(card.text) });
    }
  }

  /**
   * One write per move: called on drop, never during a drag. A move to another
   * column takes the card's links and commitments with it, so a participant
   * may not move a protected card out of its column: returns why, and moves nothing.
   */
  moveCard(id: string, column: ColumnId, index: number): string | undefined {
    if (!this.canEdit) return undefined;
    const before = doc.readCard(this.ydoc, id);
    if (before && before.column !== column && this.role !== 'facilitator') {
      const reason = protectedRecords(this.getBoard()).cards.get(id);
      if (reason) return `Can’t move “${excerptOf(before.text)}” to another column: it ${describeProtection(reason)}. Only the facilitator can.`;
    }
    this.undoManager.stopCapturing();
    this.ydoc.transact(() => {
      doc.moveCard(this.ydoc, id, column, index);
      const after = doc.readCard(this.ydoc, id);
      if (before && after && (before.column !== after.column || before.order !== after.order)) {
        this.logActivity({ kind: 'card-moved', card: id, from: before.column, to: after.column, excerpt: excerptOf(after.text) });
      }
    }, doc.LOCAL_ORIGIN);
    return undefined;
  }

  deleteCard(id: string): void {
    if (!this.canEdit) return;
    this.undoManager.stopCapturing();
    const card = doc.readCard(this.ydoc, id);
    this.ydoc.transact(() => {
      doc.deleteCard(this.ydoc, id);
      if (card) this.logActivity({ kind: 'card-deleted', card: id, excerpt: excerptOf(card.text) });
    }, doc.LOCAL_ORIGIN);
    this.undoManager.stopCapturing();
  }

  /**
   * Facilitator: removes a protected card (with its links and commitments) or
   * link, recording who and why in the decision log; one undo step takes back
   * the removal and its log entry. Throws if the reason is blank or it is gone.
   */
  removeWithReason(target: RemovalTarget, reason: string): void {
    if (!this.canEdit || this.role !== 'facilitator') return;
    const card = 'card' in target ? doc.readCard(this.ydoc, target.card) : undefined;
    this.discreteStep(() => {
      this.ydoc.transact(() => {
        removeWithReason(this.ydoc, target, { by: this.displayName, reason });
        if (card) this.logActivity({ kind: 'card-deleted', card: card.id, excerpt: excerptOf(card.text) });
      }, doc.LOCAL_ORIGIN);
    });
  }

  addLink(a: string, b: string, assumption = ''): string | undefined {
    if (!this.canEdit) return undefined;
    this.undoManager.stopCapturing();
    return doc.addLink(this.ydoc, a, b, assumption);
  }

  deleteLink(id: string): void {
    if (!this.canEdit) return;
    this.undoManager.stopCapturing();
    doc.deleteLink(this.ydoc, id);
  }

  setTitle(title: string): void {
    if (this.canEdit && this.role === 'facilitator') doc.setBoardTitle(this.ydoc, title);
  }

  setDirection(direction: Direction): void {
    if (this.canEdit && this.role === 'facilitator') doc.setDirection(this.ydoc, direction);
  }

  // ------------------------------------------------------------ commitments
  // Promotion, consent rounds, reopening and overrides are the facilitator's
  // acts (PRODUCT.md); anyone who edits may fill in a proposed commitment and
  // move an agreed one along its life cycle. The document layer enforces the
  // rules (it throws with the reason); each act is one undo step.

  /** The display name this person acts under (consent rounds, reopenings, overrides). */
  get displayName(): string {
    return this.presence.getLocal().user.name;
  }

  /** Facilitator: promotes an initiative to a proposed commitment; returns its id. */
  promoteToCommitment(cardId: string, fields: CommitmentFields = {}): string | undefined {
    if (!this.canEdit || this.role !== 'facilitator') return undefined;
    return this.discreteStep(() => doc.promoteToCommitment(this.ydoc, cardId, fields));
  }

  /** Edits a proposed commitment's fields (typing merges into one undo step). */
  updateCommitment(id: string, patch: CommitmentFields): void {
    if (this.canEdit) doc.updateCommitment(this.ydoc, id, patch);
  }

  /**
   * Facilitator: records one consent round on each of `ids` (the only way to
   * `agreed`), all in one undo step; returns those not recorded, with why.
   */
  recordConsent(ids: readonly string[], record: ConsentRecord): { id: string; reason: string }[] {
    if (!this.canEdit || this.role !== 'facilitator') return ids.map((id) => ({ id, reason: 'only the facilitator records consent' }));
    return this.discreteStep(() => ids.flatMap((id) => {
      try {
        doc.recordConsent(this.ydoc, id, record);
        return [];
      } catch (error) {
        return [{ id, reason: error instanceof Error ? error.message : String(error) }];
      }
    }));
  }

  /** Facilitator: reopens an agreed commitment, recording who and why. */
  reopenCommitment(id: string, reason: string): void {
    if (this.canEdit && this.role === 'facilitator') this.discreteStep(() => doc.reopenCommitment(this.ydoc, id, this.displayName, reason));
  }

  /** Moves a commitment along its life cycle (in progress, done, dropped). */
  setCommitmentStatus(id: string, status: CommitmentStatus): void {
    if (this.canEdit) this.discreteStep(() => doc.setCommitmentStatus(this.ydoc, id, status));
  }

  /** Facilitator: overrides open trace-check findings with a written reason; returns the log entry's id. */
  recordOverride(reason: string, findings: readonly FindingRef[]): string | undefined {
    if (!this.canEdit || this.role !== 'facilitator') return undefined;
    return this.discreteStep(() => doc.recordOverride(this.ydoc, { by: this.displayName, reason, findings }));
  }

  /** Any role: one export of this board, fetched with this page's secret. */
  fetchExport(format: ExportFormat, options: { bom?: boolean } = {}): Promise<ExportedDownload> {
    return fetchExport(this.boardId, this.secret, format, options.bom ?? false);
  }

  /** Runs a write as its own undo step (not merged with typing just before or after). */
  private discreteStep<T>(write: () => T): T {
    this.undoManager.stopCapturing();
    const statuses = this.commitmentStatuses();
    try {
      return write();
    } finally {
      this.undoManager.stopCapturing();
      this.logStatusChanges(statuses);
    }
  }

  // ------------------------------------------------------------ activity feed and review (client/sync/reviewSession.ts)

  get anonymous(): boolean {
    return this.anonymousMode;
  }

  /** Follows the workshop's anonymous mode (the review layer keeps it current from the control document). */
  setAnonymous(on: boolean): void {
    this.anonymousMode = on;
  }

  /** Runs a write as its own undo step (e.g. restoring a version: one Undo takes it all back). */
  asUndoStep<T>(write: () => T): T {
    return this.discreteStep(write);
  }

  /** Calls the HTTP API with this page's secret, which stays out of components (version history). */
  withSecret<T>(call: (secret: string) => T): T {
    return call(this.secret);
  }

  /** Appends to the activity feed as this person (naming nobody in anonymous mode); never fails the edit it follows. */
  private logActivity(entry: Omit<ActivityInput, 'who'>, anonymous = this.anonymousMode): void {
    if (!this.canEdit) return;
    try {
      logActivity(this.ydoc, { ...entry, who: this.displayName }, { anonymous });
    } catch {
      // An entry that does not validate (e.g. a blank name) is left out; the edit stands.
    }
  }

  private logCardAdded(id: string, column: ColumnId, text: string, anonymous = this.anonymousMode): void {
    if (text.trim()) this.logActivity({ kind: 'card-added', card: id, to: column, excerpt: excerptOf(text) }, anonymous);
    else this.freshCards.set(id, anonymous);
  }

  private commitmentStatuses(): Map<string, { status: CommitmentStatus; title: string }> {
    return new Map(doc.readCommitments(this.ydoc).map((c) => [c.id, { status: c.status, title: c.title }]));
  }

  /** Logs the status changes of commitments that existed before a write (agreeing, reopening, moving along). */
  private logStatusChanges(before: Map<string, { status: CommitmentStatus; title: string }>): void {
    for (const c of doc.readCommitments(this.ydoc)) {
      const old = before.get(c.id);
      if (old && old.status !== c.status) this.logActivity({ kind: 'commitment-status', commitment: c.id, from: old.status, to: c.status, excerpt: excerptOf(c.title) });
    }
  }

  /** Logs one "edited" entry per editing session of a card's text: when the field loses focus after a change. */
  private logEditsOnBlur(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, unbind: () => void): () => void {
    let edited = false;
    const onInput = () => {
      edited = true;
    };
    const flush = () => {
      const fresh = this.freshCards.get(cardId);
      if (!edited && fresh === undefined) return;
      edited = false;
      this.freshCards.delete(cardId);
      const card = doc.readCard(this.ydoc, cardId);
      if (!card) return;
      if (fresh === undefined) this.logActivity({ kind: 'card-edited', card: cardId, excerpt: excerptOf(card.text) });
      else this.logActivity({ kind: 'card-added', card: cardId, to: card.column, ...(card.text.trim() ? { excerpt: excerptOf(card.text) } : {}) }, fresh);
    };
    field.addEventListener('input', onInput);
    field.addEventListener('blur', flush);
    return () => {
      flush();
      field.removeEventListener('input', onInput);
      field.removeEventListener('blur', flush);
      unbind();
    };
  }

  undo(): void {
    if (this.canEdit) this.undoManager.undo();
  }

  redo(): void {
    if (this.canEdit) this.undoManager.redo();
  }

  /**
   * A revealed draft of mine is on the board now (same card id): the text in
   * my draft's editor, which may hold keystrokes typed after the server copied
   * the draft, becomes the card's text (only the difference is written), and
   * the card's editor takes over the caret, if the draft had focus.
   */
  adoptRevealedDraft(cardId: string, typed: string, caret: { start: number; end: number } | null): void {
    if (!this.canEdit || !doc.readCard(this.ydoc, cardId)) return;
    doc.setCardText(this.ydoc, cardId, typed);
    if (caret) this.handedOverCarets.set(cardId, caret);
  }

  /** Binds an editor field to a card's collaborative text. */
  bindCardText(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    const text = doc.cardText(this.ydoc, cardId);
    if (!text) return () => {};
    const unbind = bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
    const caret = this.handedOverCarets.get(cardId);
    if (caret && field.isConnected) {
      this.handedOverCarets.delete(cardId);
      field.focus();
      field.setSelectionRange(caret.start, caret.end);
    }
    return this.canEdit ? this.logEditsOnBlur(cardId, field, unbind) : unbind;
  }

  /** Binds an editor field to a link's collaborative assumption text. */
  bindLinkAssumption(linkId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    const text = linkAssumptionText(this.ydoc, linkId);
    if (!text) return () => {};
    return bindTextField(this.ydoc, text, field, { ...options, readOnly: !this.canEdit });
  }

  destroy(): void {
    this.presence.destroy();
    this.undoManager.destroy();
    this.connection.destroy();
    this.ydoc.destroy();
  }
}
