import { lazy, memo, Suspense, useCallback, useEffect, type ReactNode } from 'react';
import { useBoardSlice, useSession } from '../sync/hooks.ts';
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

/**
 * The open board: top bar, the chosen view, the side panel and notices; `back`: a way back in the top bar's title place (the phone's simple view).
 * Memoized: the page around it re-renders when the workshop's part arrives, which changes nothing here.
 */
/** Whether Ctrl+Z in `target` is the board's undo: outside text fields, or in a field bound to the board (`data-undo="board"`). */
function undoesBoard(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  const typing = target.isContentEditable || target instanceof HTMLTextAreaElement
    || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(target.type));
  return !typing || target.closest('[data-undo="board"]') !== null;
}

export const BoardShell = memo(function BoardShell({ back }: { back?: ReactNode }) {
  const session = useSession();
  // Its parts of the board only: a keystroke into a card must not re-render the whole page.
  const info = useBoardSlice(selectInfo);
  const view = useUi((s) => s.view);
  const panelCardId = useUi((s) => s.panelCardId);
  const panelCard = useBoardSlice(useCallback((board: BoardSnapshot) => (panelCardId ? cardIndex(board.cards).get(panelCardId) : undefined), [panelCardId]));
  const shareOpen = useUi((s) => s.sharePanelOpen);
  const findOpen = useUi((s) => s.findOpen);

  useEffect(() => {
    document.title = `${info.title} · Product VCP`;
  }, [info.title]);

  // Undo and redo are per person, also inside the board's own text fields (not the browser's own undo);
  // a field that is not the board's (Find, a dialog's reason, a comment being written) undoes its own typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'k' && !event.shiftKey) ui.setFindOpen(true);
      else if ((key === 'z' || key === 'y') && !undoesBoard(event.target)) return;
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
});
