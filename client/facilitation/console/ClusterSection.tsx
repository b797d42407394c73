import { useState } from 'react';
import { COLUMNS, type ColumnId } from '../../../shared/model.ts';

import { useBoard } from '../../sync/hooks.ts';
import { useFacilitation, useGroups, useRequiredControl } from '../../sync/controlHooks.ts';
import { phaseInfo } from '../../derive/phases.ts';
import { act } from './act.ts';
import { excerpt } from '../../../shared/text.ts';

/** Clustering: merge cards of one column into a labelled group, rename, split again. */
export function ClusterSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const { cards } = useBoard();
  const groups = useGroups();
  const [pick, setPick] = useState<ColumnId | ''>('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [label, setLabel] = useState('');
  const column = pick || phaseInfo(f.phase).column || 'goal';
  const inColumn = cards.filter((c) => c.column === column && c.status === 'active');
  const picked = chosen.filter((id) => inColumn.some((c) => c.id === id));
  const groupOf = (id: string) => groups.find((g) => g.cards.includes(id));

  return (
    <section className="console-section" aria-labelledby="console-clusters">
      <h3 id="console-clusters">Clusters</h3>
      <label className="field inline">
        <span>Column</span>
        <select value={column} onChange={(e) => setPick(e.target.value as ColumnId)} aria-label="Column to cluster">
          {COLUMNS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      {inColumn.length < 2 ? (
        <p className="hint">A cluster needs two or more cards in the column.</p>
      ) : (
        <fieldset className="pick-list">
          <legend>Cards to group</legend>
          {inColumn.map((card) => (
            <label key={card.id} className="check">
              <input
                type="checkbox"
                checked={picked.includes(card.id)}
                onChange={(e) => setChosen(e.target.checked ? [...picked, card.id] : picked.filter((id) => id !== card.id))}
              />
              {excerpt(card.text, 50, { empty: 'Empty card' })}
              {groupOf(card.id) && <span className="muted"> · {groupOf(card.id)!.label}</span>}
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <label className="field inline grow">
          <span className="visually-hidden">Group label</span>
          <input value={label} placeholder="Group label" aria-label="Group label" maxLength={200} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button
          className="button small"
          type="button"
          disabled={picked.length < 2}
          onClick={() =>
            act(() => {
              control.curation.groupCards(picked, label);
              setChosen([]);
              setLabel('');
            })
          }
        >
          Group cards
        </button>
      </div>
      {groups.length > 0 && (
        <ul className="group-list" aria-label="Clusters">
          {groups.map((g) => (
            <li key={g.id}>
              <input
                key={g.label}
                defaultValue={g.label}
                aria-label={`Label of cluster ${g.label}`}
                onBlur={(e) => e.currentTarget.value.trim() && e.currentTarget.value !== g.label && control.curation.renameGroup(g.id, e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
              <span className="muted">
                {COLUMNS.find((c) => c.id === g.column)?.title} · {g.cards.length} cards
              </span>
              <button className="chip-button" type="button" aria-label={`Split cluster ${g.label}`} onClick={() => control.curation.splitGroup(g.id)}>
                Split
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
