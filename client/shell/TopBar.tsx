import type { ReactNode } from 'react';
import { useBoardSlice, useSession, useUndoState } from '../sync/hooks.ts';
import { selectInfo } from '../derive/boardShape.ts';
import { ui, useUi, type BoardView } from '../state/ui.ts';
import { ConnectionStatus } from '../ui/ConnectionStatus.tsx';
import { PresenceAvatars } from './PresenceAvatars.tsx';
import { Icon } from '../ui/Icon.tsx';
import { ReviewButtons, ReviewSlot } from '../review/ReviewSlot.tsx';
import { CommitmentsButton, CommitmentsSlot } from '../commitments/CommitmentsSlot.tsx';
import { OverrideSlot } from '../commitments/OverrideSlot.tsx';
import { ExportMenu } from '../commitments/ExportMenu.tsx';
import { ImportCardsButton } from '../import/ImportSlot.tsx';
import { INVITE_BUTTON_ID } from '../share/inviteButton.ts';
import './TopBar.css';

const VIEWS: { id: BoardView; label: string }[] = [
  { id: 'board', label: 'Board' },
  { id: 'table', label: 'Table' },
  { id: 'outline', label: 'Outline' },
];

/** Board title (or `back`, a way back in its place), view switch, undo/redo, presence, connection and (facilitator) sharing. */
export function TopBar({ back }: { back?: ReactNode } = {}) {
  const session = useSession();
  const board = useBoardSlice(selectInfo);
  const undo = useUndoState();
  const view = useUi((s) => s.view);
  const shareOpen = useUi((s) => s.sharePanelOpen);
  const facilitator = session.role === 'facilitator';
  const goalRight = board.direction === 'rtl';

  return (
    <header className="app-bar top-bar" data-back={back ? true : undefined}>
      <div className="app-bar-title top-bar-title">
        {back ?? (
          <>
            <a className="brand" href="/" aria-label="Product VCP home">
              <Icon name="mark" />
            </a>
            <div>
              <h1>{board.title}</h1>
              <p className="role-line">
                {board.kind === 'portfolio' && 'Portfolio · '}
                {{ facilitator: 'Facilitator', participant: 'Participant', reviewer: 'Reviewer · comments only', viewer: 'Viewer · read only' }[session.role]}
                {board.portfolio && (
                  <>
                    {' · '}
                    <span className="portfolio-line">
                      Portfolio: <strong>{board.portfolio.title}</strong>
                    </span>
                  </>
                )}
              </p>
            </div>
          </>
        )}
      </div>

      <div className="view-switch board-views" role="group" aria-label="View">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" aria-pressed={view === v.id} onClick={() => ui.setView(v.id)}>
            {v.label}
          </button>
        ))}
      </div>

      <div className="app-bar-end top-bar-right">
        <ConnectionStatus className="top-bar-status" />
        <div className="app-bar-end top-bar-tools">
          {session.canEdit && (
            <div className="tool-group" role="group" aria-label="History">
              <button className="icon-button" type="button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!undo.canUndo} onClick={() => {
                const refused = session.undo();
                if (refused) ui.notify(refused);
              }}>
                <Icon name="undo" />
              </button>
              <button className="icon-button" type="button" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!undo.canRedo} onClick={() => session.redo()}>
                <Icon name="redo" />
              </button>
            </div>
          )}
          <button className="icon-button" type="button" aria-label="Find a card" title="Find a card (Ctrl+K)" aria-keyshortcuts="Control+K" onClick={() => ui.setFindOpen(true)}>
            <Icon name="search" />
          </button>
          {facilitator && (
            <button
              className="icon-button direction-toggle"
              type="button"
              aria-label={goalRight ? 'Put the goal column on the left' : 'Put the goal column on the right'}
              title={goalRight ? 'Goal is on the right: switch to the left' : 'Goal is on the left: switch to the right'}
              onClick={() => session.setDirection(goalRight ? 'ltr' : 'rtl')}
            >
              <Icon name="flip" />
            </button>
          )}
          {board.kind !== 'portfolio' && <CommitmentsButton />}
          <ExportMenu />
          {facilitator && <ImportCardsButton />}
          <ReviewButtons />
          <PresenceAvatars />
          {facilitator && (
            // Named apart from its label, which a narrow screen hides (as Export's and Commitments').
            <button id={INVITE_BUTTON_ID} className="button primary" type="button" aria-expanded={shareOpen} aria-label="Invite" onClick={() => ui.setShareOpen(!shareOpen)}>
              <Icon name="share" /> <span className="label">Invite</span>
            </button>
          )}
        </div>
      </div>
      <CommitmentsSlot />
      <OverrideSlot />
      <ReviewSlot />
    </header>
  );
}
