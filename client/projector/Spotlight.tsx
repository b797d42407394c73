import { COLUMNS } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { rankTally, shownResult } from '../derive/votes.ts';
import { linksOf } from '../derive/board.ts';
import { useFitToBox } from './useFitToBox.ts';
import './Spotlight.css';

function useRanks(): Map<string, { votes: number; rank: number }> {
  const f = useFacilitation();
  const result = f ? shownResult(f) : null;
  return new Map(result ? rankTally(result).map((r) => [r.card, r]) : []);
}

/** One card, large, with what it links to toward the goal. */
export function SpotlightCard({ cardId }: { cardId: string }) {
  const { cards, links } = useBoard();
  const ranks = useRanks();
  const card = cards.find((c) => c.id === cardId);
  const ref = useFitToBox<HTMLElement>(`${card?.text}|${links.length}`, 0.5, 1.5);
  if (!card) return null;
  const column = COLUMNS.find((c) => c.id === card.column)!;
  const { towardGoal } = linksOf(card.id, cards, links);
  const rank = ranks.get(card.id);
  return (
    <section ref={ref} className="spotlight-card" data-column={card.column} aria-label="Spotlight card">
      <p className="spotlight-column">{column.title}</p>
      <p className="spotlight-text">{card.text || 'Empty card'}</p>
      <p className="spotlight-meta">
        {card.author && <span>{card.author}</span>}
        {card.status !== 'active' && <span>{card.status === 'parked' ? 'Parked' : 'Rejected'}</span>}
        {rank && (
          <span className="tally">
            {rank.votes} {rank.votes === 1 ? 'vote' : 'votes'} · #{rank.rank}
          </span>
        )}
      </p>
      {towardGoal.length > 0 && (
        <ul className="spotlight-links" aria-label="Linked toward the goal">
          {towardGoal.map(({ link, card: target }) => (
            <li key={link.id}>
              <span className="muted">{COLUMNS.find((c) => c.id === target.column)?.title}:</span> {target.text}
              {link.assumption && <span className="assumption-line">{/^we believe\b/i.test(link.assumption.trim()) ? link.assumption : `We believe ${link.assumption}`}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
