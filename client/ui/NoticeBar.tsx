import { useEffect } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui, useUi } from '../state/ui.ts';
import './NoticeBar.css';

const NOTICE_MS = 8000;

/**
 * A short notice ("Card deleted" with Undo), announced politely. At the bottom
 * of the window on a phone; over a board (`placement="board"`) at the top of
 * the board area, away from the zoom controls and from the card just worked
 * on (new cards and links happen low in a column).
 */
export function NoticeBar({ placement = 'window' }: { placement?: 'window' | 'board' }) {
  const session = useSession();
  const notice = useUi((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => ui.dismissNotice(notice.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  useEffect(() => {
    if (!notice?.undoable) return;
    // The notice's Undo takes back the step it announced, never a later one: once that step
    // is undone (toolbar, Ctrl+Z) or another step is on top of it, the notice goes.
    const steps = session.undoSteps;
    const announced = steps.top();
    return steps.stepsChanged.subscribe(() => {
      if (steps.top() !== announced) ui.dismissNotice(notice.id);
    });
  }, [notice, session]);
  return (
    <div className="notice-region" data-placement={placement} role="status" aria-live="polite">
      {notice && (
        <div className="notice">
          <span>{notice.message}</span>
          {notice.action && (
            <button
              className="button small"
              type="button"
              onClick={() => {
                notice.action!.run();
                ui.dismissNotice(notice.id);
              }}
            >
              {notice.action.label}
            </button>
          )}
          {notice.undoable && (
            <button
              className="button small"
              type="button"
              onClick={() => {
                session.undo();
                ui.dismissNotice(notice.id);
              }}
            >
              Undo
            </button>
          )}
          <button className="icon-button notice-dismiss" type="button" aria-label="Dismiss notice" onClick={() => ui.dismissNotice(notice.id)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
