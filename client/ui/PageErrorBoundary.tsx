import { Component, useEffect, useState, type ReactNode } from 'react';

interface PageErrorBoundaryProps {
  children: ReactNode;
  /**
   * The page is a wall display (the projector view): nobody stands next to it,
   * so it reloads by itself after WALL_RELOAD_SECONDS, and the room reads it
   * from the back row, so it speaks in the wall's type. Otherwise the person reloads.
   */
  wall?: boolean;
}

/** How long a wall shows what happened before it reloads. */
const WALL_RELOAD_SECONDS = 10;

interface PageErrorBoundaryState {
  failed: boolean;
}

/**
 * The last stop for an error while a page renders (or in one of its effects).
 * Without it React unmounts the whole app: a participant sees a blank page and
 * thinks their work is gone, a wall display goes dark. Nothing on the board is
 * lost by a render error (every change is already in the board's document, on
 * the server and in this browser's copy), so the page says so and offers the
 * reload that brings it back. React reports the error to the console itself.
 */
export class PageErrorBoundary extends Component<PageErrorBoundaryProps, PageErrorBoundaryState> {
  override state: PageErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): PageErrorBoundaryState {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <PageErrorMessage reloadAfterSeconds={this.props.wall ? WALL_RELOAD_SECONDS : undefined} />;
  }
}

function PageErrorMessage({ reloadAfterSeconds }: { reloadAfterSeconds: number | undefined }) {
  const [left, setLeft] = useState(reloadAfterSeconds);
  useEffect(() => {
    if (reloadAfterSeconds === undefined) return;
    const started = Date.now();
    const tick = window.setInterval(() => {
      const remaining = Math.max(0, reloadAfterSeconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(tick);
        window.location.reload();
      }
    }, 1000);
    return () => window.clearInterval(tick);
  }, [reloadAfterSeconds]);
  return (
    <main className="page-message" role="alert" aria-labelledby="page-error-title" data-wall={reloadAfterSeconds === undefined ? undefined : true}>
      <h1 id="page-error-title">Something went wrong on this page</h1>
      <p>Everything already on the board is kept. {left === undefined ? 'Reload the page to go on.' : `Reloading in ${left} s.`}</p>
      <p>
        <button className="button primary" type="button" onClick={() => window.location.reload()}>
          {left === undefined ? 'Reload the page' : 'Reload now'}
        </button>
      </p>
    </main>
  );
}
