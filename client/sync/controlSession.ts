/**
 * The workshop's facilitation next to the board session: the control document
 * (phase, timer, locks, voting, spotlight, follow-me; only the facilitator's
 * writes are kept by the server), who is online and ready (awareness of the
 * control room) and the server clock. This person's own part (their personal
 * token, secret votes, consent answer and private drafts) is `mine`
 * (personalPart.ts). Components use it through client/sync/controlHooks.ts and
 * never see Yjs.
 */
import * as Y from 'yjs';
import * as control from '../../shared/doc/control.ts';
import * as settings from '../../shared/doc/facilitatorSettings.ts';
import * as roomState from '../../shared/doc/roomState.ts';
import { addCard, cardsAddedBy } from '../../shared/doc/index.ts';
import type { ColumnId, ConsentMethod } from '../../shared/model.ts';
import { Limits, roomName, type Role } from '../../shared/protocol.ts';
import { ApiError, fetchBoardAccess } from '../api/boards.ts';
import { facilitate, fetchConsentAnswers, removePerson, removeRevokedPeople, withoutBlank, type ConsentResponse, type FacilitatorAction, type GivenAnswer, type TimerAction } from '../api/facilitation.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { personConnection } from './personStore.ts';
import { CardCuration } from './cardCuration.ts';
import { estimateClockOffset, readControlPeers, type ControlPeer } from './controlParts.ts';
import { PersonalPart } from './personalPart.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';

export type { ConsentRound, Facilitation, Person, Spotlight, Viewport, VoteResult, VotingRound, PhaseId } from '../../shared/doc/control.ts';
export type { FacilitatorSettings } from '../../shared/doc/facilitatorSettings.ts';
export type { ConsentAnswer, ConsentResponse, ConsentValue, GivenAnswer } from '../api/facilitation.ts';
export type { CardGroup } from '../../shared/doc/ext-groups.ts';
export type { MyVotes } from '../api/facilitation.ts';
export type { ControlPeer } from './controlParts.ts';
export type { PersonalState } from './personalPart.ts';

