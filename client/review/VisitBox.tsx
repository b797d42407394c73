import { useMemo } from 'react';
import type { BoardSnapshot } from '../../shared/model.ts';
import { columnTitle } from '../derive/board.ts';
import { excerpt } from '../../shared/text.ts';
import { useSession } from '../sync/hooks.ts';
import { timeLabel } from '../derive/format.ts';
import { useReview, useThreads, useVisit } from '../sync/reviewHooks.ts';
import { openCardOnBoard } from './navigation.ts';
import { idsOf } from '../sync/visit.ts';
import './VisitBox.css';

const SHOWN = 8;

interface NewsItem {
  key: string;
  text: string;
  open: () => void;
  action: string;
}

/** "Since your last visit": what others changed, each opening where it is; Mark all seen. */
export function VisitBox({ board }: { board: BoardSnapshot }) {
  const session = useSession();
  const review = useReview();
  const visit = useVisit();
  const threads = useThreads();

  const items = useMemo(() => {
    const cards = new Map(board.cards.map((c) => [c.id, c]));
    const commitments = new Map(board.commitments.map((c) => [c.id, c]));
    const comments = new Map(threads.flatMap((t) => [t.root, ...t.replies].map((c) => [c.id, c] as const)));
    const out: NewsItem[] = [];
    const openCard = (id: string, atComments = false) => () => openCardOnBoard(session.boardId, id, atComments);
    for (const id of idsOf(visit.marks, 'card-new')) {
      const card = cards.get(id);
      if (card) out.push({ key: `n${id}`, text: `New card in ${columnTitle(card.column)}: “${excerpt(card.text, 60, { empty: 'Empty card' })}”`, open: openCard(id), action: 'Open' });
    }
    for (const id of idsOf(visit.marks, 'card-changed')) {
      const card = cards.get(id);
      if (card) out.push({ key: `c${id}`, text: `Changed: “${excerpt(card.text, 60, { empty: 'Empty card' })}”`, open: openCard(id), action: 'Open' });
    }
    for (const id of idsOf(visit.marks, 'mention')) {
      const comment = comments.get(id);
      const card = comment && cards.get(comment.card);
      if (comment && card) {
        out.push({
          key: `@${id}`,
          text: `${comment.author ?? 'Someone'} mentioned you on “${excerpt(card.text, 40, { empty: 'Empty card' })}”: ${excerpt(comment.text, 80, { lines: 'first' })}`,
          open: openCard(card.id, true),
          action: 'Read',
        });
      }
    }
    for (const id of idsOf(visit.marks, 'comment')) {
      const comment = comments.get(id);
      const card = comment && cards.get(comment.card);
      if (comment && card) {
        out.push({
          key: `m${id}`,
          text: `${comment.author ?? 'Someone'} on “${excerpt(card.text, 40, { empty: 'Empty card' })}”: ${excerpt(comment.text, 80, { lines: 'first' })}`,
          open: openCard(card.id, true),
          action: 'Read',
        });
      }
    }
    for (const id of idsOf(visit.marks, 'commitment')) {
      const commitment = commitments.get(id);
      if (commitment) {
        out.push({
          key: `s${id}`,
          text: `Update on commitment “${commitment.title}”`,
          open: () => {
            document.getElementById(`review-${id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
            review.visits.markCommitmentSeen(id);
          },
          action: 'Show',
        });
      }
    }
    return out;
  }, [board, threads, visit.marks, session.boardId, review]);

  return (
    <section className="review-box visit-box" aria-labelledby="visit-title" data-news={items.length > 0 || undefined}>
      <h2 id="visit-title">Since your last visit</h2>
      {visit.status === 'waiting' && <p className="hint">Checking what changed…</p>}
      {visit.status === 'first' && <p className="hint">Your first visit from this browser. From now on, what others change is marked here until you have seen it.</p>}
      {visit.status === 'ready' && items.length === 0 && <p className="hint">Nothing new since {visit.since ? timeLabel(visit.since) : 'then'}.</p>}
      {visit.status !== 'waiting' && items.length > 0 && (
        <>
          <p>
            <strong>{items.length} new</strong> {visit.since ? `since ${timeLabel(visit.since)}` : 'while you are here'}
          </p>
          <ul className="news-list">
            {items.slice(0, SHOWN).map((item) => (
              <li key={item.key}>
                <span>{item.text}</span>
                <button className="link-button" type="button" onClick={item.open} aria-label={`${item.action}: ${item.text}`}>
                  {item.action}
                </button>
              </li>
            ))}
          </ul>
          {items.length > SHOWN && <p className="hint">and {items.length - SHOWN} more, marked on the board</p>}
          <button className="button small" type="button" onClick={() => review.visits.markAllSeen()}>
            Mark all seen
          </button>
        </>
      )}
    </section>
  );
}
