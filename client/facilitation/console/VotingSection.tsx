import { COLUMNS, type ColumnId } from '../../../shared/model.ts';

import { useBoard } from '../../sync/hooks.ts';
import { MAX_VOTES_PER_PERSON, voteColumnsFor } from '../../../shared/doc/facilitatorSettings.ts';
import { useControlPeers, useFacilitation, useFacilitatorSettings, useGroups, useRequiredControl } from '../../sync/controlHooks.ts';
import { entryName } from '../../../shared/voteTargets.ts';
import { phaseInfo } from '../../derive/phases.ts';
import { ofText, roomProgress } from '../../derive/progress.ts';
import { latestResult, rankTally, shownResult } from '../../derive/votes.ts';
import { act } from './act.ts';
import { excerpt } from '../../../shared/text.ts';

const title = (id: ColumnId) => COLUMNS.find((c) => c.id === id)?.title ?? id;

/** Dot voting: set up a round, how many have voted, close it, reveal the tally (or cancel); the latest ranking, on screens or not. */
export function VotingSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const { cards } = useBoard();
  const phaseColumn = phaseInfo(f.phase).column;
  // The round's set-up is a setting in the control document: it survives closing the console, a reload, another device.
  const setup = useFacilitatorSettings();
  const { votesPerPerson, allowMultiple } = setup;
  const chosen = voteColumnsFor(setup, f.phase, phaseColumn);
  const voting = f.voting;
  const result = latestResult(f);
  const onScreen = shownResult(f)?.roundId === result?.roundId && !!result;
  const { voted, votersBeyondRoom } = roomProgress(f, peers);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const groups = useGroups();

  return (
    <section className="console-section" aria-labelledby="console-voting">
      <h3 id="console-voting">Dot voting</h3>
      {!voting ? (
        <>
          <fieldset className="lock-list">
            <legend>Vote on</legend>
            {COLUMNS.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  aria-label={`Vote on ${c.title}`}
                  onChange={(e) => control.setVoteColumns(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
                />
                {c.title}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <label className="minutes">
              <VotesPerPerson key={votesPerPerson} value={votesPerPerson} onChange={(n) => control.setVotingDefaults({ votesPerPerson: n })} />
              <span aria-hidden="true">votes each</span>
            </label>
            <label className="check">
              <input type="checkbox" checked={allowMultiple} onChange={(e) => control.setVotingDefaults({ allowMultiple: e.target.checked })} />
              Several on one card
            </label>
          </div>
          <button className="button small primary" type="button" disabled={chosen.length === 0} onClick={() => act(() => control.startVoting(chosen, control.getSettings().votesPerPerson, control.getSettings().allowMultiple))}>
            Start voting
          </button>
        </>
      ) : (
        <>
          <p className="console-status" role="status">
            {voting.state === 'open' ? 'Voting is open' : 'Voting is closed'} on {voting.columns.map(title).join(', ')}: {voting.votesPerPerson} votes each
            {voting.allowMultiple ? ', several on one card allowed' : ''}. Ballots are secret until you reveal.
          </p>
          {voted && <p className="console-status progress">{ofText(voted)} have voted</p>}
          {votersBeyondRoom > 0 && (
            <p className="hint" role="note">
              {votersBeyondRoom === 1 ? 'One more person has' : `${votersBeyondRoom} more people have`} voted than participants are online: someone left, or
              joined again to vote more than once. People lists who joined (and other joins under a listed name) and removes them; a participant link reset keeps out whoever should not be here.
            </p>
          )}
          <div className="row">
            {voting.state === 'open' && (
              <button className="button small" type="button" onClick={() => act(() => control.votingAction('closeVoting'))}>
                Close voting
              </button>
            )}
            <button className="button small primary" type="button" onClick={() => act(() => control.votingAction('revealVotes'))}>
              Reveal results
            </button>
            <button className="button small" type="button" onClick={() => act(() => control.votingAction('cancelVoting'))}>
              Cancel round
            </button>
          </div>
        </>
      )}
      {result && (
        <div className="results">
          <h4>Latest results ({result.voters} {result.voters === 1 ? 'voter' : 'voters'})</h4>
          <p className="hint">{onScreen ? 'On every screen and the projector, in this phase.' : 'Not on screens now.'}</p>
          <button className="button small" type="button" aria-pressed={onScreen} onClick={() => control.showResult(onScreen ? null : result.roundId)}>
            {onScreen ? 'Hide results' : 'Show results'}
          </button>
          <ol className="ranking" aria-label="Latest voting results">
            {rankTally(result).slice(0, 10).map((r) => (
              <li key={r.card}>
                <span className="rank">#{r.rank}</span> <span className="ranking-text">{entryName(r.card, groups, (id) => excerpt(byId.get(id)?.text ?? 'Deleted card', 50, { empty: 'Empty card' }))}</span>{' '}
                <span className="ranking-votes">
                  {r.votes} {r.votes === 1 ? 'vote' : 'votes'}
                </span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

/**
 * The vote budget: written to the control document when the field is left or
 * Enter is pressed (not on every keystroke, so typing "12" is not first a 1).
 */
function VotesPerPerson({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const commit = (input: HTMLInputElement) => {
    const n = Math.max(1, Math.min(MAX_VOTES_PER_PERSON, Math.round(Number(input.value)) || 1));
    if (n !== value) onChange(n);
    else input.value = String(value);
  };
  return (
    <input
      type="number"
      min={1}
      max={MAX_VOTES_PER_PERSON}
      defaultValue={value}
      aria-label="Votes per person"
      onBlur={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
    />
  );
}
