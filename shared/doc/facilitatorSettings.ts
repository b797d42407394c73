/**
 * The facilitator's console settings, kept in the board's control document
 * (which only facilitator connections may write), so they survive closing the
 * console, a reload and a switch to another facilitator device. Layout: the
 * `settings` Y.Map of the control document, one key per setting, so two
 * facilitator devices changing different settings at once both land:
 * - autoStartTimer: boolean — start the phase's timebox when the phase changes
 * - votesPerPerson: number (1–50), allowMultiple: boolean — the next voting round
 * - voteColumns: { phase, columns } — the columns chosen for the next round in
 *   that phase (in another phase the round defaults to that phase's column)
 * Reads validate: anything a buggy client wrote reads as the default.
 */
import type * as Y from 'yjs';
import { isColumnId, type ColumnId } from '../model.ts';
import { LOCAL_ORIGIN, type Origin } from './origin.ts';
import { isPhaseId, type PhaseId } from './control.ts';

export interface FacilitatorSettings {
  autoStartTimer: boolean;
  votesPerPerson: number;
  allowMultiple: boolean;
  voteColumns: { phase: PhaseId; columns: ColumnId[] } | null;
}

const DEFAULT_SETTINGS: Readonly<FacilitatorSettings> = Object.freeze({ autoStartTimer: false, votesPerPerson: 3, allowMultiple: false, voteColumns: null });

export const MAX_VOTES_PER_PERSON = 50;

function settingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('settings');
}

const isVoteBudget = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_VOTES_PER_PERSON;

/** The settings as stored, each one validated (anything else reads as its default). */
export function readSettings(doc: Y.Doc): FacilitatorSettings {
  const map = settingsMap(doc);
  const votes = map.get('votesPerPerson');
  const columns = map.get('voteColumns') as { phase?: unknown; columns?: unknown } | undefined;
  const chosen = columns && typeof columns === 'object' && isPhaseId(columns.phase) && Array.isArray(columns.columns) ? columns.columns.filter(isColumnId) : null;
  return {
    autoStartTimer: map.get('autoStartTimer') === true,
    votesPerPerson: isVoteBudget(votes) ? votes : DEFAULT_SETTINGS.votesPerPerson,
    allowMultiple: map.get('allowMultiple') === true,
    voteColumns: chosen ? { phase: columns!.phase as PhaseId, columns: [...new Set(chosen)] } : null,
  };
}

/** Start (true) or only reset (false) the phase's timebox when the phase changes. */
export function setAutoStartTimer(doc: Y.Doc, on: boolean, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => settingsMap(doc).set('autoStartTimer', on), origin);
}

/** The next voting round's budget and whether one person may put several votes on a card. Throws on a budget outside 1–50. */
export function setVotingDefaults(doc: Y.Doc, patch: Partial<Pick<FacilitatorSettings, 'votesPerPerson' | 'allowMultiple'>>, origin: Origin = LOCAL_ORIGIN): void {
  if (patch.votesPerPerson !== undefined && !isVoteBudget(patch.votesPerPerson)) throw new Error(`votes per person must be a whole number from 1 to ${MAX_VOTES_PER_PERSON}`);
  doc.transact(() => {
    if (patch.votesPerPerson !== undefined) settingsMap(doc).set('votesPerPerson', patch.votesPerPerson);
    if (patch.allowMultiple !== undefined) settingsMap(doc).set('allowMultiple', patch.allowMultiple);
  }, origin);
}

/** The columns of the next voting round, chosen during `phase`. */
export function setVoteColumns(doc: Y.Doc, phase: PhaseId, columns: readonly ColumnId[], origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => settingsMap(doc).set('voteColumns', { phase, columns: [...new Set(columns.filter(isColumnId))] }), origin);
}

/** The columns a new round in `phase` is set up for: the ones chosen in this phase, else the phase's own column. */
export function voteColumnsFor(settings: FacilitatorSettings, phase: PhaseId, phaseColumn: ColumnId | null): ColumnId[] {
  if (settings.voteColumns?.phase === phase) return settings.voteColumns.columns;
  return [phaseColumn ?? 'initiative'];
}
