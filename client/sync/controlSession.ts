/**
 * The workshop's facilitation next to the board session: the control document
 * (phase, timer, locks, voting, spotlight, follow-me; only the facilitator's
 * writes are kept by the server), who is online and ready (awareness of the
 * control room), the server clock, and this person's own part: their personal
 * token, their secret votes and their private drafts. Components use it through
 * client/sync/controlHooks.ts and never see Yjs.
 */
import * as Y from 'yjs';
import * as control from '../../shared/doc/control.ts';
import * as settings from '../../shared/doc/facilitatorSettings.ts';
import * as roomState from '../../shared/doc/roomState.ts';
import { addCard, readCard } from '../../shared/doc/board.ts';
import type { Card, ColumnId, ConsentMethod } from '../../shared/model.ts';
import { mayEditBoard, roomName, type Role } from '../../shared/protocol.ts';
import { ApiError, fetchBoardAccess } from '../api/boards.ts';
import {
  answerConsent, castVote, facilitate, fetchConsentAnswers, fetchMyConsent, fetchMyVotes, joinBoard,
  type ConsentAnswer, type ConsentValue, type FacilitatorAction, type JoinedPerson, type MyVotes, type TimerAction,
} from '../api/facilitation.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { CardCuration } from './cardCuration.ts';
import { estimateClockOffset, personStore, readControlPeers, type ControlPeer } from './controlParts.ts';
import { DraftSession } from './draftSession.ts';
import { DraftHandover } from './draftHandover.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import type { TextBindingOptions } from './textBinding.ts';

export type { ConsentRound, Facilitation, Person, Spotlight, Viewport, VoteResult, VotingRound, PhaseId } from '../../shared/doc/control.ts';
export type { FacilitatorSettings } from '../../shared/doc/facilitatorSettings.ts';
export type { ConsentAnswer, ConsentValue } from '../api/facilitation.ts';
export type { CardGroup } from '../../shared/doc/ext-groups.ts';
export type { MyVotes } from '../api/facilitation.ts';
export type { ControlPeer } from './controlParts.ts';

export interface ControlSessionOptions {
  boardId: string;
  /** The board secret the page was opened with (its role's secret). */
  secret: string;
  role: Role;
  name: string;
  /** The open board, for card status, clusters and routing new cards to drafts. */
  board?: BoardSession;
}

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
}

const CLOCK_RESYNC_MS = 5 * 60_000;

