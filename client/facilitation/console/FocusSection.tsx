import { useState } from 'react';
import { COLUMNS, type ColumnId } from '../../../shared/model.ts';
import { uiStore, useUi } from '../../state/ui.ts';
import { useBoard } from '../../sync/hooks.ts';
import { useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';
import { phaseInfo } from '../../derive/phases.ts';
import { canvasSize, toSharedViewport } from '../../derive/viewport.ts';
import { excerpt } from '../../../shared/text.ts';

/** Where the room looks: spotlight a card or a column, follow me, bring everyone here. */
export function FocusSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const { cards } = useBoard();
  const selectedId = useUi((s) => s.selectedCardId);
  const selected = cards.find((c) => c.id === selectedId);
  const [column, setColumn] = useState<ColumnId | ''>('');
  const spotColumn = column || phaseInfo(f.phase).column || 'goal';
  const spot = f.spotlight;
  const spotText =
    spot?.kind === 'card' ? `Card: ${excerpt(cards.find((c) => c.id === spot.id)?.text ?? 'Deleted card', 40, { empty: 'Empty card' })}` : spot ? `Column: ${COLUMNS.find((c) => c.id === spot.id)?.title}` : 'Nothing';
  const myView = () => {
    const size = canvasSize();
    return size ? toSharedViewport(uiStore.getState().viewport, size) : undefined;
  };

  return (
    <section className="console-section" aria-labelledby="console-focus">
      <h3 id="console-focus">Focus</h3>
      <p className="console-status">In the spotlight: {spotText}</p>
      <div className="row">
        <button className="button small" type="button" disabled={!selected} onClick={() => selected && control.setSpotlight({ kind: 'card', id: selected.id })}>
          Spotlight the selected card
        </button>
        {spot && (
          <button className="button small" type="button" onClick={() => control.setSpotlight(null)}>
            Clear spotlight
          </button>
        )}
      </div>
      {!selected && <p className="hint">Select a card on the board to spotlight it.</p>}
      <div className="row">
        <label className="field inline">
          <span className="visually-hidden">Column to spotlight</span>
          <select value={spotColumn} onChange={(e) => setColumn(e.target.value as ColumnId)} aria-label="Column to spotlight">
            {COLUMNS.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <button className="button small" type="button" onClick={() => control.setSpotlight({ kind: 'column', id: spotColumn })}>
          Spotlight column
        </button>
      </div>
      <div className="row">
        <button className="button small" type="button" aria-pressed={f.follow.on} onClick={() => control.setFollow(!f.follow.on, myView())}>
          Follow me
        </button>
        <button
          className="button small"
          type="button"
          onClick={() => {
            const view = myView();
            if (view) control.summonEveryone(view);
          }}
        >
          Bring everyone here
        </button>
      </div>
      <p className="hint">{f.follow.on ? 'Everyone’s board follows your view until they stop following.' : 'Follow me: everyone’s board follows your view; each can stop following.'}</p>
    </section>
  );
}
