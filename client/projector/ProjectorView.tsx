import { useEffect } from 'react';
import { COLUMNS } from '../../shared/model.ts';
import type { Role } from '../../shared/protocol.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useControlPeers, useFacilitation } from '../sync/controlHooks.ts';
import { phaseInfo, phasePosition } from '../derive/phases.ts';
import { ofText, roomProgress, wallCount } from '../derive/progress.ts';
import { TimerDisplay } from '../ui/TimerDisplay.tsx';
import { BoardView } from '../board/BoardView.tsx';
import { projectedResult, projectorMode, type ProjectorMode } from './projectorMode.ts';
import { ProjectorViewport } from './ProjectorViewport.tsx';
import { SpotlightCard } from './Spotlight.tsx';
import { ColumnStage } from './ColumnStage.tsx';
import { ConsentStage, ReadBackStage, TraceStage } from './RoomStages.tsx';
import { JoinCorner, JoinPanel } from './JoinPanel.tsx';
import { useRoomJoin, type RoomJoin } from './useRoomJoin.ts';
import { CommitmentsPanel } from './CommitmentsPanel.tsx';
import { ResultsPanel } from './ResultsPanel.tsx';
import './ProjectorView.css';

const columnTitle = (id: string) => COLUMNS.find((c) => c.id === id)?.title ?? id;

/** The wall display: phase, progress, the join code and the timer on top (never over the content); below, what the room should look at now. */
export function ProjectorView({ secret, role, projector }: { secret: string; role: Role; projector: boolean }) {
  const session = useSession();
  const { board, cards } = useBoard();
  const f = useFacilitation();
  const peers = useControlPeers();
  const join = useRoomJoin(session.boardId, { secret, role, projector }, f?.joinCodeHidden ?? false, f?.participantLinkResets ?? 0);
  useEffect(() => {
    document.title = `${board.title} · Projector`;
  }, [board.title]);
  if (!f) return null;
  const phase = phaseInfo(f.phase);
  const { index, count } = phasePosition(f.phaseOrder, f.phase);
  const mode = projectorMode(f, cards);
  const result = projectedResult(f, mode);
  const progress = roomProgress(f, peers);
  // One count, the one that matters now; none before anyone is here to count.
  const counted = progress.participants > 0 || progress.voted ? wallCount(f, progress) : null;

  return (
    <div className="projector" data-mode={mode.kind} data-phase-column={phase.column ?? undefined}>
      <header className="projector-header">
        <div className="projector-phase">
          <h1 aria-label={`Phase ${index} of ${count}: ${phase.title}`}>{phase.title}</h1>
          <p className="projector-sub">
            <span className="projector-where">
              Phase {index} of {count}
              {phase.column && ` · ${columnTitle(phase.column)}`}
            </span>
            <span className="projector-board"> · {board.title}</span>
            {board.portfolio && <span className="projector-board"> · Portfolio: {board.portfolio.title}</span>}
          </p>
        </div>
        <ul className="projector-flags" aria-label="What the room is doing">
          {f.privateWriting && <li className="flag" data-kind="private">Private writing: cards appear at the reveal</li>}
          {f.anonymous && <li className="flag" data-kind="anonymous">Anonymous</li>}
          {f.voting && (
            <li className="flag" data-kind="voting">
              {f.voting.state === 'open' ? `Voting on ${f.voting.columns.map(columnTitle).join(', ')}: ${f.voting.votesPerPerson} each` : 'Voting closed: results soon'}
            </li>
          )}
          {counted && (
            <li className="flag progress" data-kind={counted.kind}>
              {ofText(counted.progress)} {counted.kind === 'voted' ? 'have voted' : 'are done'}
            </li>
          )}
        </ul>
        {mode.kind !== 'join' && <JoinCorner join={join} />}
        {/* A timebox not started yet is the facilitator's business: the wall shows a clock once it runs. */}
        {f.timer.state !== 'idle' && <TimerDisplay className="timer projector-timer" marks=".projector-header" />}
      </header>
      <main className="projector-main" data-with-results={result ? true : undefined}>
        <div className="projector-stage">
          <Stage mode={mode} join={join} />
        </div>
        {result && <ResultsPanel result={result} />}
      </main>
    </div>
  );
}

function Stage({ mode, join }: { mode: ProjectorMode; join: RoomJoin }) {
  switch (mode.kind) {
    case 'read-back':
      return <ReadBackStage index={mode.index} />;
    case 'consent':
      return <ConsentStage />;
    case 'card':
      return <SpotlightCard cardId={mode.cardId} />;
    case 'column':
      return <ColumnStage column={mode.column} label={`Spotlight column: ${columnTitle(mode.column)}`} />;
    case 'phase-column':
      return <ColumnStage column={mode.column} label={`Column: ${columnTitle(mode.column)}`} />;
    case 'join':
      return <JoinPanel join={join} />;
    case 'trace':
      return <TraceStage />;
    case 'commitments':
      return <CommitmentsPanel closing={mode.closing} />;
    case 'board':
      return (
        <div className="projector-board-view" role="region" aria-label="The whole board">
          <BoardView />
          <ProjectorViewport />
        </div>
      );
  }
}
