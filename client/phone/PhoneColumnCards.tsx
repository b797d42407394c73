import { useMemo } from 'react';
import { COLUMNS, type ColumnId } from '../../shared/model.ts';
import { excerpt } from '../../shared/text.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useLockedForMe } from '../sync/controlHooks.ts';
import { useProtection } from '../derive/useProtection.ts';
import { CardText } from '../ui/CardText.tsx';
import './PhoneColumnCards.css';

/** How many of a column's cards a phone lists (the full board has them all). */
const SHOWN = 40;

/**
 * What the column already holds, under the phone's composer: so a phone user
 * sees what others wrote (and does not write it twice) and can fix a typo in
 * their own cards (`mine`: the ids this browser added), which are editable here
 * as on the board (read only when locked or agreed). A phone had only a toast
 * after Add card (room review).
 */
export function PhoneColumnCards({ column, mine }: { column: ColumnId; mine: ReadonlySet<string> }) {
  const session = useSession();
  const { cards } = useBoard();
  const locked = useLockedForMe().has(column);
  const protection = useProtection();
  const title = COLUMNS.find((c) => c.id === column)?.title ?? column;
  const inColumn = useMemo(() => cards.filter((c) => c.column === column && c.status === 'active'), [cards, column]);
  if (inColumn.length === 0) return null;
  return (
    <section className="phone-section phone-column-cards" aria-labelledby="phone-column-cards-title">
      <h2 id="phone-column-cards-title">
        In {title} now ({inColumn.length})
      </h2>
      <ul className="phone-list">
        {inColumn.slice(0, SHOWN).map((card) => {
          const words = card.text;
          if (!mine.has(card.id) || !session.canEdit) return <li key={card.id}>{excerpt(words, 140, { empty: 'Empty card' })}</li>;
          const agreed = session.role === 'facilitator' ? undefined : protection.agreed(card.id);
          return (
            <li key={card.id} className="phone-own-card">
              <CardText cardId={card.id} text={words} readOnly={locked} agreed={agreed ?? null} label={`Card you wrote: ${excerpt(words, 60, { empty: 'Empty card' })}`} className="card-text boxed" />
              <span className="hint">Yours: fix it here</span>
            </li>
          );
        })}
      </ul>
      {inColumn.length > SHOWN && <p className="hint">and {inColumn.length - SHOWN} more on the full board</p>}
    </section>
  );
}
