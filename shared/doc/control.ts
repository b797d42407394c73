/**
 * Facilitation state lives in the board's `control` document, which only
 * facilitator connections may write (the server drops anyone else's updates).
 * Layout: `facilitation` Y.Map: phase, timer ({ endsAt | remainingMs, running }), locks (column ids).
 */
import type * as Y from 'yjs';
import { isColumnId, type ColumnId } from '../model.ts';
import { LOCAL_ORIGIN } from './board.ts';

export const PHASES = [
  { id: 'frame', title: 'Frame', minutes: 10 },
  { id: 'goals', title: 'Goals', minutes: 15 },
  { id: 'who', title: 'Who', minutes: 15 },
  { id: 'value', title: 'Customer value', minutes: 20 },
  { id: 'behaviours', title: 'Behaviours', minutes: 20 },
  { id: 'indicators', title: 'Indicators', minutes: 20 },
  { id: 'initiatives', title: 'Initiatives', minutes: 25 },
  { id: 'trace', title: 'Trace check', minutes: 15 },
  { id: 'commit', title: 'Commit', minutes: 25 },
  { id: 'close', title: 'Close', minutes: 10 },
] as const;
export type PhaseId = (typeof PHASES)[number]['id'];

export function isPhaseId(value: unknown): value is PhaseId {
  return PHASES.some((p) => p.id === value);
}

export interface Facilitation {
  phase: PhaseId;
  lockedColumns: ColumnId[];
}

function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('facilitation');
}

export function readFacilitation(doc: Y.Doc): Facilitation {
  const map = facilitationMap(doc);
  const phase = map.get('phase');
  const locks = map.get('lockedColumns');
  return {
    phase: isPhaseId(phase) ? phase : 'frame',
    lockedColumns: Array.isArray(locks) ? locks.filter(isColumnId) : [],
  };
}

export function setPhase(doc: Y.Doc, phase: PhaseId, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => facilitationMap(doc).set('phase', phase), origin);
}

export function setLockedColumns(doc: Y.Doc, columns: ColumnId[], origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => facilitationMap(doc).set('lockedColumns', [...new Set(columns)]), origin);
}
