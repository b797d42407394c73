import { useEffect, useRef, useState } from 'react';
import { COLUMNS, type Card, type ColumnId } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { useFacilitation, useGroups } from '../sync/controlHooks.ts';
import { rankTally, shownResult } from '../derive/votes.ts';
import { linksOf, type LinkedCard } from '../derive/board.ts';
import { useFitToBox } from './useFitToBox.ts';
import './ColumnStage.css';
import { excerpt } from '../../shared/text.ts';

/** Grid columns for `n` cards on a 16:9 wall: few cards large, many cards still ≥ 28 px at 1080p. */
function gridColumns(n: number): number {
  if (n <= 3) return Math.max(1, n);
  if (n === 4) return 2;
  if (n <= 6) return 3;
  if (n <= 8) return 4;
  if (n <= 15) return 5;
  return 6;
}

/** Seconds each page of a long column stays on the wall. */
const PAGE_MS = 12_000;

/** Past this many cards the wall drops the link lines under each card: more cards fit at a legible size. */
const DENSE_FROM = 16;

/**
 * One column's cards, large, for the room to read from the back: the column
 * the phase fills, or the one in the spotlight. Each card says what it links
 * to toward the goal; while a vote result on this column is on screen, the
 * cards stand in rank order with their votes (no panel covers them). Type
 * never goes below 28 px at 1080p: a column with more cards than fit pages
 * through them ("1–18 of 30"), rather than hide some or shrink them all.
 */
export function ColumnStage({ column, label }: { column: ColumnId; label: string }) {
  const { cards, links } = useBoard();
  const f = useFacilitation();
  const groups = useGroups();
  const info = COLUMNS.find((c) => c.id === column)!;
  const result = f ? shownResult(f) : null;
  const ranked = result && result.columns.includes(column) ? rankTally(result) : [];
  const ranks = new Map(ranked.map((r) => [r.card, r]));
  // In the ranking's own order (ties too), as every other screen lists it; cards without votes after.
  const place = new Map(ranked.map((r, i) => [r.card, i]));
  const inColumn = cards.filter((c) => c.column === column && c.status === 'active');
  const shown = ranks.size > 0 ? [...inColumn].sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity)) : inColumn;
  const key = shown.map((c) => `${c.id}:${c.text}`).join('\n') + links.length + groups.length + [...ranks.values()].map((r) => r.votes).join();
  const dense = shown.length >= DENSE_FROM;
  // Card text is 1.5em of the wall's 24 px at 1080p: never below 28 px.
  const ref = useFitToBox<HTMLElement>(key, 0.8, 1.6);
  // Only the page's first card is state (the timer turns the page); how many fit is a layout read
  // written straight into the page and its label: as state, it re-rendered the wall from an effect
  // after every change, and a burst of cards made that a render loop (React #185, seen on a wall).
  const [page, setPage] = useState({ key: '', start: 0 });
  const start = page.key === key && page.start < shown.length ? page.start : 0;
  const onPage = shown.slice(start);
  const pageLabel = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    // The cards wholly on screen (grid rows in order, so a prefix); the rest wait for the next page.
    const bottom = box.getBoundingClientRect().bottom;
    const items = [...box.querySelectorAll<HTMLElement>('.column-stage-grid > li')];
    const fits = Math.max(1, items.filter((li) => li.getBoundingClientRect().bottom <= bottom + 1).length);
    items.forEach((li, i) => li.toggleAttribute('data-next-page', i >= fits));
    const paged = start > 0 || fits < items.length;
    // The label's place is kept whether it shows or not: showing it never moves the cards just measured.
    const label = pageLabel.current;
    if (label) {
      label.textContent = paged ? `Cards ${start + 1}–${Math.min(shown.length, start + fits)} of ${shown.length}` : '';
      label.style.visibility = paged ? 'visible' : 'hidden';
    }
    if (!paged) return;
    const timer = setTimeout(() => setPage({ key, start: start + fits >= shown.length ? 0 : start + fits }), PAGE_MS);
    return () => clearTimeout(timer);
  }, [ref, key, start, shown.length]);
  const longestLabel = `Cards ${shown.length}–${shown.length} of ${shown.length}`.length;
  return (
    <section ref={ref} className="column-stage" data-column={column} data-dense={dense || undefined} aria-label={label} style={{ ['--cols' as string]: gridColumns(shown.length) }}>
      <header className="column-stage-header">
        <h2>{info.title}</h2>
        {ranks.size > 0 && result ? (
          <p className="spotlight-question">
            Vote results · {result.voters} {result.voters === 1 ? 'voter' : 'voters'}
          </p>
        ) : (
          <p className="spotlight-question">{info.question}</p>
        )}
        {shown.length > 0 && <p ref={pageLabel} className="column-stage-page" role="status" style={{ minWidth: `${longestLabel}ch`, visibility: 'hidden' }} />}
      </header>
      {shown.length === 0 ? (
        <p className="projector-empty">No cards yet</p>
      ) : (
        <ul className="column-stage-grid">
          {onPage.map((card) => (
            <StageCard
              key={card.id}
              card={card}
              towardGoal={dense ? [] : linksOf(card.id, cards, links).towardGoal}
              group={groups.find((g) => g.cards.includes(card.id))?.label}
              rank={ranks.get(card.id)}
              dense={dense}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function StageCard({ card, towardGoal, group, rank, dense }: { card: Card; towardGoal: LinkedCard[]; group: string | undefined; rank: { votes: number; rank: number } | undefined; dense: boolean }) {
  return (
    <li className="projector-card" data-ranked={rank ? true : undefined} data-origin={card.portfolio ? 'portfolio' : undefined}>
      {(group || rank || card.portfolio) && (
        <p className="projector-card-marks">
          {card.portfolio && <span className="origin-chip">From portfolio</span>}
          {rank && (
            <span className="tally">
              #{rank.rank} · {rank.votes} {rank.votes === 1 ? 'vote' : 'votes'}
            </span>
          )}
          {group && <span className="group-chip">{group}</span>}
        </p>
      )}
      <p className="projector-card-text" data-fit-words="">
        {card.text || 'Empty card'}
      </p>
      {card.column !== 'goal' && !dense && (
        <ul className="projector-card-links" aria-label="Linked toward the goal">
          {towardGoal.slice(0, 2).map(({ card: target, link }) => (
            <li key={target.id} data-column={target.column}>
              {excerpt(target.text, 90, { empty: 'Empty card' })}
              {/* The assumption the link rests on is what the room argues about (value → segment above all). */}
              {link.assumption?.trim() && <span className="link-assumption">“{excerpt(link.assumption, 140)}”</span>}
            </li>
          ))}
          {towardGoal.length > 2 && <li className="links-more">and {towardGoal.length - 2} more</li>}
          {towardGoal.length === 0 && <li className="unlinked">not linked yet</li>}
        </ul>
      )}
    </li>
  );
}
