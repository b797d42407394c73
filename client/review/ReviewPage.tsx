import { useEffect, useRef, type MouseEvent } from 'react';
import type { ReviewSection } from '../state/router.ts';
import { navigate } from '../state/router.ts';
import { ConnectionStatus } from '../ui/ConnectionStatus.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ActivitySection } from './ActivitySection.tsx';
import { HistorySection } from './HistorySection.tsx';
import { reviewPath } from './navigation.ts';
import { ReviewIcon } from '../ui/ReviewIcon.tsx';
import { SummarySection } from './SummarySection.tsx';
import './ReviewPage.css';

const SECTIONS: { id: ReviewSection; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'activity', label: 'Activity' },
  { id: 'history', label: 'History' },
];

/**
 * The review page (`/b/<id>/review`): the async review of a board for
 * stakeholders who were not in the room, and for owners at their reviews.
 * It lies over the live board, whose session it uses.
 */
export default function ReviewPage({ section }: { section: ReviewSection }) {
  const session = useSession();
  const { board } = useBoard();
  const heading = useRef<HTMLHeadingElement>(null);

  // Focus moves to the page when it opens, so keyboard and screen reader users start here.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);

  const go = (path: string) => (event: MouseEvent) => {
    event.preventDefault();
    navigate(path);
  };
  const boardPath = `/b/${session.boardId}`;
  const role = { facilitator: 'Facilitator', participant: 'Participant', reviewer: 'Reviewer · comments and check-ins', viewer: 'Viewer · read only' }[session.role];
  return (
    <div className="review-page">
      <header className="app-bar review-header">
        <div className="app-bar-title review-title">
          <a className="brand" href="/" aria-label="Product VCP home">
            <Icon name="mark" />
          </a>
          <div>
            <p className="eyebrow">Review · {role}</p>
            <h1 ref={heading} tabIndex={-1}>
              {board.title}
            </h1>
          </div>
        </div>
        <nav className="view-switch review-nav" aria-label="Review sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={reviewPath(session.boardId, s.id)} aria-current={section === s.id ? 'page' : undefined} onClick={go(reviewPath(session.boardId, s.id))}>
              {s.label}
            </a>
          ))}
        </nav>
        <div className="app-bar-end review-header-right">
          <ConnectionStatus className="review-connection" />
          <a className="button" href={boardPath} onClick={go(boardPath)} aria-label="Open the board">
            <ReviewIcon name="back" /> <span>Open the board</span>
          </a>
        </div>
      </header>
      <main className="review-main" aria-label={`Review of ${board.title}: ${SECTIONS.find((s) => s.id === section)!.label.toLowerCase()}`}>
        {section === 'summary' && <SummarySection />}
        {section === 'activity' && <ActivitySection />}
        {section === 'history' && <HistorySection />}
      </main>
    </div>
  );
}
