import type { Card } from '../../../shared/model.ts';
import { columnTitle } from '../../derive/board.ts';
import { useUi } from '../../state/ui.ts';
import { useBoard } from '../../sync/hooks.ts';
import { useRequiredControl } from '../../sync/controlHooks.ts';
import { act } from './act.ts';
import { keptFromCuration } from '../../sync/agreedWork.ts';
import { excerpt } from '../../../shared/text.ts';

/** Promote, park or reject the selected card; the parking lot and the rejected cards. */
export function CardsSection() {
  const control = useRequiredControl();
  const board = useBoard();
  const { cards, commitments } = board;
  const selectedId = useUi((s) => s.selectedCardId);
  const selected = cards.find((c) => c.id === selectedId);
  const parked = cards.filter((c) => c.status === 'parked');
  const rejected = cards.filter((c) => c.status === 'rejected');
  const promoted = selected && commitments.some((c) => c.card === selected.id && c.status !== 'dropped');
  // Agreed work (or a card carrying a proposal) is not parked or rejected in one click: why, before the click.
  const keptWhy = selected && selected.status === 'active' ? keptFromCuration(board, selected.id) : undefined;

  return (
    <section className="console-section" aria-labelledby="console-cards">
      <h3 id="console-cards">Selected card</h3>
      {selected ? (
        <>
          <p className="console-status">
            {columnTitle(selected.column)}: <strong>{excerpt(selected.text, 80, { empty: 'Empty card' })}</strong>
            {selected.status !== 'active' && ` (${selected.status})`}
          </p>
          {selected.portfolio ? (
            <p className="hint">From the portfolio: it is parked, rejected or restored there, not on this board.</p>
          ) : (
          <div className="row">
            {selected.column === 'initiative' && (
              <button className="button small" type="button" disabled={promoted || selected.status !== 'active'} onClick={() => act(() => control.curation.promote(selected.id), 'Promoted to a proposed commitment')}>
                {promoted ? 'Promoted' : 'Promote to commitment'}
              </button>
            )}
            {selected.status !== 'parked' && (
              <button className="button small" type="button" disabled={!!keptWhy} aria-describedby={keptWhy ? 'console-card-kept' : undefined}
                onClick={() => act(() => control.curation.setCardStatus(selected.id, 'parked'))}>
                Park
              </button>
            )}
            {selected.status !== 'rejected' && (
              <button className="button small" type="button" disabled={!!keptWhy} aria-describedby={keptWhy ? 'console-card-kept' : undefined}
                onClick={() => act(() => control.curation.setCardStatus(selected.id, 'rejected'))}>
                Reject
              </button>
            )}
            {selected.status !== 'active' && (
              <button className="button small" type="button" onClick={() => act(() => control.curation.setCardStatus(selected.id, 'active'))}>
                Restore
              </button>
            )}
          </div>
          )}
          {keptWhy && !selected.portfolio && <p className="hint" id="console-card-kept">Can’t park or reject it: {keptWhy}</p>}
        </>
      ) : (
        <p className="hint">Select a card on the board to promote, park or reject it.</p>
      )}
      <StatusList title="Parking lot" cards={parked} onRestore={(id) => control.curation.setCardStatus(id, 'active')} empty="Nothing parked." />
      {rejected.length > 0 && <StatusList title="Rejected" cards={rejected} onRestore={(id) => control.curation.setCardStatus(id, 'active')} empty="" />}
    </section>
  );
}

function StatusList({ title, cards, onRestore, empty }: { title: string; cards: Card[]; onRestore: (id: string) => void; empty: string }) {
  return (
    <div className="status-list">
      <h4>
        {title} ({cards.length})
      </h4>
      {cards.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul aria-label={title}>
          {cards.map((card) => (
            <li key={card.id}>
              <span>
                <span className="muted">{columnTitle(card.column)}:</span> {excerpt(card.text, 60, { empty: 'Empty card' })}
              </span>
              {card.portfolio ? (
                <span className="pill" data-tone="violet">From portfolio</span>
              ) : (
                <button className="chip-button" type="button" aria-label={`Restore card: ${excerpt(card.text, 60, { empty: 'Empty card' })}`} onClick={() => onRestore(card.id)}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
