/**
 * Facilitation state lives in the board's `control` document, which only
 * facilitator connections (and the server itself) may write; the server drops
 * anyone else's updates. Layout of the `facilitation` Y.Map:
 * - phase, phaseOrder (PhaseId[]), phaseMinutes (Record<PhaseId, number>)
 * - timer: TimerState (server clock; see shared/timer.ts)
 * - lockedColumns: ColumnId[]; privateWriting, anonymous: boolean
 * - voting: VotingRound | null (the open or closed round; ballots are on the server only)
 * - voteResults: VoteResult[] (revealed tallies, saved with the board)
 * - spotlight: Spotlight | null; follow: FollowState; summon: number (bump = bring everyone here)
 * - shownResult, consent, readBack, joinCodeHidden, participantLinkResets: what the room is doing (see roomState.ts)
 * The `people` Y.Map beside it is people.ts's.
 */
import type * as Y from 'yjs';
import { isColumnId, type ColumnId } from '../model.ts';
import { LOCAL_ORIGIN, type Origin } from './origin.ts';

export { peopleInWorkshop, putPerson, readPeople, removePerson, type Person } from './people.ts';
import {
  clearForNewPhase, readConsentRound, readReadBack, readShownResult, type ConsentRound, type ReadBackState, type ShownResult,
} from './roomState.ts';

export type { CommitmentTally, ConsentRound } from './roomState.ts';

export const PHASES = [
  { id: 'frame', title: 'Frame', minutes: 10, column: null },
  { id: 'goals', title: 'Goals', minutes: 15, column: 'goal' },
  { id: 'who', title: 'Who', minutes: 15, column: 'segment' },
  { id: 'value', title: 'Customer value', minutes: 20, column: 'value' },
  { id: 'behaviours', title: 'Behaviours', minutes: 20, column: 'behaviour' },
  { id: 'indicators', title: 'Indicators', minutes: 20, column: 'indicator' },
  { id: 'initiatives', title: 'Initiatives', minutes: 25, column: 'initiative' },
  { id: 'trace', title: 'Trace check', minutes: 15, column: null },
  { id: 'commit', title: 'Commit', minutes: 25, column: null },
  { id: 'close', title: 'Close', minutes: 10, column: null },
] as const satisfies readonly { id: string; title: string; minutes: number; column: ColumnId | null }[];
export type PhaseId = (typeof PHASES)[number]['id'];

/**
 * The phases of a portfolio's workshop: it holds only the company's goals and
 * segments, so customer value, behaviours, indicators, initiatives, the trace
 * check and commitments happen on its product boards, not here.
 */
export const PORTFOLIO_PHASES: readonly PhaseId[] = ['frame', 'goals', 'who', 'close'];

/**
 * The phases a board's workshop steps through, in the facilitator's order
 * (`order`, always every phase in the control document): a portfolio's are
 * PORTFOLIO_PHASES.
 */
export function workshopPhases(order: readonly PhaseId[], kind: 'portfolio' | undefined): PhaseId[] {
  return kind === 'portfolio' ? order.filter((p) => PORTFOLIO_PHASES.includes(p)) : [...order];
}

export function isPhaseId(value: unknown): value is PhaseId {
  return PHASES.some((p) => p.id === value);
}

export interface TimerState {
  /** idle: not started; running: ends at `endsAt` (server ms); paused: `remainingMs` left. */
  state: 'idle' | 'running' | 'paused';
  durationMs: number;
  endsAt?: number;
  remainingMs?: number;
  /**
   * The phase the timebox was started in (absent on timers started before it
   * was recorded): "I'm done" counts on the wall only in that phase, not in
   * the next ones a timebox left running follows the room into.
   */
  phase?: PhaseId;
}

export interface VotingRound {
  id: string;
  columns: ColumnId[];
  votesPerPerson: number;
  /** Whether one person may put several votes on one card. */
  allowMultiple: boolean;
  state: 'open' | 'closed';
  /** How many people have cast at least one vote (a count only; the server keeps it). */
  voted?: number;
}

export interface VoteResult {
  roundId: string;
  columns: ColumnId[];
  votesPerPerson: number;
  voters: number;
  /** Sorted by votes, most first (ties by card id): the ranking. */
  tally: { card: string; votes: number }[];
  revealedAt: number;
  /** The phase it was revealed in. */
  phase?: PhaseId;
}

export type Spotlight = { kind: 'card'; id: string } | { kind: 'column'; id: ColumnId };

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
  /** The board area the facilitator sees (board units), so other screens show the same area. */
  width?: number;
  height?: number;
}

