/** What the projector shows, decided from the facilitation state alone (pure; tested in isolation). */
import type { Facilitation, VoteResult } from '../../shared/doc/control.ts';
import type { Card } from '../../shared/model.ts';
import { phaseInfo } from '../facilitation/phases.ts';
import { shownResult } from '../facilitation/votes.ts';

export type ProjectorMode =
  | { kind: 'card'; cardId: string }
  | { kind: 'column'; column: Card['column'] }
  | { kind: 'join' }
  | { kind: 'commitments' }
  | { kind: 'board' };

/**
 * The spotlight wins; else people joining during Frame, the commitments at
 * Commit and Close, and otherwise the whole board (fitted, or following the
 * facilitator's view while follow-me is on).
 */
export function projectorMode(f: Pick<Facilitation, 'spotlight' | 'phase'>, cards: readonly Pick<Card, 'id'>[]): ProjectorMode {
  const spot = f.spotlight;
  if (spot?.kind === 'card' && cards.some((c) => c.id === spot.id)) return { kind: 'card', cardId: spot.id };
  if (spot?.kind === 'column') return { kind: 'column', column: spot.id };
  if (f.phase === 'frame') return { kind: 'join' };
  if (f.phase === 'commit' || f.phase === 'close') return { kind: 'commitments' };
  return { kind: 'board' };
}

/** The revealed ranking the projector shows beside the board: while the phase is about its columns. */
export function projectedResult(f: Pick<Facilitation, 'voting' | 'voteResults' | 'phase' | 'spotlight'>): VoteResult | null {
  const result = shownResult(f);
  if (!result) return null;
  const column = f.spotlight?.kind === 'column' ? f.spotlight.id : phaseInfo(f.phase).column;
  return column === null || result.columns.includes(column) ? result : null;
}
