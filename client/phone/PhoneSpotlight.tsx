import { COLUMNS } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import './PhoneSpotlight.css';

/** What the facilitator has in the spotlight, on the phone too: the card, or the column's cards. */
export function PhoneSpotlight() {
  const f = useFacilitation();
  const { cards } = useBoard();
  const spot = f?.spotlight;
  if (!spot) return null;
  if (spot.kind === 'card') {
    const card = cards.find((c) => c.id === spot.id);
    if (!card) return null;
    return (
      <section className="phone-section phone-spotlight" aria-label="Spotlight card" data-column={card.column}>
        <p className="eyebrow">In the spotlight · {COLUMNS.find((c) => c.id === card.column)?.title}</p>
        <p className="phone-spotlight-text">{card.text || 'Empty card'}</p>
      </section>
    );
  }
  const column = COLUMNS.find((c) => c.id === spot.id)!;
  const inColumn = cards.filter((c) => c.column === spot.id && c.status === 'active');
  return (
    <section className="phone-section phone-spotlight" aria-label={`Spotlight column: ${column.title}`} data-column={spot.id}>
      <p className="eyebrow">In the spotlight</p>
      <h2>{column.title}</h2>
      <ul className="phone-list">
        {inColumn.map((c) => (
          <li key={c.id}>{c.text || 'Empty card'}</li>
        ))}
      </ul>
    </section>
  );
}