interface FollowState {
  on: boolean;
  viewport?: Viewport;
}

export interface Facilitation {
  phase: PhaseId;
  phaseOrder: PhaseId[];
  phaseMinutes: Record<PhaseId, number>;
  timer: TimerState;
  lockedColumns: ColumnId[];
  privateWriting: boolean;
  anonymous: boolean;
  voting: VotingRound | null;
  voteResults: VoteResult[];
  spotlight: Spotlight | null;
  follow: FollowState;
  summon: number;
  shownResult: ShownResult | null;
  consent: ConsentRound | null;
  readBack: ReadBackState | null;
  joinCodeHidden: boolean;
  /** How many times the participant link was reset (server-written): the wall fetches its join code again on a change. */
  participantLinkResets: number;
}

function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facilitation');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readTimer(v: unknown): TimerState {
  if (!isObject(v) || !['idle', 'running', 'paused'].includes(v.state as string) || !finite(v.durationMs)) {
    return { state: 'idle', durationMs: 0 };
  }
  const out: TimerState = { state: v.state as TimerState['state'], durationMs: v.durationMs };
  if (finite(v.endsAt)) out.endsAt = v.endsAt;
  if (finite(v.remainingMs)) out.remainingMs = v.remainingMs;
  if (isPhaseId(v.phase)) out.phase = v.phase;
  return out;
}

function readVoting(v: unknown): VotingRound | null {
  if (!isObject(v) || typeof v.id !== 'string' || !Array.isArray(v.columns) || !finite(v.votesPerPerson)) return null;
  return {
    id: v.id,
    columns: v.columns.filter(isColumnId),
    votesPerPerson: v.votesPerPerson,
    allowMultiple: v.allowMultiple === true,
    state: v.state === 'closed' ? 'closed' : 'open',
    ...(finite(v.voted) && v.voted >= 0 ? { voted: v.voted } : {}),
  };
}

function readResults(v: unknown): VoteResult[] {
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is VoteResult => isObject(r) && typeof r.roundId === 'string' && Array.isArray(r.tally)).map((r) => ({
    roundId: r.roundId,
    columns: Array.isArray(r.columns) ? r.columns.filter(isColumnId) : [],
    votesPerPerson: finite(r.votesPerPerson) ? r.votesPerPerson : 0,
    voters: finite(r.voters) ? r.voters : 0,
    tally: r.tally.filter((t) => isObject(t) && typeof t.card === 'string' && finite(t.votes)).map((t) => ({ card: t.card, votes: t.votes })),
    revealedAt: finite(r.revealedAt) ? r.revealedAt : 0,
    ...(isPhaseId(r.phase) ? { phase: r.phase } : {}),
  }));
}

function readSpotlight(v: unknown): Spotlight | null {
  if (!isObject(v)) return null;
  if (v.kind === 'card' && typeof v.id === 'string') return { kind: 'card', id: v.id };
  if (v.kind === 'column' && isColumnId(v.id)) return { kind: 'column', id: v.id };
  return null;
}

function readViewport(vp: unknown): Viewport | null {
  if (!isObject(vp) || !finite(vp.x) || !finite(vp.y) || !finite(vp.zoom)) return null;
  const area = finite(vp.width) && finite(vp.height) && vp.width > 0 && vp.height > 0 ? { width: vp.width, height: vp.height } : {};
  return { x: vp.x, y: vp.y, zoom: vp.zoom, ...area };
}

function readFollow(v: unknown): FollowState {
  if (!isObject(v) || v.on !== true) return { on: false };
  const viewport = readViewport(v.viewport);
  return viewport ? { on: true, viewport } : { on: true };
}

