import type { Card } from '../../shared/model.ts';
import { ui } from '../state/ui.ts';
import { useControl, useFacilitation, useGroups, usePersonal } from '../sync/controlHooks.ts';
import { cardVoting, rankTally, shownResult } from '../derive/votes.ts';
import { groupColor } from './groupColor.ts';
import { excerpt } from '../../shared/text.ts';
import './CardFacilitation.css';

function report(error: unknown): void {
  ui.notify(error instanceof Error ? error.message : 'That did not work');
}

/**
 * What facilitation adds to a card on the board: the spotlight, its cluster,
 * my own votes while a round is open (nobody else's), and the tally once
 * revealed. Renders nothing outside a workshop.
 */
export function CardFacilitation({ card }: { card: Card }) {
  const control = useControl();
  const facilitation = useFacilitation();
  const personal = usePersonal();
  const groups = useGroups();
  if (!control || !facilitation) return null;

  const label = excerpt(card.text, 60, { empty: 'Empty card' });
  const spotlit = facilitation.spotlight?.kind === 'card' && facilitation.spotlight.id === card.id;
  const group = groups.find((g) => g.cards.includes(card.id));
  const votes = personal?.votes;
  // A group is one line of the ballot: its votes go on its first card (shared/voteTargets.ts), which
  // carries the group's vote buttons and tally.
  const voting = votes?.round && (!group || group.cards[0] === card.id) ? cardVoting(votes.round, card.column, votes.mine, votes.remaining, card.id) : null;
  const what = group ? `group: ${excerpt(group.label || card.text, 60, { empty: 'Empty card' })}` : `card: ${label}`;
  const result = shownResult(facilitation);
  const ranked = result && result.columns.includes(card.column) ? rankTally(result).find((r) => r.card === card.id) : undefined;
  const showVoting = voting && card.status === 'active' && (voting.open || voting.mine > 0);

  if (!spotlit && !group && !showVoting && !ranked) return null;
  return (
    <div className="card-facilitation">
      {spotlit && <span className="pill spotlight-flag" data-tone="thread">Spotlight</span>}
      {group && (
        <span className="group-chip" style={{ ['--group-color' as string]: groupColor(group.id) }} title={`Group: ${group.label}`}>
          {group.label}
        </span>
      )}
      {ranked && (
        <span className="tally" role="img" aria-label={`${ranked.votes} ${ranked.votes === 1 ? 'vote' : 'votes'}${group ? ' for the group' : ''}, rank ${ranked.rank}`}>
          <span className="tally-votes">{ranked.votes}</span> {ranked.votes === 1 ? 'vote' : 'votes'} · #{ranked.rank}
        </span>
      )}
      {showVoting && voting && (
        <span className="my-votes">
          {voting.mine > 0 && (
            <span className="dots" role="img" aria-label={`Your votes on this ${group ? 'group' : 'card'}: ${voting.mine}`}>
              {'●'.repeat(voting.mine)}
            </span>
          )}
          {voting.open && (
            <button
              className="chip-button vote-button"
              type="button"
              aria-label={`Vote for ${what}`}
              disabled={!voting.canAdd}
              onClick={(event) => {
                event.stopPropagation();
                control.mine.vote(card.id, 'add').catch(report);
              }}
            >
              + Vote
            </button>
          )}
          {voting.open && voting.mine > 0 && (
            <button
              className="chip-button"
              type="button"
              aria-label={`Remove your vote from ${what}`}
              onClick={(event) => {
                event.stopPropagation();
                control.mine.vote(card.id, 'remove').catch(report);
              }}
            >
              −
            </button>
          )}
        </span>
      )}
    </div>
  );
}
