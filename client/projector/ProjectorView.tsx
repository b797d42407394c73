import { useEffect } from 'react';
import { COLUMNS } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { useFacilitation } from '../facilitation/hooks.ts';
import { phaseInfo, phasePosition } from '../facilitation/phases.ts';
import { TimerDisplay } from '../facilitation/TimerDisplay.tsx';
import { BoardView } from '../board/BoardView.tsx';
import { projectedResult, projectorMode } from './projectorMode.ts';
import { ProjectorViewport } from './ProjectorViewport.tsx';
import { SpotlightCard, SpotlightColumn } from './Spotlight.tsx';
import { JoinPanel } from './JoinPanel.tsx';
import { CommitmentsPanel } from './CommitmentsPanel.tsx';
import { ResultsPanel } from './ResultsPanel.tsx';

const columnTitle = (id: string) => COLUMNS.find((c) => c.id === id)?.title ?? id;

/** The wall display: phase and timer on top; below, what the room should look at now. */
export function ProjectorView({ facilitatorSecret }: { facilitatorSecret: string | null }) {
  const { board, cards } = useBoard();
  const f = useFacilitation();
  useEffect(() => {
    document.title = `${board.title} · Projector`;
  }, [board.title]);
  if (!f) return null;
  const phase = phaseInfo(f.phase);
  const { index, count } = phasePosition(f.phaseOrder, f.phase);
  const mode = projectorMode(f, cards);
  const result = mode.kind !== 'commitments' && mode.kind !== 'join' ? projectedResult(f) : null;

  return (
    <div className="projector" data-mode={mode.kind} data-phase-column={phase.column ?? undefined}>
      <header className="projector-header">
        <div className="projector-phase">
          <p className="projector-board">{board.title}</p>
          <h1 aria-label={`Phase ${index} of ${count}: ${phase.title}`}>{phase.title}</h1>
          <p className="projector-sub">
            Phase {index} of {count}
            {phase.column && ` · ${columnTitle(phase.column)}`}
          </p>
        </div>
        <div className="projector-flags">
          {f.privateWriting && <p className="flag" data-kind="private">Private writing: cards appear at the reveal</p>}
          {f.anonymous && <p className="flag" data-kind="anonymous">Anonymous</p>}
          {f.voting && (
            <p className="flag" data-kind="voting">
              {f.voting.state === 'open' ? `Voting on ${f.voting.columns.map(columnTitle).join(', ')}: ${f.voting.votesPerPerson} votes each, ballots secret` : 'Voting closed: results soon'}
            </p>
          )}
        </div>
        <TimerDisplay className="timer projector-timer" />
      </header>
      <main className="projector-main" data-with-results={result ? true : undefined}>
        <div className="projector-stage">
          {mode.kind === 'card' && <SpotlightCard cardId={mode.cardId} />}
          {mode.kind === 'column' && <SpotlightColumn column={mode.column} />}
          {mode.kind === 'join' && <JoinPanel facilitatorSecret={facilitatorSecret} />}
          {mode.kind === 'commitments' && <CommitmentsPanel />}
          {mode.kind === 'board' && (
            <div className="projector-board-view" role="region" aria-label="The whole board">
              <BoardView />
              <ProjectorViewport />
            </div>
          )}
        </div>
        {result && <ResultsPanel result={result} />}
      </main>
    </div>
  );
}
