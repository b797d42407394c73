/** React reads for the commitments UI, on top of the board session's hooks. */
import { useMemo, useSyncExternalStore } from 'react';
import type { CommitmentStatus } from '../../shared/model.ts';
import { usePeers, useSession } from '../sync/hooks.ts';
import { uniqueNames } from './names.ts';

/**
 * Names of the people on the board now (you first, then the others in
 * alphabetical order, so the list does not shuffle as presence updates arrive);
 * viewers are not in the room.
 */
export function usePeopleNames(): string[] {
  const session = useSession();
  const peers = usePeers();
  const me = session.role === 'viewer' ? [] : [session.displayName];
  const others = peers.filter((p) => p.user.role !== 'viewer').map((p) => p.user.name).sort((a, b) => a.localeCompare(b));
  const key = [...me, ...others].join('\n');
  return useMemo(() => uniqueNames(key ? key.split('\n') : []), [key]);
}

export interface CardCommitment {
  id: string;
  title: string;
  status: CommitmentStatus;
}

/**
 * The live (not dropped) commitment of an initiative card, re-rendering only
 * when it changes: card components are memoised and must not re-render on
 * every board change.
 */
export function useCardCommitment(cardId: string): CardCommitment | null {
  const session = useSession();
  const key = useSyncExternalStore(session.boardChanged.subscribe, () => {
    const c = session.getBoard().commitments.find((x) => x.card === cardId && x.status !== 'dropped');
    return c ? JSON.stringify([c.id, c.title, c.status]) : '';
  });
  return useMemo(() => {
    if (!key) return null;
    const [id, title, status] = JSON.parse(key) as [string, string, CommitmentStatus];
    return { id, title, status };
  }, [key]);
}
