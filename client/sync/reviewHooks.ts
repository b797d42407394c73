/** React bindings of the review session: components read comments, check-ins, activity and visit marks through these. */
import { useMemo, useSyncExternalStore } from 'react';
import type { Person } from '../../shared/doc/control.ts';
import { useControl } from './controlHooks.ts';
import { usePeers, useSession } from './hooks.ts';
import { reviewSessionOf, type ActivityEntry, type CheckIn, type CommentThread, type ReviewSession, type VisitState } from './reviewSession.ts';
import type { CardMark } from './visit.ts';

const noop = () => () => {};
const NO_PEOPLE: Person[] = [];

/** The review session of the open board. */
export function useReview(): ReviewSession {
  return reviewSessionOf(useSession());
}

export function useThreads(): CommentThread[] {
  const review = useReview();
  return useSyncExternalStore(review.changed.subscribe, review.getThreads);
}

/** Whether this person may delete a comment: known once they have joined (their person id says which comments are theirs). */
export function useMayDelete(comment: Pick<CommentThread['root'], 'authorId'>): boolean {
  const session = useSession();
  const review = reviewSessionOf(session);
  return useSyncExternalStore(session.personChanged.subscribe, () => review.mayDelete(comment));
}

/** The comment threads of one card, oldest first. */
export function useCardThreads(cardId: string): CommentThread[] {
  const threads = useThreads();
  return useMemo(() => threads.filter((t) => t.card === cardId), [threads, cardId]);
}

/** How many open comments a card has (for its badge). */
export function useCommentCount(cardId: string): number {
  const review = useReview();
  return useSyncExternalStore(review.changed.subscribe, () => review.getCommentCounts().get(cardId) ?? 0);
}

export function useCheckIns(): CheckIn[] {
  const review = useReview();
  return useSyncExternalStore(review.changed.subscribe, review.getCheckIns);
}

export function useCadence() {
  const review = useReview();
  return useSyncExternalStore(review.changed.subscribe, review.getCadence);
}

export function useActivity(): ActivityEntry[] {
  const review = useReview();
  return useSyncExternalStore(review.activityChanged.subscribe, review.getActivity);
}

export function useVisit(): VisitState {
  const review = useReview();
  return useSyncExternalStore(review.visits.changed.subscribe, review.visits.get);
}

/** The "since your last visit" mark of one card (new, changed, new comments), or null. */
export function useCardMark(cardId: string): CardMark | null {
  const review = useReview();
  const subscribe = useMemo(() => (listener: () => void) => {
    const a = review.visits.changed.subscribe(listener);
    const b = review.changed.subscribe(listener);
    return () => {
      a();
      b();
    };
  }, [review]);
  return useSyncExternalStore(subscribe, () => review.visits.cardMark(cardId));
}

/**
 * Everyone who can be @mentioned: people on the board now (presence), those
 * who joined the workshop, authors of cards and comments, and commitment
 * owners and contributors; each once, without this person.
 */
export function useMentionNames(): string[] {
  const session = useSession();
  const peers = usePeers();
  const control = useControl();
  const people = useSyncExternalStore(control ? control.changed.subscribe : noop, () => control?.getPeople() ?? NO_PEOPLE);
  const threads = useThreads();
  const board = useSyncExternalStore(session.boardChanged.subscribe, session.getBoard);
  const me = session.presence.getLocal().user.name;
  return useMemo(() => {
    const seen = new Set<string>([me.toLowerCase()]);
    const out: string[] = [];
    const add = (name: string | undefined) => {
      const trimmed = name?.trim();
      if (!trimmed || seen.has(trimmed.toLowerCase())) return;
      seen.add(trimmed.toLowerCase());
      out.push(trimmed);
    };
    for (const p of peers) if (p.user.role !== 'viewer') add(p.user.name);
    for (const p of people) add(p.name);
    for (const c of board.commitments) {
      add(c.owner);
      c.contributors.forEach(add);
    }
    for (const c of board.cards) add(c.author);
    for (const t of threads) [t.root, ...t.replies].forEach((c) => add(c.author));
    return out;
  }, [me, peers, people, board.commitments, board.cards, threads]);
}
