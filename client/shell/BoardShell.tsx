import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useBoardSlice, useConnection, useSession } from '../sync/hooks.ts';
import { cardIndex, selectInfo } from '../derive/boardShape.ts';
import type { BoardSnapshot } from '../../shared/model.ts';
import { ui, useUi } from '../state/ui.ts';
import { BoardView } from '../board/BoardView.tsx';
import { ActiveColumnInView } from '../board/ActiveColumnInView.tsx';
import { SkipLinks } from '../board/SkipLinks.tsx';
import { CardPanel } from '../panel/CardPanel.tsx';
import { TableView } from '../views/TableView.tsx';
import { OutlineView } from '../views/OutlineView.tsx';
import { TopBar } from './TopBar.tsx';
import { NoticeBar } from '../ui/NoticeBar.tsx';
import { PhaseBar } from '../facilitation/PhaseBar.tsx';
import { ConsoleSlot } from '../facilitation/ConsoleSlot.tsx';
import { RemovalDialog } from '../board/RemovalDialog.tsx';
import { FindCard } from '../board/FindCard.tsx';
import { PortfolioPanel } from '../portfolio/PortfolioPanel.tsx';
import './BoardShell.css';

const SharePanel = lazy(() => import('../share/SharePanel.tsx'));

/** The open board: top bar, the chosen view, the side panel and notices; `back`: a way back in the top bar's title place (the phone's simple view). */
export function BoardShell({ back }: { back?: ReactNode } = {}) {
  const session = useSession();
  // Its parts of the board only: a keystroke into a card must not re-render the whole page.
  const info = useBoardSlice(selectInfo);
  const connection = useConnection();
  const view = useUi((s) => s.view);
  const panelCardId = useUi((s) => s.panelCardId);
  const panelCard = useBoardSlice(useCallback((board: BoardSnapshot) => (panelCardId ? cardIndex(board.cards).get(panelCardId) : undefined), [panelCardId]));
  const shareOpen = useUi((s) => s.sharePanelOpen);
  const findOpen = useUi((s) => s.findOpen);

  useEffect(() => {
    document.title = `${info.title} · Product VCP`;
  }, [info.title]);

  // Undo and redo are per person, also inside text fields (not the browser's own undo).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'k' && !event.shiftKey) ui.setFindOpen(true);
      else if (key === 'z' && !event.shiftKey) {
        const refused = session.undo();
        if (refused) ui.notify(refused);
      }
      else if ((key === 'z' && event.shiftKey) || key === 'y') session.redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [session]);

  if (connection.refused === 'rejected') return <RejectedCopy />;
  if (connection.refused) {
    return (
      <main className="page-message">
        <h1>The board cannot be opened</h1>
        <p>{connection.refused === 'not-found' ? 'This board no longer exists.' : 'This link is no longer valid. Ask your facilitator for a fresh link.'}</p>
      </main>
    );
  }

  return (
    <div className="board-shell" data-view={view} data-kind={info.kind ?? 'board'}>
      <SkipLinks />
      <TopBar back={back} />
      <PhaseBar />
      <div className="board-body">
        <main className="board-main" aria-label={`${info.title}: ${view} view`}>
          {view === 'board' && <BoardView />}
          {view === 'board' && <ActiveColumnInView />}
          {view === 'table' && <TableView />}
          {view === 'outline' && <OutlineView />}
          <NoticeBar placement="board" />
        </main>
        {info.kind === 'portfolio' && !panelCard && <PortfolioPanel />}
        {panelCard && <CardPanel card={panelCard} onClose={ui.closePanel} />}
        {shareOpen && session.role === 'facilitator' && (
          <Suspense fallback={<aside className="side-panel" aria-busy="true" />}>
            <SharePanel onClose={() => ui.setShareOpen(false)} />
          </Suspense>
        )}
        <ConsoleSlot />
      </div>
      <RemovalDialog />
      {findOpen && <FindCard />}
    </div>
  );
}

/**
 * The server refused the changes this browser holds for the board (too large,
 * built on a version it does not have, or this link may not make them). Resending
 * them cannot help: the way on is the server's board, without this browser's copy.
 */
function RejectedCopy() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const discard = async () => {
    setBusy(true);
    await session.connection.discardLocalCopy();
    window.location.reload();
  };
  return (
    <main className="page-message">
      <h1>This browser's changes to the board were refused</h1>
      <p>
        The server cannot accept the changes this browser kept for this board: they are too large, they build on a version of the
        board it does not have, or your link may not make them. Nothing on the server was changed. Discard this browser's copy to open the board as it is on the server.
      </p>
      <p>
        <button className="button primary" type="button" disabled={busy} onClick={() => void discard()}>
          Discard this browser's copy and reopen the board
        </button>
      </p>
    </main>
  );
}
