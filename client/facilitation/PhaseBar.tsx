import { COLUMNS } from '../../shared/model.ts';
import { mayEditBoard } from '../../shared/protocol.ts';
import { useSession } from '../sync/hooks.ts';
import { ui, useUi } from '../state/ui.ts';
import { useFacilitation, useLockedForMe, usePersonal, useControl } from '../sync/controlHooks.ts';
import { phaseInfo, phasePosition } from '../derive/phases.ts';
import { TimerDisplay } from '../ui/TimerDisplay.tsx';
import { JoinRefused } from '../ui/JoinRefused.tsx';
import './PhaseBar.css';

const columnTitle = (id: string) => COLUMNS.find((c) => c.id === id)?.title ?? id;

/**
 * The workshop strip under the top bar, for everyone: the phase, the shared
 * timer, what is on (private writing, anonymity, voting, locks, follow-me),
 * "I'm done", and for the facilitator the console toggle.
 */
export function PhaseBar() {
  const control = useControl();
  const session = useSession();
  const facilitation = useFacilitation();
  const personal = usePersonal();
  const locked = useLockedForMe();
  const following = useUi((s) => s.following);
  const consoleOpen = useUi((s) => s.consoleOpen);
  if (!control || !facilitation) return null;

  const phase = phaseInfo(facilitation.phase);
  const { index, count } = phasePosition(facilitation.phaseOrder, facilitation.phase);
  const facilitator = control.isFacilitator;
  const voting = facilitation.voting;
  const votes = personal?.votes;
  const person = mayEditBoard(session.role);
  // "I'm done" while the room works at something with an end: a timebox, private writing, a vote.
  const timeboxOn = facilitation.timer.state !== 'idle' || facilitation.privateWriting || facilitation.voting?.state === 'open';

  return (
    <section className="phase-bar" aria-label="Workshop">
      <p className="phase-name">
        <span className="eyebrow">
          Phase {index} of {count}
        </span>
        <strong data-phase={phase.id}>{phase.title}</strong>
        {phase.column && <span className="phase-column">Writing: {columnTitle(phase.column)}</span>}
      </p>
      <TimerDisplay />
      <ul className="phase-flags" aria-label="What is on">
        {facilitation.privateWriting && (
          <li className="flag" data-kind="private">
            Private writing{person ? ': your new cards are drafts only you see' : ''}
          </li>
        )}
        {facilitation.anonymous && <li className="flag" data-kind="anonymous">Anonymous: no names on new cards</li>}
        {voting && (
          <li className="flag" data-kind="voting">
            {voting.state === 'closed'
              ? 'Voting closed: results soon'
              : votes?.round && person
                ? `Voting: ${votes.remaining} of ${voting.votesPerPerson} ${voting.votesPerPerson === 1 ? 'vote' : 'votes'} left`
                : `Voting on ${voting.columns.map(columnTitle).join(', ')}`}
          </li>
        )}
        {locked.size > 0 && (
          <li className="flag" data-kind="locked">
            Locked: {[...locked].map(columnTitle).join(', ')}
          </li>
        )}
        {facilitation.follow.on && facilitator && <li className="flag" data-kind="follow">Everyone follows your view</li>}
        {facilitation.follow.on && !facilitator && following && <li className="flag" data-kind="follow">Following the facilitator's view</li>}
        <JoinRefused as="li" />
      </ul>
      <div className="phase-actions">
        {facilitation.follow.on && !facilitator && (
          <button className="button small" type="button" onClick={() => ui.setFollowing(!following)}>
            {following ? 'Stop following' : 'Follow the facilitator'}
          </button>
        )}
        {person && !facilitator && timeboxOn && (
          <button className="button small done-toggle" type="button" aria-pressed={personal?.done ?? false} onClick={() => control.mine.setDone(!personal?.done)}>
            {personal?.done && <span aria-hidden="true">✓ </span>}I'm done
          </button>
        )}
        {facilitator && (
          <button className="button small primary" type="button" aria-expanded={consoleOpen} aria-controls="facilitator-console" onClick={() => ui.setConsoleOpen(!consoleOpen)}>
            Facilitate
          </button>
        )}
      </div>
    </section>
  );
}
