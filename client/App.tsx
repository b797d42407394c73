import { lazy, Suspense } from 'react';
import { parseRoute, usePathname } from './state/router.ts';
import { Landing } from './landing/Landing.tsx';

const BoardPage = lazy(() => import('./shell/BoardPage.tsx'));
const ProjectorPage = lazy(() => import('./projector/ProjectorPage.tsx'));
const ProjectorCodePage = lazy(() => import('./landing/ProjectorCodePage.tsx'));
const RollupPage = lazy(() => import('./rollup/RollupPage.tsx'));

/** Picks the page for the current address. */
export function App() {
  const route = parseRoute(usePathname());
  if (route.page === 'board') {
    return (
      <Suspense fallback={<p className="page-message" role="status">Opening the board…</p>}>
        <BoardPage key={route.boardId} boardId={route.boardId} />
      </Suspense>
    );
  }
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
