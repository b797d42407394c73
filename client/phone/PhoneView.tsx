import type { ReactNode } from 'react';
import { COLUMNS } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useFacilitation, usePersonal, useRequiredControl } from '../sync/controlHooks.ts';
import { phaseInfo, phasePosition } from '../derive/phases.ts';
import { TimerDisplay } from '../ui/TimerDisplay.tsx';
import { NoticeBar } from '../ui/NoticeBar.tsx';
import { ConnectionStatus } from '../ui/ConnectionStatus.tsx';
import { composerTextKey, PhoneComposer } from './PhoneComposer.tsx';
import { PhoneVoting } from './PhoneVoting.tsx';
import { PhoneSpotlight } from './PhoneSpotlight.tsx';
import { PhonePhaseContent } from './PhonePhaseContent.tsx';
import { JoinRefused } from '../ui/JoinRefused.tsx';
import { DraftCard } from '../ui/DraftCard.tsx';
import { keptText } from '../ui/useKeptText.ts';
import './PhoneView.css';

/** Phases that ask the room for no new cards: the phone shows no composer then. */
const QUIET_PHASES = new Set(['frame', 'close']);

/**
 * A participant on a phone: the phase and timer, one simple composer for the
 * current phase's column (after the initiatives, the phase's own content
 * first: trace findings, commitments, the outcome), their votes while a round
 * is open, "I'm done", and a way to the full board. `consentPrompt`: their answer in an open consent round (the board page's).
 */
export function PhoneView({ onShowBoard, consentPrompt }: { onShowBoard: () => void; consentPrompt: ReactNode }) {
  const control = useRequiredControl();
  const session = useSession();
  const { board, cards } = useBoard();
  const f = useFacilitation();
  const personal = usePersonal();
  if (!f) return null;
  const phase = phaseInfo(f.phase);
  const { index, count } = phasePosition(f.phaseOrder, f.phase);
  // A revealed draft leaves the list once its card is on the board (it moves there, DraftCards.tsx).
  const drafts = (personal?.drafts ?? []).filter((d) => !cards.some((c) => c.id === d.id));
  // While a round is open, voting comes first; the composer stays below with whatever was typed.
  const votingOpen = f.voting?.state === 'open';

  return (
    <div className="phone-view">
      <header className="phone-header">
        <div className="phone-top">
          <p className="eyebrow">
            {board.title} · Phase {index} of {count}
          </p>
          <ConnectionStatus />
        </div>
        <h1>{phase.title}</h1>
        <TimerDisplay className="timer phone-timer" />
        {f.privateWriting && <p className="flag phone-flag" data-kind="private">Private writing: only you see your new cards until the reveal</p>}
        {f.anonymous && <p className="flag phone-flag" data-kind="anonymous">Anonymous: no names on new cards</p>}
        <JoinRefused as="p" className="phone-flag" />
      </header>
      <main className="phone-main" aria-label="Take part">
        {consentPrompt}
        <PhonePhaseContent phase={f.phase} />
        <PhoneSpotlight />
        {votingOpen && <PhoneVoting />}
        {/* Frame and Close ask the room for no cards (a review saw a column picker there), unless one is half written. */}
        {session.canEdit && (!QUIET_PHASES.has(f.phase) || keptText(composerTextKey(session.boardId)) !== '') && <PhoneComposer phaseColumn={phase.column} />}
        {drafts.length > 0 && (
          <section className="phone-section" aria-labelledby="phone-drafts">
            <h2 id="phone-drafts">Your private drafts ({drafts.length})</h2>
            {/* Editable and deletable until the reveal, as on the laptop (the list only showed them). */}
            <ul className="card-list draft-list phone-drafts" aria-label="Your private drafts">
              {drafts.map((d) => (
                <DraftCard key={d.id} draft={d} control={control} session={session} revealing={personal?.revealing.includes(d.id) ?? false} columnTitle={COLUMNS.find((c) => c.id === d.column)?.title} />
              ))}
            </ul>
          </section>
        )}
        {!votingOpen && <PhoneVoting />}
        <div className="phone-actions">
          {(f.timer.state !== 'idle' || f.privateWriting || f.voting?.state === 'open') && (
            <button className="button large done-toggle" type="button" aria-pressed={personal?.done ?? false} onClick={() => control.mine.setDone(!personal?.done)}>
              {personal?.done && <span aria-hidden="true">✓ </span>}I'm done
            </button>
          )}
          <button className="button ghost" type="button" onClick={onShowBoard}>
            Open the full board
          </button>
        </div>
      </main>
      <NoticeBar />
    </div>
  );
}
