import { COLUMNS } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { useFacilitation, useGroups, usePersonal, useRequiredControl } from '../sync/controlHooks.ts';
import { ballotTargets, entryName, groupOfEntry } from '../../shared/voteTargets.ts';
import { cardVoting, rankTally, shownResult } from '../derive/votes.ts';
import './PhoneVoting.css';
import { excerpt } from '../../shared/text.ts';

/** My votes on a phone: what is left, a vote button per card; then the revealed ranking. */
export function PhoneVoting() {
  const control = useRequiredControl();
  const f = useFacilitation();
  const personal = usePersonal();
  const { cards } = useBoard();
  const groups = useGroups();
  if (!f) return null;
  const votes = personal?.votes;
  const round = votes?.round ?? null;
  const result = shownResult(f);

  if (round && votes) {
    // A group is one line (the votes go to the group), shown where its first card is.
    const targets = ballotTargets(cards, groups, round.columns);
    const ballot = cards.filter((c) => targets.get(c.id) === c.id);
    return (
      <section className="phone-section" aria-labelledby="phone-voting">
        <h2 id="phone-voting">Vote</h2>
        <p className="votes-left" role="status">
          {round.state === 'open' ? `You have ${votes.remaining} of ${round.votesPerPerson} votes left` : 'Voting is closed: results soon'}
        </p>
        <ul className="phone-list">
          {ballot.map((card) => {
            const v = cardVoting(round, card.column, votes.mine, votes.remaining, card.id);
            const group = groupOfEntry(card.id, groups);
            const members = group ? cards.filter((c) => group.cards.includes(c.id)) : [];
            const what = group ? 'group' : 'card';
            const label = group ? excerpt(group.label || card.text, 60, { empty: 'Empty card' }) : excerpt(card.text, 60, { empty: 'Empty card' });
            return (
              <li key={card.id} className="vote-row">
                <span className="vote-text">
                  {group ? (
                    <>
                      <strong>{excerpt(group.label || card.text, 80, { empty: 'Group' })}</strong> · group of {members.length}:{' '}
                      {members.map((c) => excerpt(c.text, 40, { empty: 'Empty card' })).join(' / ')}
                    </>
                  ) : excerpt(card.text, 120, { empty: 'Empty card' })}
                </span>
                {v.mine > 0 && (
                  <span className="dots" role="img" aria-label={`Your votes on this ${what}: ${v.mine}`}>
                    {'●'.repeat(v.mine)}
                  </span>
                )}
                {v.open && v.mine > 0 && (
                  <button className="button small" type="button" aria-label={`Remove your vote from ${what}: ${label}`} onClick={() => control.mine.vote(card.id, 'remove').catch((e: Error) => ui.notify(e.message))}>
                    −
                  </button>
                )}
                {v.open && (
                  <button className="button small primary" type="button" aria-label={`Vote for ${what}: ${label}`} disabled={!v.canAdd} onClick={() => control.mine.vote(card.id, 'add').catch((e: Error) => ui.notify(e.message))}>
                    + Vote
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    );
  }
  if (!result) return null;
  const byId = new Map(cards.map((c) => [c.id, c]));
  return (
    <section className="phone-section" aria-labelledby="phone-results">
      <h2 id="phone-results">Voting results</h2>
      <p className="hint">{result.columns.map((c) => COLUMNS.find((x) => x.id === c)?.title).join(', ')}</p>
      <ol className="ranking">
        {rankTally(result).slice(0, 10).map((r) => (
          <li key={r.card}>
            <span className="rank">#{r.rank}</span> <span className="ranking-text">{entryName(r.card, groups, (id) => excerpt(byId.get(id)?.text ?? 'Deleted card', 80, { empty: 'Empty card' }))}</span>{' '}
            <span className="ranking-votes">
              {r.votes} {r.votes === 1 ? 'vote' : 'votes'}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
