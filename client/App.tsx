import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { parseRoute, usePathname } from './state/router.ts';
import { Landing } from './landing/Landing.tsx';
import { startBoardAccess } from './shell/boardAccess.ts';

type BoardPageComponent = ComponentType<{ boardId: string }>;
/** The board page's code, loaded once: at start when the address is a board's, in parallel with React's first render and the board's access check. */
let boardPageModule: Promise<{ default: BoardPageComponent }> | null = null;
const loadBoardPage = () =>
  (boardPageModule ??= import('./shell/BoardPage.tsx').catch((error: unknown) => {
    boardPageModule = null; // the next visit tries again
    throw error;
  }));
const opened = parseRoute(window.location.pathname);
if (opened.page === 'board') {
  void loadBoardPage();
  // Who we are on the board (role, a first visit's join) is asked for while its code loads.
  startBoardAccess(opened.boardId);
}
const ProjectorPage = lazy(() => import('./projector/ProjectorPage.tsx'));
const ProjectorCodePage = lazy(() => import('./landing/ProjectorCodePage.tsx'));
const RollupPage = lazy(() => import('./rollup/RollupPage.tsx'));

/**
 * The board page once its code is there. Not through React.lazy and Suspense:
 * React reveals a suspended page no sooner than 300 ms after its fallback
 * appeared (it throttles Suspense reveals), which held every board open back
 * by 100–200 ms after its code had arrived.
 */
function BoardRoute({ boardId }: { boardId: string }) {
  const [page, setPage] = useState<{ Page: BoardPageComponent } | { failed: true } | null>(null);
  useEffect(() => {
    let live = true;
    loadBoardPage().then(
      (module) => live && setPage({ Page: module.default }),
      () => live && setPage({ failed: true }),
    );
    return () => {
      live = false;
    };
  }, []);
  if (page && 'Page' in page) return <page.Page boardId={boardId} />;
  if (page) {
    return (
      <main className="page-message">
        <h1>The board cannot be opened</h1>
        <p>This page could not load its code. Check the connection and reload the page.</p>
      </main>
    );
  }
  return <p className="page-message" role="status">Opening the board…</p>;
}

/** Picks the page for the current address. */
export function App() {
  const route = parseRoute(usePathname());
  if (route.page === 'board') return <BoardRoute key={route.boardId} boardId={route.boardId} />;
  if (route.page === 'present') {
    return (
      <Suspense fallback={<p className="page-message" role="status">Opening the projector view…</p>}>
        <ProjectorPage key={route.boardId} boardId={route.boardId} />
      </Suspense>
    );
  }
  if (route.page === 'rollup') {
    return (
      <Suspense fallback={<p className="page-message" role="status">Opening the roll-up…</p>}>
        <RollupPage key={route.boardId} portfolioId={route.boardId} />
      </Suspense>
    );
  }
  if (route.page === 'present-code') {
    return (
      <Suspense fallback={<p className="page-message" role="status">Opening…</p>}>
        <ProjectorCodePage />
      </Suspense>
    );
  }
  if (route.page === 'landing') return <Landing />;
  return (
    <main className="page-message">
      <h1>Page not found</h1>
      <p>
        <a href="/">Start or join a workshop</a>
      </p>
    </main>
  );
}
