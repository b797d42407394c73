/**
 * This person's own part of the workshop, beside the control session: the
 * person this browser joined as (its personal token signs what they write),
 * their secret votes, their consent answer, "I'm done", and their private
 * drafts (in a draft room of their own while private writing is on). What
 * others see of it goes out as awareness of the control room.
 */
import type { Awareness } from 'y-protocols/awareness';
import * as roomState from '../../shared/doc/roomState.ts';
import type { Facilitation } from '../../shared/doc/control.ts';
import type { Card, ColumnId } from '../../shared/model.ts';
import { mayEditBoard, type Role } from '../../shared/protocol.ts';
import { ApiError } from '../api/boards.ts';
import { answerConsent, castVote, fetchMyConsent, fetchMyVotes, type ConsentAnswer, type GivenAnswer, type JoinedPerson, type MyVotes } from '../api/facilitation.ts';
import { personStore } from './personStore.ts';
import { DraftHandover } from './draftHandover.ts';
import { DraftSession } from './draftSession.ts';
import { readCard } from '../../shared/doc/index.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import type { TextBindingOptions } from './textBinding.ts';

/** This browser's own part of the workshop. */
export interface PersonalState {
  me: JoinedPerson | null;
  votes: MyVotes | null;
  /** My drafts: in my draft room, or revealed and on their way to the board (see `revealing`). */
  drafts: Card[];
  /** Drafts revealed by the facilitator whose card has not reached this browser's board yet. */
  revealing: string[];
  done: boolean;
  /** The activity "I'm done" was said to (`activityKey`). */
  doneFor: string;
  /** My answer in the current consent round, if I gave one. */
  consent: ConsentAnswer | null;
  /** Why the server refused to let me join as a person (the workshop is full), until I join. */
  refused: string | null;
}

export interface PersonalPartOptions {
  boardId: string;
  secret: string;
  role: Role;
  name: string;
  board: BoardSession | undefined;
  /** The control room's awareness, where this person's presence is published. */
  awareness: Awareness;
  /** The workshop's facilitation now. */
  facilitation: () => Facilitation;
  /** Told the person once joining is answered (null: it failed), as the board is: the control room's socket opens with their token. */
  onPerson?: (me: JoinedPerson | null) => void;
}

export class PersonalPart {
  readonly changed = createSignal();
  private state: PersonalState = { me: null, votes: null, drafts: [], revealing: [], done: false, doneFor: '', consent: null, refused: null };
  private readonly handover: DraftHandover;
  private draftSession: DraftSession | null = null;
  private joining: Promise<JoinedPerson | null> | null = null;
  private votesFor = '';
  private consentSeen = '';
  private destroyed = false;
  private readonly unsubscribe: () => void = () => {};

  constructor(private readonly options: PersonalPartOptions) {
    const board = options.board;
    this.handover = new DraftHandover(
      (id) => board !== undefined && readCard(board.contentDoc, id) !== undefined,
      () => {
        this.set({ drafts: this.handover.shown(), revealing: this.handover.revealing() });
        this.publishPresence();
      },
    );
    if (board) {
      this.unsubscribe = board.boardChanged.subscribe(() => {
        this.handover.boardChanged();
        // A vote on a card deleted since no longer counts: the server gives it back, so ask again.
        const votes = this.state.votes;
        if (votes?.mine.some((id) => readCard(board.contentDoc, id)?.status !== 'active')) void this.refreshVotes(true);
      });
    }
    this.publishPresence();
    // Everyone but a viewer is a person: the server signs what they write with it. A reviewer's person
    // takes no part in the workshop's rounds (no drafts, votes or consent answers).
    if (options.role !== 'viewer') void this.ensurePerson();
  }

  get = (): PersonalState => this.state;

  /** Whether new cards of this person go to their private drafts now. */
  writesDrafts(): boolean {
    return this.options.facilitation().privateWriting && this.draftSession !== null;
  }

  /** Adds or removes one of my votes; the server checks the round's rules and my budget. */
  async vote(cardId: string, op: 'add' | 'remove'): Promise<void> {
    let me = await this.ensurePerson();
    if (!me) throw this.notJoined();
    try {
      this.set({ votes: await castVote(this.options.boardId, me.token, cardId, op) });
    } catch (error) {
      // A token this server no longer knows (say, a restored board): join afresh and try once more.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.set({ me: null });
      me = await this.ensurePerson(true);
      if (!me) throw error;
      this.set({ votes: await castVote(this.options.boardId, me.token, cardId, op) });
    }
  }

  /** Why a vote or an answer could not be given without a person: refused (the workshop is full), or not reached. */
  private notJoined(): ApiError {
    return this.state.refused
      ? new ApiError(409, 'not-joined', this.state.refused)
      : new ApiError(0, 'no-person', 'You could not join this board yet: check your connection.');
  }

  /** Tries to join again (after a refusal: the facilitator may have made room). */
  retryJoin(): void {
    personStore.forgetRefusal(this.options.boardId, this.options.role);
    void this.ensurePerson();
  }

  setDone(done: boolean): void {
    if (this.state.done === done) return;
    this.set({ done, doneFor: done ? roomState.activityKey(this.options.facilitation()) : '' });
    this.publishPresence();
  }

  /** My answers in the open consent round, each on its commitment (changeable until the facilitator closes it). */
  async answerConsent(answers: readonly GivenAnswer[]): Promise<void> {
    const round = this.options.facilitation().consent;
    if (!round || round.state !== 'open') throw new ApiError(409, 'closed', 'The consent round is closed.');
    const me = await this.ensurePerson();
    if (!me) throw this.notJoined();
    const { mine } = await answerConsent(this.options.boardId, me.token, round.id, answers);
    this.set({ consent: mine });
  }