export class ControlSession {
  readonly boardId: string;
  readonly role: Role;
  readonly isFacilitator: boolean;
  readonly connection: BoardConnection;
  /** Facilitation state or the people list changed. */
  readonly changed = createSignal();
  readonly peersChanged = createSignal();
  readonly personalChanged = createSignal();
  readonly clockChanged = createSignal();
  /** The facilitator's promote / park / reject and clusters on the board. */
  readonly curation: CardCuration;
  private readonly ydoc = new Y.Doc();
  private readonly secret: string;
  private readonly name: string;
  private readonly board: BoardSession | undefined;
  private facilitation: control.Facilitation;
  private settings: settings.FacilitatorSettings;
  private people: control.Person[] = [];
  private peers: ControlPeer[] = [];
  private personal: PersonalState = { me: null, votes: null, drafts: [], revealing: [], done: false, doneFor: '', consent: null };
  private readonly handover: DraftHandover;
  private draftSession: DraftSession | null = null;
  private offsetMs = 0;
  private votesFor = '';
  private consentSeen = '';
  private lastActivity: string | null = null;
  private destroyed = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(options: ControlSessionOptions) {
    this.boardId = options.boardId;
    this.role = options.role;
    this.isFacilitator = options.role === 'facilitator';
    this.secret = options.secret;
    this.name = options.name;
    this.board = options.board;
    this.facilitation = control.readFacilitation(this.ydoc);
    this.settings = settings.readSettings(this.ydoc);
    this.curation = new CardCuration(options.board, this.isFacilitator);
    const board = options.board;
    this.handover = new DraftHandover(
      (id) => board !== undefined && readCard(board.contentDoc, id) !== undefined,
      () => {
        this.setPersonal({ drafts: this.handover.shown(), revealing: this.handover.revealing() });
        this.publishPresence();
      },
    );
    this.cleanup.push(() => this.handover.destroy());
    if (board) this.cleanup.push(board.boardChanged.subscribe(() => this.handover.boardChanged()));
    this.cleanup.push(() => this.curation.destroy());
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'control'), options.secret, `vcp-control-${options.boardId}`,
      { checkAccess: accessCheck(() => fetchBoardAccess(options.boardId, options.secret)) });
    this.ydoc.on('update', this.onControlUpdate);
    this.connection.awareness.on('change', this.onAwareness);
    this.publishPresence();
    if (this.board) {
      this.board.redirectNewCard = (column, text, after) => this.routeNewCard(column, text, after);
    }
    void this.syncClock();
    const resync = setInterval(() => void this.syncClock(), CLOCK_RESYNC_MS);
    this.cleanup.push(() => clearInterval(resync));
    // Everyone but a viewer is a person: the server signs what they write with it. A reviewer's person
    // takes no part in the workshop's rounds (no drafts, votes or consent answers).
    if (options.role !== 'viewer') void this.ensurePerson();
  }

  // ------------------------------------------------------------ reads

  getFacilitation = (): control.Facilitation => this.facilitation;
  /** The facilitator's console settings (auto-start, voting set-up), shared by every facilitator device. */
  getSettings = (): settings.FacilitatorSettings => this.settings;
  getPeople = (): control.Person[] => this.people;
  /** Everyone else in the control room now (not viewers or the projector). */
  getPeers = (): ControlPeer[] => this.peers;
  getPersonal = (): PersonalState => this.personal;
  /** Milliseconds to add to this browser's clock to get the server's. */
  getClockOffset = (): number => this.offsetMs;
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }
  getSummonViewport(): control.Viewport | null {
    return control.readSummonViewport(this.ydoc);
  }
  /** Whether new cards of this person go to their private drafts now. */
  writesDrafts(): boolean {
    return this.facilitation.privateWriting && this.draftSession !== null;
  }

  // ------------------------------------------------------------ facilitator: the control document

  setPhase(phase: control.PhaseId): void {
    if (this.isFacilitator) control.setPhase(this.ydoc, phase);
  }
  /**
   * Moves the workshop to `phase` and sets the timer to its timebox: running
   * if the "start the timebox when the phase changes" setting is on, else reset.
   */
  goToPhase(phase: control.PhaseId): Promise<unknown> {
    if (!this.isFacilitator) return Promise.resolve();
    control.setPhase(this.ydoc, phase);
    const minutes = this.facilitation.phaseMinutes[phase];
    return this.timer(this.settings.autoStartTimer ? 'start' : 'reset', minutes);
  }
  setAutoStartTimer(on: boolean): void {
    if (this.isFacilitator) settings.setAutoStartTimer(this.ydoc, on);
  }
  /** The next voting round's budget and "several on one card" (kept for every facilitator device). */
  setVotingDefaults(patch: Partial<Pick<settings.FacilitatorSettings, 'votesPerPerson' | 'allowMultiple'>>): void {
    if (this.isFacilitator) settings.setVotingDefaults(this.ydoc, patch);
  }
  /** The columns of the next voting round, for the current phase. */
  setVoteColumns(columns: ColumnId[]): void {
    if (this.isFacilitator) settings.setVoteColumns(this.ydoc, this.facilitation.phase, columns);
  }
  setPhaseOrder(order: control.PhaseId[]): void {
    if (this.isFacilitator) control.setPhaseOrder(this.ydoc, order);
  }
  setPhaseMinutes(phase: control.PhaseId, minutes: number): void {
    if (this.isFacilitator && Number.isFinite(minutes) && minutes > 0) control.setPhaseMinutes(this.ydoc, phase, Math.round(minutes));
  }
  setLockedColumns(columns: ColumnId[]): void {
    if (this.isFacilitator) control.setLockedColumns(this.ydoc, columns);
  }
  setPrivateWriting(on: boolean): void {
    if (this.isFacilitator) control.setPrivateWriting(this.ydoc, on);
  }
  setAnonymous(on: boolean): void {
    if (this.isFacilitator) control.setAnonymous(this.ydoc, on);
  }
  setSpotlight(spotlight: control.Spotlight | null): void {
    if (this.isFacilitator) control.setSpotlight(this.ydoc, spotlight);
  }
  /** Follow-me on or off; `viewport` is the facilitator's view (board centre and zoom). */
  setFollow(on: boolean, viewport?: control.Viewport): void {
    if (this.isFacilitator) control.setFollow(this.ydoc, on ? { on, ...(viewport ? { viewport } : {}) } : { on: false });
  }
  summonEveryone(viewport: control.Viewport): void {
    if (this.isFacilitator) control.summonEveryone(this.ydoc, viewport);
  }
  /** Puts a revealed vote result on every screen for this phase, or takes it off (null). */
  showResult(roundId: string | null): void {
    if (this.isFacilitator) roomState.setShownResult(this.ydoc, roundId ? { roundId, phase: this.facilitation.phase } : null);
  }
  /** The read-back on the projector at a slide, or off (null). */
  setReadBack(index: number | null): void {
    if (this.isFacilitator) roomState.setReadBack(this.ydoc, index === null ? null : { index: Math.max(0, Math.trunc(index)) });
  }
  setJoinCodeHidden(hidden: boolean): void {
    if (this.isFacilitator) roomState.setJoinCodeHidden(this.ydoc, hidden);
  }

  // ------------------------------------------------------------ facilitator: server actions

  timer(op: TimerAction, minutes?: number): Promise<unknown> {
    return this.act({ action: 'timer', op, ...(minutes !== undefined ? { minutes } : {}) });
  }
  startVoting(columns: ColumnId[], votesPerPerson: number, allowMultiple: boolean): Promise<unknown> {
    return this.act({ action: 'startVoting', columns, votesPerPerson, allowMultiple });
  }
  votingAction(action: 'closeVoting' | 'revealVotes' | 'cancelVoting'): Promise<unknown> {
    return this.act({ action });
  }
  async revealDrafts(): Promise<number> {
    const result = await this.act<{ revealed: number }>({ action: 'revealDrafts' });
    return result.revealed;
  }
  startConsent(commitments: string[], method: ConsentMethod): Promise<unknown> {
    return this.act({ action: 'startConsent', commitments, method });
  }
  consentAction(action: 'closeConsent' | 'endConsent'): Promise<unknown> {
    return this.act({ action });
  }
  /** Records the answer of someone without a device. */
  consentFor(name: string, value: ConsentValue, objection?: string): Promise<unknown> {
    return this.act({ action: 'consentFor', name, value, ...(objection?.trim() ? { objection } : {}) });
  }
  /** Who answered what, once the round is closed. */
  consentAnswers(): Promise<{ responses: ConsentAnswer[] }> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return fetchConsentAnswers(this.boardId, this.secret);
  }

  // ------------------------------------------------------------ everyone: votes, readiness, drafts

  /** Adds or removes one of my votes; the server checks the round's rules and my budget. */
  async vote(cardId: string, op: 'add' | 'remove'): Promise<void> {
    let me = await this.ensurePerson();
    if (!me) throw new ApiError(0, 'no-person', 'You could not join this board yet: check your connection.');
    try {
      this.setPersonal({ votes: await castVote(this.boardId, me.token, cardId, op) });
    } catch (error) {
      // A token this server no longer knows (say, a restored board): join afresh and try once more.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.setPersonal({ me: null });
      me = await this.ensurePerson(true);
      if (!me) throw error;
      this.setPersonal({ votes: await castVote(this.boardId, me.token, cardId, op) });
    }
  }

  setDone(done: boolean): void {
    if (this.personal.done === done) return;
    this.setPersonal({ done, doneFor: done ? roomState.activityKey(this.facilitation) : '' });
    this.publishPresence();
  }

  /** My answer in the open consent round (changeable until the facilitator closes it). */
  async answerConsent(value: ConsentValue, objection?: string): Promise<void> {
    const round = this.facilitation.consent;
    if (!round || round.state !== 'open') throw new ApiError(409, 'closed', 'The consent round is closed.');
    const me = await this.ensurePerson();
    if (!me) throw new ApiError(0, 'no-person', 'You could not join this board yet: check your connection.');
    const { mine } = await answerConsent(this.boardId, me.token, round.id, value, objection);
    this.setPersonal({ consent: mine });
  }

  addDraft(column: ColumnId, text = ''): string | undefined {
    if (!this.draftSession) return undefined;
    return this.draftSession.add(column, text, this.facilitation.anonymous ? undefined : this.personal.me?.name ?? this.name);
  }
  deleteDraft(id: string): void {
    this.handover.deletedByMe(id);
    this.draftSession?.remove(id);
  }
  bindDraftText(cardId: string, field: HTMLTextAreaElement | HTMLInputElement, options: Omit<TextBindingOptions, 'readOnly'> = {}): () => void {
    return this.draftSession?.bindText(cardId, field, options) ?? (() => {});
  }

  destroy(): void {
    this.destroyed = true;
    if (this.board?.redirectNewCard) this.board.redirectNewCard = null;
    for (const fn of this.cleanup) fn();
    this.connection.awareness.off('change', this.onAwareness);
    this.connection.awareness.setLocalState(null);
    this.draftSession?.destroy();
    this.draftSession = null;
    this.connection.destroy();
    this.ydoc.destroy();
  }

  // ------------------------------------------------------------ internals

  /** Private writing: into my drafts. Anonymous mode: onto the board without an author (whatever the role). */
  private routeNewCard(column: ColumnId, text: string, after?: string): string | undefined {
    if (this.writesDrafts()) return this.addDraft(column, text);
    if (this.facilitation.anonymous && this.board?.canEdit) return addCard(this.board.contentDoc, { column, text, ...(after ? { after } : {}) });
    return undefined;
  }

  private act<T = unknown>(action: FacilitatorAction): Promise<T> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return facilitate<T>(this.boardId, this.secret, action);
  }

  private onControlUpdate = (): void => {
    const next = control.readFacilitation(this.ydoc);
    const previous = this.facilitation;
    this.facilitation = JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
    const nextSettings = settings.readSettings(this.ydoc);
    if (JSON.stringify(nextSettings) !== JSON.stringify(this.settings)) this.settings = nextSettings;
    const people = control.readPeople(this.ydoc);
    if (JSON.stringify(people) !== JSON.stringify(this.people)) this.people = people;
    // "I'm done" belongs to one activity: a new phase, voting round, private writing or consent round starts everyone afresh.
    const activity = roomState.activityKey(next);
    if (this.lastActivity !== null && this.lastActivity !== activity && this.personal.done) this.setDone(false);
    this.lastActivity = activity;
    this.updateDraftRoom();
    void this.refreshVotes();
    void this.refreshConsent();
    this.changed.emit();
  };

  private onAwareness = (): void => {
    const peers = readControlPeers(this.connection.awareness);
    if (JSON.stringify(peers) !== JSON.stringify(this.peers)) {
      this.peers = peers;
      this.peersChanged.emit();
    }
  };

  private publishPresence(): void {
    if (this.destroyed) return;
    const me = this.personal.me;
    if (!me) {
      this.connection.awareness.setLocalState(null);
      return;
    }
    this.connection.awareness.setLocalState({
      person: { id: me.personId, name: me.name, role: me.role },
      done: this.personal.done,
      doneFor: this.personal.doneFor,
      drafts: this.handover.liveCount(),
    });
  }

  private setPersonal(patch: Partial<PersonalState>): void {
    this.personal = { ...this.personal, ...patch };
    this.personalChanged.emit();
  }

  private joining: Promise<JoinedPerson | null> | null = null;

  /** This browser's person on the board: remembered, or joined now with the display name. */
  private ensurePerson(forceNew = false): Promise<JoinedPerson | null> {
    if (this.role === 'viewer') return Promise.resolve(null);
    if (this.personal.me && !forceNew) return Promise.resolve(this.personal.me);
    this.joining ??= (async () => {
      let me = forceNew ? null : personStore.read(this.boardId, this.role);
      if (!me) {
        if (forceNew) personStore.write(this.boardId, this.role, null);
        try {
          me = await joinBoard(this.boardId, this.secret, this.name);
          personStore.write(this.boardId, this.role, me);
        } catch {
          // Offline or refused: votes and drafts wait until the next try.
          me = null;
        }
      }
      this.joining = null;
      if (!this.destroyed) this.board?.usePerson(me?.token);
      if (this.destroyed || !me) return null;
      this.setPersonal({ me });
      this.publishPresence();
      this.updateDraftRoom();
      void this.refreshVotes(true);
      void this.refreshConsent(true);
      return me;
    })();
    return this.joining;
  }

  private updateDraftRoom(): void {
    const me = this.personal.me;
    if (this.facilitation.privateWriting && !me && mayEditBoard(this.role)) void this.ensurePerson();
    if (this.facilitation.privateWriting && me && !this.draftSession && mayEditBoard(this.role)) {
      const drafts = new DraftSession(this.boardId, me.personId, me.token);
      this.draftSession = drafts;
      drafts.changed.subscribe(() => {
        this.handover.setLive(drafts.getDrafts());
        // After the reveal the server empties the drafts: then the room closes.
        if (!this.facilitation.privateWriting && drafts.getDrafts().length === 0) this.closeDraftRoom();
      });
      drafts.connection.changed.subscribe(() => {
        if (drafts.connection.getState().refused === 'unauthorized') {
          // The stored personal token is no longer valid here: join afresh.
          this.closeDraftRoom();
          this.handover.forget();
          this.setPersonal({ me: null });
          void this.ensurePerson(true);
        }
      });
    } else if (!this.facilitation.privateWriting && this.draftSession && this.handover.liveCount() === 0) {
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
    const me = this.personal.me;
    const voting = this.facilitation.voting;
    const key = voting ? `${voting.id}:${voting.state}` : '';
    if (!force && key === this.votesFor) return;
    this.votesFor = key;
    if (!voting || !me || !mayEditBoard(this.role)) {
      if (this.personal.votes) this.setPersonal({ votes: null });
      return;
    }
    try {
      const votes = await fetchMyVotes(this.boardId, me.token);
      if (!this.destroyed && this.votesFor === key) this.setPersonal({ votes });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !this.destroyed) {
        this.setPersonal({ me: null });
        void this.ensurePerson(true);
      } else this.votesFor = '';
    }
  }

  /** My answer when a consent round starts, ends, or this page (re)joins: a reload shows what I answered. */
  private async refreshConsent(force = false): Promise<void> {
    const me = this.personal.me;
    const round = this.facilitation.consent;
    if (!force && (round?.id ?? '') === this.consentSeen) return;
    this.consentSeen = round?.id ?? '';
    if (!round || !me || !mayEditBoard(this.role)) {
      if (this.personal.consent) this.setPersonal({ consent: null });
      return;
    }
    try {
      const { mine } = await fetchMyConsent(this.boardId, me.token);
      if (!this.destroyed && this.consentSeen === round.id) this.setPersonal({ consent: mine });
    } catch {
      this.consentSeen = '';
    }
  }

  private async syncClock(): Promise<void> {
    const offset = await estimateClockOffset();
    if (offset !== undefined && !this.destroyed) {
      this.offsetMs = offset;
      this.clockChanged.emit();
    }
  }
}
