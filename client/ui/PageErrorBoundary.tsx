import { Component, type ReactNode } from 'react';

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
export class PageErrorBoundary extends Component<{ children: ReactNode }, PageErrorBoundaryState> {
  override state: PageErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): PageErrorBoundaryState {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page-message" role="alert" aria-labelledby="page-error-title">
        <h1 id="page-error-title">Something went wrong on this page</h1>
        <p>Everything already on the board is kept. Reload the page to go on.</p>
        <p>
          <button className="button primary" type="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </p>
      </main>
    );
  }
}
