import type { ColumnId } from '../../shared/model.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { uiStore } from '../state/ui.ts';
import { columnTitle } from '../derive/board.ts';
import { columnJumpOrder } from './columnFocus.ts';
import { panCanvasTo, scrollStackTo } from './ActiveColumnInView.tsx';
import './SkipLinks.css';

/**
 * The first stops of the keyboard on the board page: "Skip to the board"
 * (the column the phase is about) and a jump to each column, the phase's
 * first. Hidden until focused, as skip links are. A jump puts the focus on the
 * column's heading, so the next Tab is that column's first control, and brings
 * the column into view (pans the canvas, or scrolls the stacked layout).
 */
export function SkipLinks() {
  const facilitation = useFacilitation();
  const order = columnJumpOrder(facilitation?.phase ?? null);
  return (
    <nav className="skip-links" aria-label="Skip links">
      <a
        className="skip-link"
        href="#board"
        onClick={(event) => {
          // The page's hash holds the board's key: a jump never changes it.
          event.preventDefault();
          jumpTo(order[0]!);
        }}
      >
        Skip to the board
      </a>
      <div className="skip-jumps" role="group" aria-label="Jump to a column">
        {order.map((column, i) => (
          <button key={column} className="skip-link" type="button" onClick={() => jumpTo(column)}>
            Jump to {columnTitle(column)}
            {i === 0 && facilitation ? <span className="skip-note"> (this phase)</span> : null}
          </button>
        ))}
      </div>
    </nav>
  );
}

/** Focuses `column`'s heading on the board (the board view first, if a table or outline shows), and brings it into view. */
function jumpTo(column: ColumnId): void {
  const go = () => {
    const heading = document.getElementById(`column-${column}-title`);
    if (!heading) return;
    heading.focus({ preventScroll: true });
    if (!panCanvasTo(column)) scrollStackTo(column);
  };
  if (uiStore.getState().view !== 'board') {
    uiStore.setState({ view: 'board' });
    requestAnimationFrame(go);
  } else go();
}

