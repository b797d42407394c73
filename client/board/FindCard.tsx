import { useId, useMemo, useState } from 'react';
import type { Card } from '../../shared/model.ts';
import { excerpt } from '../../shared/text.ts';
import { columnIndex } from '../../shared/columns.ts';
import { useBoardSlice } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { columnTitle } from '../derive/board.ts';
import { Modal } from '../ui/Modal.tsx';
import { revealCard } from '../ui/revealCard.ts';
import './FindCard.css';

const MAX_RESULTS = 30;
const selectCards = (board: { cards: Card[] }) => board.cards;

/** Case and accents set aside: "Gross" finds "gross", "Übersicht" finds "ubersicht". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The cards whose text has every word of `query`, in chain order (goal first), at most MAX_RESULTS. */
export function findCards(cards: readonly Card[], query: string): { found: Card[]; total: number } {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return { found: [], total: 0 };
  const matches = cards.filter((c) => {
    const text = fold(c.text);
    return words.every((w) => text.includes(w));
  });
  matches.sort((a, b) => columnIndex(a.column) - columnIndex(b.column) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return { found: matches.slice(0, MAX_RESULTS), total: matches.length };
}

/**
 * "Find a card" (Ctrl+K): the way to any card of a big board by keyboard and
 * screen reader, wherever it is and whether or not its column shows it now
 * (long columns render only what is near the screen). Type words of its text,
 * arrow to a result, Enter: the board shows the card, selected, and its text
 * takes the focus.
 */
export function FindCard() {
  const cards = useBoardSlice(selectCards);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const { found, total } = useMemo(() => findCards(cards, query), [cards, query]);
  const current = Math.min(active, Math.max(0, found.length - 1));
  const optionId = (i: number) => `${listId}-${i}`;

  const go = (card: Card | undefined) => {
    if (!card) return;
    ui.setFindOpen(false);
    revealCard(card.id);
    // After the dialog gave the focus back to where it came from: the card's text takes it.
    setTimeout(() => ui.requestFocus(card.id), 0);
  };

  return (
    <Modal title="Find a card" onClose={() => ui.setFindOpen(false)} className="find-card">
      <div className="find-card-body">
        <input
          data-autofocus
          className="find-card-input"
          // Not type="search": there Escape first clears the words, and here Escape closes the dialog.
          type="text"
          role="combobox"
          aria-label="Words of the card"
          aria-expanded={found.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={found.length > 0 ? optionId(current) : undefined}
          placeholder="Words of the card"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (found.length > 0) setActive((current + (e.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              go(found[current]);
            }
          }}
        />
        <p className="find-card-count" role="status">
          {query.trim() === '' ? `${cards.length} cards on the board` : total === 0 ? 'No card has these words' : total > found.length ? `${total} cards; the first ${found.length} shown` : `${total} ${total === 1 ? 'card' : 'cards'}`}
        </p>
        <ul id={listId} role="listbox" aria-label="Cards found" className="find-card-results">
          {found.map((card, i) => (
            <li
              key={card.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className="find-card-result"
              onMouseEnter={() => setActive(i)}
              onClick={() => go(card)}
            >
              <span className="eyebrow">{columnTitle(card.column)}</span>
              <span>{excerpt(card.text, 120, { empty: 'Empty card' })}</span>
            </li>
          ))}
        </ul>
      </div>
    </Modal>
  );
}