  addDraft(column: ColumnId, text = ''): string | undefined {
    if (!this.draftSession) return undefined;
    return this.draftSession.add(column, text, this.options.facilitation().anonymous ? undefined : this.state.me?.name ?? this.options.name);
  }
  deleteDraft(id: string): void {
    this.handover.deletedByMe(id);
    this.draftSession?.remove(id);
  }
  bindDraftText(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    return this.draftSession?.bindText(cardId, field, options) ?? (() => {});
  }

  /** The control document changed; `newActivity`: a new phase, voting round, private writing or consent round started. */
  facilitationChanged(newActivity: boolean): void {
    // "I'm done" belongs to one activity: a new one starts everyone afresh.
    if (newActivity && this.state.done) this.setDone(false);
    this.updateDraftRoom();
    void this.refreshVotes();
    void this.refreshConsent();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unsubscribe();
    this.handover.destroy();
    this.options.awareness.setLocalState(null);
    this.draftSession?.destroy();
    this.draftSession = null;
  }

  private set(patch: Partial<PersonalState>): void {
    this.state = { ...this.state, ...patch };
    this.changed.emit();
  }

  private publishPresence(): void {
    if (this.destroyed) return;
    const me = this.state.me;
    if (!me) {
      this.options.awareness.setLocalState(null);
      return;
    }
    this.options.awareness.setLocalState({
      person: { id: me.personId, name: me.name, role: me.role },
      done: this.state.done,
      doneFor: this.state.doneFor,
      drafts: this.handover.liveCount(),
    });
  }

  /**
   * This browser's person on the board: remembered, or joined now with the display name.
   * A remembered token is checked with the server first: it is revoked when the facilitator
   * resets the participant link, and a revoked token would leave this person's presence and
   * cards unsigned. The board's connection lets nothing out until then (connection.ts, `confirmPerson`).
   */
  private ensurePerson(forceNew = false): Promise<JoinedPerson | null> {
    const { boardId, role } = this.options;
    if (role === 'viewer') return Promise.resolve(null);
    if (this.state.me && !forceNew) return Promise.resolve(this.state.me);
    this.joining ??= (async () => {
      let me = forceNew ? null : await personStore.confirmed(boardId, role);
      if (!me) {
        if (forceNew) personStore.write(boardId, role, null);
        // The board's session may have started this join already (the same request); null: offline or refused (wait for a retry).
        me = await personStore.join(boardId, role, this.options.secret, this.options.name, forceNew);
      }
      this.joining = null;
      if (this.destroyed) return null;
      this.options.board?.usePerson(me);
      this.options.onPerson?.(me);
      if (!me) {
        this.set({ refused: personStore.refusal(boardId, role) });
        return null;
      }
      this.set({ me, refused: null });
      this.publishPresence();
      this.updateDraftRoom();
      void this.refreshVotes(true);
      void this.refreshConsent(true);
      return me;
    })();
    return this.joining;
  }

  private updateDraftRoom(): void {
    const me = this.state.me;
    const { privateWriting } = this.options.facilitation();
    const writes = mayEditBoard(this.options.role);
    if (privateWriting && !me && writes) void this.ensurePerson();
    if (privateWriting && me && !this.draftSession && writes) {
      const drafts = new DraftSession(this.options.boardId, me.personId, me.token);
      this.draftSession = drafts;
      drafts.changed.subscribe(() => {
        this.handover.setLive(drafts.getDrafts());
        // After the reveal the server empties the drafts: then the room closes.
        if (!this.options.facilitation().privateWriting && drafts.getDrafts().length === 0) this.closeDraftRoom();
      });
      drafts.connection.changed.subscribe(() => {
        if (drafts.connection.getState().refused === 'unauthorized') {
          // The stored personal token is no longer valid here: join afresh.
          this.closeDraftRoom();
          this.handover.forget();
          this.set({ me: null });
          void this.ensurePerson(true);
        }
      });
    } else if (!privateWriting && this.draftSession && this.handover.liveCount() === 0) {
      this.closeDraftRoom();
    }
  }

  private closeDraftRoom(): void {
    const drafts = this.draftSession;
    if (!drafts) return;
    this.draftSession = null;
    // Not during the update that told us: Yjs is still dispatching it.
    queueMicrotask(() => drafts.destroy());
    this.publishPresence();
  }

  private async refreshVotes(force = false): Promise<void> {
    const me = this.state.me;
    const voting = this.options.facilitation().voting;
    const key = voting ? `${voting.id}:${voting.state}` : '';
    if (!force && key === this.votesFor) return;
    this.votesFor = key;
    if (!voting || !me || !mayEditBoard(this.options.role)) {
      if (this.state.votes) this.set({ votes: null });
      return;
    }
    try {
      const votes = await fetchMyVotes(this.options.boardId, me.token);
      if (!this.destroyed && this.votesFor === key) this.set({ votes });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !this.destroyed) {
        this.set({ me: null });
        void this.ensurePerson(true);
      } else this.votesFor = '';
    }
  }

  /** My answer when a consent round starts, ends, or this page (re)joins: a reload shows what I answered. */
  private async refreshConsent(force = false): Promise<void> {
    const me = this.state.me;
    const round = this.options.facilitation().consent;
    if (!force && (round?.id ?? '') === this.consentSeen) return;
    this.consentSeen = round?.id ?? '';
    if (!round || !me || !mayEditBoard(this.options.role)) {
      if (this.state.consent) this.set({ consent: null });
      return;
    }
    try {
      const { mine } = await fetchMyConsent(this.options.boardId, me.token);
      if (!this.destroyed && this.consentSeen === round.id) this.set({ consent: mine });
    } catch {
      this.consentSeen = '';
    }
  }
}
