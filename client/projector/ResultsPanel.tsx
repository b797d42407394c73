import { COLUMNS } from '../../shared/model.ts';
import type { VoteResult } from '../../shared/doc/control.ts';

import { useBoard } from '../sync/hooks.ts';
import { useGroups } from '../sync/controlHooks.ts';
import { entryName } from '../../shared/voteTargets.ts';
import { rankTally } from '../derive/votes.ts';
import { useFitToBox } from './useFitToBox.ts';
import './ResultsPanel.css';
import { excerpt } from '../../shared/text.ts';

/** The revealed tally and ranking, beside the board. */
export function ResultsPanel({ result }: { result: VoteResult }) {
  const { cards } = useBoard();
  const groups = useGroups();
  const byId = new Map(cards.map((c) => [c.id, c]));
  const ranked = rankTally(result).slice(0, 8);
  const max = ranked[0]?.votes ?? 1;
  const ref = useFitToBox<HTMLElement>(ranked.map((r) => `${r.card}:${r.votes}:${byId.get(r.card)?.text}`).join() + groups.length);
  return (
    <aside ref={ref} className="results-panel" aria-labelledby="results-title">
      <h2 id="results-title">Vote results</h2>
      <p className="results-sub">
        {result.columns.map((c) => COLUMNS.find((x) => x.id === c)?.title).join(', ')} · {result.voters} {result.voters === 1 ? 'voter' : 'voters'}
      </p>
      {ranked.length === 0 ? (
        <p className="projector-empty">No votes were cast.</p>
      ) : (
        <ol className="results-list" aria-label="Ranking">
          {ranked.map((r) => (
            <li key={r.card}>
              <span className="results-rank">#{r.rank}</span>
              <span className="results-text">{entryName(r.card, groups, (id) => excerpt(byId.get(id)?.text ?? 'Deleted card', 140, { empty: 'Empty card' }))}</span>
              <span className="results-votes">
                {r.votes} {r.votes === 1 ? 'vote' : 'votes'}
              </span>
              <span className="results-bar" aria-hidden="true" style={{ width: `${(r.votes / max) * 100}%` }} />
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