export function readFacilitation(doc: Y.Doc): Facilitation {
  const map = facilitationMap(doc);
  const phase = map.get('phase');
  const locks = map.get('lockedColumns');
  const order = map.get('phaseOrder');
  const minutes = map.get('phaseMinutes');
  const defaults = Object.fromEntries(PHASES.map((p) => [p.id, p.minutes])) as Record<PhaseId, number>;
  const phaseOrder = Array.isArray(order) ? order.filter(isPhaseId) : [];
  return {
    phase: isPhaseId(phase) ? phase : 'frame',
    phaseOrder: phaseOrder.length === PHASES.length && new Set(phaseOrder).size === PHASES.length ? phaseOrder : PHASES.map((p) => p.id),
    phaseMinutes: isObject(minutes)
      ? Object.fromEntries(PHASES.map((p) => [p.id, finite(minutes[p.id]) && (minutes[p.id] as number) > 0 ? minutes[p.id] : p.minutes])) as Record<PhaseId, number>
      : defaults,
    timer: readTimer(map.get('timer')),
    lockedColumns: Array.isArray(locks) ? locks.filter(isColumnId) : [],
    privateWriting: map.get('privateWriting') === true,
    anonymous: map.get('anonymous') === true,
    voting: readVoting(map.get('voting')),
    voteResults: readResults(map.get('voteResults')),
    spotlight: readSpotlight(map.get('spotlight')),
    follow: readFollow(map.get('follow')),
    summon: finite(map.get('summon')) ? (map.get('summon') as number) : 0,
    shownResult: readShownResult(map.get('shownResult'), isPhaseId),
    consent: readConsentRound(map.get('consent')),
    readBack: readReadBack(map.get('readBack')),
    joinCodeHidden: map.get('joinCodeHidden') === true,
    participantLinkResets: finite(map.get('participantLinkResets')) ? (map.get('participantLinkResets') as number) : 0,
  };
}

const facilitationCache = new WeakMap<Y.Doc, Facilitation>();

/**
 * `readFacilitation`, read again only after the document changed: the
 * server consults the rules on every participant update, while the
 * facilitator changes them rarely.
 */
export function readFacilitationCached(doc: Y.Doc): Facilitation {
  let cached = facilitationCache.get(doc);
  if (!cached) {
    cached = readFacilitation(doc);
    facilitationCache.set(doc, cached);
    doc.once('update', () => facilitationCache.delete(doc));
  }
  return cached;
}

/** Calls `listener` after each transaction that writes the phase; returns how to stop. */
export function onPhaseChange(doc: Y.Doc, listener: () => void): () => void {
  const map = facilitationMap(doc);
  const observer = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has('phase')) listener();
  };
  map.observe(observer);
  return () => map.unobserve(observer);
}

function set(doc: Y.Doc, key: string, value: unknown, origin: Origin): void {
  doc.transact(() => facilitationMap(doc).set(key, value), origin);
}

/** A new phase: last phase's vote results, the read-back and the spotlight leave every screen with it (clearForNewPhase). */
export function setPhase(doc: Y.Doc, phase: PhaseId, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const map = facilitationMap(doc);
    if (map.get('phase') !== phase) clearForNewPhase(map);
    map.set('phase', phase);
  }, origin);
}
export function setPhaseOrder(doc: Y.Doc, order: PhaseId[], origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'phaseOrder', [...order], origin);
}
export function setPhaseMinutes(doc: Y.Doc, phase: PhaseId, minutes: number, origin: Origin = LOCAL_ORIGIN): void {
  const current = readFacilitation(doc).phaseMinutes;
  set(doc, 'phaseMinutes', { ...current, [phase]: minutes }, origin);
}
export function setLockedColumns(doc: Y.Doc, columns: ColumnId[], origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'lockedColumns', [...new Set(columns)], origin);
}
export function setPrivateWriting(doc: Y.Doc, on: boolean, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'privateWriting', on, origin);
}
export function setAnonymous(doc: Y.Doc, on: boolean, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'anonymous', on, origin);
}
export function setSpotlight(doc: Y.Doc, spotlight: Spotlight | null, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'spotlight', spotlight, origin);
}
export function setFollow(doc: Y.Doc, follow: FollowState, origin: Origin = LOCAL_ORIGIN): void {
  set(doc, 'follow', follow, origin);
}
/** "Bring everyone here": participants jump once to the facilitator's viewport. */
export function summonEveryone(doc: Y.Doc, viewport: Viewport, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const map = facilitationMap(doc);
    map.set('summonViewport', viewport);
    map.set('summon', (readFacilitation(doc).summon ?? 0) + 1);
  }, origin);
}
export function readSummonViewport(doc: Y.Doc): Viewport | null {
  return readViewport(facilitationMap(doc).get('summonViewport'));
}

/** Server-side writes (the server is the only writer of these keys in practice). */
export function setTimer(doc: Y.Doc, timer: TimerState, origin: Origin): void {
  set(doc, 'timer', timer, origin);
}
export function setVoting(doc: Y.Doc, voting: VotingRound | null, origin: Origin): void {
  set(doc, 'voting', voting, origin);
}
export function appendVoteResult(doc: Y.Doc, result: VoteResult, origin: Origin): void {
  const results = readFacilitation(doc).voteResults.filter((r) => r.roundId !== result.roundId);
  set(doc, 'voteResults', [...results, result], origin);
}
