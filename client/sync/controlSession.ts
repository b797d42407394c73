/**
 * The workshop's facilitation next to the board session: the control document
 * (phase, timer, locks, voting, spotlight, follow-me; only the facilitator's
 * writes are kept by the server), who is online and ready (awareness of the
 * control room), the server clock, and this person's own part: their personal
 * token, their secret votes and their private drafts. Components use it through
 * client/facilitation/hooks.ts and never see Yjs.
 */
import * as Y from 'yjs';
import * as control from '../../shared/doc/control.ts';
import { addCard } from '../../shared/doc/board.ts';
import type { Card, ColumnId } from '../../shared/model.ts';
import { mayEditBoard, roomName, type Role } from '../../shared/protocol.ts';
import { ApiError, fetchBoardAccess } from '../api/boards.ts';
import {
  castVote, facilitate, fetchMyVotes, joinBoard,
  type FacilitatorAction, type JoinedPerson, type MyVotes, type TimerAction,
} from '../api/facilitation.ts';
import { accessCheck, BoardConnection } from './connection.ts';
import { CardCuration } from './cardCuration.ts';
import { estimateClockOffset, personStore, readControlPeers, type ControlPeer } from './controlParts.ts';
import { DraftSession } from './draftSession.ts';
import type { BoardSession } from './session.ts';
import { createSignal } from './signal.ts';
import type { TextBindingOptions } from './textBinding.ts';

export type { Facilitation, Person, Spotlight, Viewport, VoteResult, VotingRound, PhaseId } from '../../shared/doc/control.ts';
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
  drafts: Card[];
  done: boolean;
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
  private people: control.Person[] = [];
  private peers: ControlPeer[] = [];
  private personal: PersonalState = { me: null, votes: null, drafts: [], done: false };
  private draftSession: DraftSession | null = null;
  private offsetMs = 0;
  private votesFor = '';
  private lastPhase: control.PhaseId | null = null;
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
    this.curation = new CardCuration(options.board, this.isFacilitator);
    this.cleanup.push(() => this.curation.destroy());
    this.connection = new BoardConnection(this.ydoc, roomName(options.boardId, 'control'), options.secret, `vcp-control-${options.boardId}`,
      accessCheck(() => fetchBoardAccess(options.boardId, options.secret)));
    this.ydoc.on('update', this.onControlUpdate);
    this.connection.awareness.on('change', this.onAwareness);
    this.publishPresence();
    if (this.board) {
      this.board.redirectNewCard = (column, text, after) => this.routeNewCard(column, text, after);
    }
    void this.syncClock();
    const resync = setInterval(() => void this.syncClock(), CLOCK_RESYNC_MS);
    this.cleanup.push(() => clearInterval(resync));
    // Viewers and reviewers take no part in the workshop's rounds: no person for them.
    if (mayEditBoard(options.role)) void this.ensurePerson();
  }

  // ------------------------------------------------------------ reads

  getFacilitation = (): control.Facilitation => this.facilitation;
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
    this.setPersonal({ done });
    this.publishPresence();
  }

  addDraft(column: ColumnId, text = ''): string | undefined {
    if (!this.draftSession) return undefined;
    return this.draftSession.add(column, text, this.facilitation.anonymous ? undefined : this.personal.me?.name ?? this.name);
  }
  deleteDraft(id: string): void {
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
    const people = control.readPeople(this.ydoc);
    if (JSON.stringify(people) !== JSON.stringify(this.people)) this.people = people;
    // "I'm done" belongs to one timebox: a new phase starts everyone afresh.
    if (this.lastPhase !== null && this.lastPhase !== next.phase && this.personal.done) this.setDone(false);
    this.lastPhase = next.phase;
    this.updateDraftRoom();
    void this.refreshVotes();
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
      drafts: this.personal.drafts.length,
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
      if (this.destroyed || !me) return null;
      this.setPersonal({ me });
      this.publishPresence();
      this.updateDraftRoom();
      void this.refreshVotes(true);
      return me;
    })();
    return this.joining;
  }

  private updateDraftRoom(): void {
    const me = this.personal.me;
    if (this.facilitation.privateWriting && !me && mayEditBoard(this.role)) void this.ensurePerson();
    if (this.facilitation.privateWriting && me && !this.draftSession) {
      const drafts = new DraftSession(this.boardId, me.personId, me.token);
      this.draftSession = drafts;
      drafts.changed.subscribe(() => {
        this.setPersonal({ drafts: drafts.getDrafts() });
        this.publishPresence();
        // After the reveal the server empties the drafts: then the room closes.
        if (!this.facilitation.privateWriting && drafts.getDrafts().length === 0) this.closeDraftRoom();
      });
      drafts.connection.changed.subscribe(() => {
        if (drafts.connection.getState().refused === 'unauthorized') {
          // The stored personal token is no longer valid here: join afresh.
          this.closeDraftRoom();
          this.setPersonal({ me: null });
          void this.ensurePerson(true);
        }
      });
    } else if (!this.facilitation.privateWriting && this.draftSession && this.personal.drafts.length === 0) {
      this.closeDraftRoom();
    }
  }

  private closeDraftRoom(): void {
    const drafts = this.draftSession;
    if (!drafts) return;
    this.draftSession = null;
    // Not during the update that told us: Yjs is still dispatching it.
    queueMicrotask(() => drafts.destroy());
    this.setPersonal({ drafts: [] });
    this.publishPresence();
  }

  private async refreshVotes(force = false): Promise<void> {
    const me = this.personal.me;
    const voting = this.facilitation.voting;
    const key = voting ? `${voting.id}:${voting.state}` : '';
    if (!force && key === this.votesFor) return;
    this.votesFor = key;
    if (!voting || !me) {
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

  private async syncClock(): Promise<void> {
    const offset = await estimateClockOffset();
    if (offset !== undefined && !this.destroyed) {
      this.offsetMs = offset;
      this.clockChanged.emit();
    }
  }
}