export interface ControlSessionOptions {
  boardId: string;
  /** The board secret the page was opened with (its role's secret). */
  secret: string;
  role: Role;
  name: string;
  /** The open board, for card status, clusters and routing new cards to drafts. */
  board?: BoardSession;
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
  readonly clockChanged = createSignal();
  /** The facilitator's promote / park / reject and clusters on the board. */
  readonly curation: CardCuration;
  /** This person's own part: their person, votes, consent answer, "I'm done" and private drafts (personalPart.ts). */
  readonly mine: PersonalPart;
  private readonly ydoc = new Y.Doc();
  private readonly secret: string;
  private readonly board: BoardSession | undefined;
  private facilitation: control.Facilitation;
  private settings: settings.FacilitatorSettings;
  private people: control.Person[] = [];
  private peers: ControlPeer[] = [];
  private offsetMs = 0;
  private lastActivity: string | null = null;
  private destroyed = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(options: ControlSessionOptions) {
    this.boardId = options.boardId;
    this.role = options.role;
    this.isFacilitator = options.role === 'facilitator';
    this.secret = options.secret;
    this.board = options.board;
    this.facilitation = control.readFacilitation(this.ydoc);
    this.settings = settings.readSettings(this.ydoc);
    this.curation = new CardCuration(options.board, this.isFacilitator);
    this.cleanup.push(() => this.curation.destroy());
    // The server lets this room's presence name only the person whose token opened the socket (who is
    // online and done, on the console and the wall): it connects as the board's socket does.
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'control'), options.secret, `vcp-control-${options.boardId}`, {
      ...personConnection(options.boardId, options.role).options,
      checkAccess: accessCheck(() => fetchBoardAccess(options.boardId, options.secret)),
    });
    this.ydoc.on('update', this.onControlUpdate);
    this.connection.awareness.on('change', this.onAwareness);
    this.mine = new PersonalPart({
      boardId: options.boardId, secret: options.secret, role: options.role, name: options.name, board: options.board,
      awareness: this.connection.awareness, facilitation: () => this.facilitation,
      onPerson: (me) => this.connection.setPerson(me?.token),
    });
    if (this.board) {
      const board = this.board;
      board.redirectNewCard = (column, text, after) => this.routeNewCard(column, text, after);
      // Removed by the facilitator: leave the room too (no presence, no joining again by itself).
      const leaveIfRemoved = () => {
        if (board.connection.getState().refused !== 'removed') return;
        this.mine.destroy();
        this.connection.setWorkingOffline(true);
      };
      this.cleanup.push(board.connection.changed.subscribe(leaveIfRemoved));
    }
    void this.syncClock();
    const resync = setInterval(() => void this.syncClock(), CLOCK_RESYNC_MS);
    this.cleanup.push(() => clearInterval(resync));
  }

  // ------------------------------------------------------------ reads

  getFacilitation = (): control.Facilitation => this.facilitation;
  /** The facilitator's console settings (auto-start, voting set-up), shared by every facilitator device. */
  getSettings = (): settings.FacilitatorSettings => this.settings;
  getPeople = (): control.Person[] => this.people;
  /** Everyone else in the control room now (not viewers or the projector). */
  getPeers = (): ControlPeer[] => this.peers;
  /** Milliseconds to add to this browser's clock to get the server's. */
  getClockOffset = (): number => this.offsetMs;
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }
  getSummonViewport(): control.Viewport | null {
    return control.readSummonViewport(this.ydoc);
  }

  // ------------------------------------------------------------ facilitator: the control document

  setPhase(phase: control.PhaseId): void {
    if (this.isFacilitator) control.setPhase(this.ydoc, phase);
  }
  /**
   * Moves the workshop to `phase` and sets the timer to its timebox: running for `phase` (the call may
   * overtake the phase written here) if "start the timebox when the phase changes" is on, else reset.
   */
  goToPhase(phase: control.PhaseId): Promise<unknown> {
    if (!this.isFacilitator) return Promise.resolve();
    control.setPhase(this.ydoc, phase);
    const minutes = this.facilitation.phaseMinutes[phase];
    return this.settings.autoStartTimer ? this.act({ action: 'timer', op: 'start', minutes, phase }) : this.timer('reset', minutes);
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
  /** Records the answers of someone without a device, each on its commitment. */
  consentFor(name: string, answers: readonly GivenAnswer[]): Promise<unknown> {
    return this.act({ action: 'consentForEach', name, answers: answers.map(withoutBlank) });
  }
  /** Who answered what on each commitment, once the round is closed. */
  consentAnswers(): Promise<{ responses: ConsentResponse[] }> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return fetchConsentAnswers(this.boardId, this.secret);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.board?.redirectNewCard) this.board.redirectNewCard = null;
    for (const fn of this.cleanup) fn();
    this.connection.awareness.off('change', this.onAwareness);
    this.mine.destroy();
    this.connection.destroy();
    this.ydoc.destroy();
  }

  // ------------------------------------------------------------ internals

  /** Private writing: into my drafts. Anonymous mode: onto the board without an author (whatever the role). */
  private routeNewCard(column: ColumnId, text: string, after?: string): string | undefined {
    if (this.mine.writesDrafts()) return this.mine.addDraft(column, text);
    if (this.facilitation.anonymous && this.board?.canEdit) return addCard(this.board.contentDoc, { column, text, ...(after ? { after } : {}) });
    return undefined;
  }

  /** Facilitator: removes a person from the board (not a facilitator); with `cards`, the cards they added too (but for agreed work). */
  removePerson(personId: string, options: { cards?: boolean } = {}): Promise<unknown> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return removePerson(this.boardId, this.secret, personId, options);
  }

  /** How many cards on the board these people added (signed with their person ids). */
  cardsAddedBy(personIds: readonly string[]): number {
    const doc = this.board?.contentDoc;
    return doc ? personIds.reduce((n, id) => n + cardsAddedBy(doc, id).length, 0) : 0;
  }

  /** Facilitator: removes everyone a link reset revoked who has not joined again. */
  removeRevokedPeople(): Promise<unknown> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return removeRevokedPeople(this.boardId, this.secret);
  }

  private act<T = unknown>(action: FacilitatorAction): Promise<T> {
    if (!this.isFacilitator) return Promise.reject(new ApiError(403, 'forbidden', 'Only the facilitator can do this.'));
    return facilitate<T>(this.boardId, this.secret, action);
  }

  private onControlUpdate = (): void => {
    const next = control.readFacilitation(this.ydoc);
    const previous = this.facilitation;
    this.facilitation = JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
    // On every page of the board (the phone's simple view too): what anonymity asks of this person's writes.
    this.board?.setAnonymous(next.anonymous);
    if (this.board) this.board.consentRound = next.consent ?? undefined;
    const nextSettings = settings.readSettings(this.ydoc);
    if (JSON.stringify(nextSettings) !== JSON.stringify(this.settings)) this.settings = nextSettings;
    const people = control.readPeople(this.ydoc);
    if (JSON.stringify(people) !== JSON.stringify(this.people)) {
      this.people = people;
      // Refused because the workshop was full: join as soon as the facilitator has made room.
      if (this.mine.get().refused && control.peopleInWorkshop(people) < Limits.maxPeople) this.mine.retryJoin();
    }
    const activity = roomState.activityKey(next);
    this.mine.facilitationChanged(this.lastActivity !== null && this.lastActivity !== activity);
    this.lastActivity = activity;
    this.changed.emit();
  };

  private onAwareness = (): void => {
    const peers = readControlPeers(this.connection.awareness);
    if (JSON.stringify(peers) !== JSON.stringify(this.peers)) {
      this.peers = peers;
      this.peersChanged.emit();
    }
  };

  private async syncClock(): Promise<void> {
    const offset = await estimateClockOffset();
    if (offset !== undefined && !this.destroyed) {
      this.offsetMs = offset;
      this.clockChanged.emit();
    }
  }
}
