/** What the projector shows, decided from the facilitation state alone (pure; tested in isolation). */
import type { Facilitation, VoteResult } from '../../shared/doc/control.ts';
import type { Card, ColumnId } from '../../shared/model.ts';
import { phaseInfo } from '../derive/phases.ts';
import { shownResult } from '../derive/votes.ts';

export type ProjectorMode =
  | { kind: 'read-back'; index: number }
  | { kind: 'consent' }
  | { kind: 'card'; cardId: string }
  | { kind: 'column'; column: ColumnId }
  | { kind: 'board' }
  | { kind: 'join' }
  | { kind: 'phase-column'; column: ColumnId }
  | { kind: 'trace' }
  | { kind: 'commitments'; closing: boolean };

type ModeFacilitation = Pick<Facilitation, 'spotlight' | 'phase' | 'follow' | 'readBack' | 'consent'>;

/**
 * What the room does together comes first: the read-back the facilitator
 * steps through, then a consent round in progress; then the spotlight; then
 * the facilitator's own view while follow-me is on; otherwise the phase's
 * content fitted to the wall: people joining at Frame, the column being
 * filled (large), the trace-check results, the commitments at Commit and Close.
 */
export function projectorMode(f: ModeFacilitation, cards: readonly Pick<Card, 'id'>[]): ProjectorMode {
  if (f.readBack) return { kind: 'read-back', index: f.readBack.index };
  if (f.consent) return { kind: 'consent' };
  const spot = f.spotlight;
  if (spot?.kind === 'card' && cards.some((c) => c.id === spot.id)) return { kind: 'card', cardId: spot.id };
  if (spot?.kind === 'column') return { kind: 'column', column: spot.id };
  if (f.follow.on) return { kind: 'board' };
  if (f.phase === 'frame') return { kind: 'join' };
  if (f.phase === 'trace') return { kind: 'trace' };
  if (f.phase === 'commit' || f.phase === 'close') return { kind: 'commitments', closing: f.phase === 'close' };
  const column = phaseInfo(f.phase).column;
  return column ? { kind: 'phase-column', column } : { kind: 'board' };
}

/**
 * The ranking in a panel beside the stage: the result on screen, unless the
 * stage itself shows it (a column stage of a voted column lists its cards in
 * rank order with their votes) or the stage has no room for it.
 */
export function projectedResult(f: Pick<Facilitation, 'voting' | 'voteResults' | 'shownResult' | 'phase'>, mode: ProjectorMode): VoteResult | null {
  const result = shownResult(f);
  if (!result) return null;
  if (mode.kind === 'phase-column' || mode.kind === 'column') return result.columns.includes(mode.column) ? null : result;
  return mode.kind === 'card' || mode.kind === 'board' ? result : null;
}
