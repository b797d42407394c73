import { lazy, Suspense, useEffect } from 'react';
import { createPortal } from 'react-dom';
import type { ReviewSection } from '../state/router.ts';
import { navigate, parseRoute, usePathname } from '../state/router.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { useSession } from '../sync/hooks.ts';
import { useReview, useVisit } from '../sync/reviewHooks.ts';
import { ReviewIcon, type ReviewIconName } from '../ui/ReviewIcon.tsx';
import { reviewPath } from './navigation.ts';
import { idsOf } from '../sync/visit.ts';
import './ReviewSlot.css';

const ReviewPage = lazy(() => import('./ReviewPage.tsx'));

/** The review section the address shows, if any. */
function useReviewSection(): ReviewSection | undefined {
  const route = parseRoute(usePathname());
  return route.page === 'board' ? route.review : undefined;
}

const BUTTONS: { section: ReviewSection; label: string; icon: ReviewIconName; title: string }[] = [
  { section: 'history', label: 'History', icon: 'history', title: 'Version history: browse, compare and restore saved versions' },
  { section: 'activity', label: 'Activity', icon: 'activity', title: 'Who did what on this board' },
  { section: 'summary', label: 'Review summary', icon: 'summary', title: 'Goals, commitments and check-ins, what changed since your last visit' },
];

/** The top bar's way into the async review: history, activity and the review summary (with what is new). */
export function ReviewButtons() {
  const session = useSession();
  const visit = useVisit();
  const news = visit.marks.size;
  // Comments that @mention this person, counted apart: they are addressed to them.
  const mentions = idsOf(visit.marks, 'mention').length;
  const summaryLabel = (label: string) => {
    if (news === 0) return label;
    const mentioned = mentions > 0 ? `${mentions} ${mentions === 1 ? 'mention' : 'mentions'} of you, ` : '';
    return `${label} (${mentioned}${news} new)`;
  };
  return (
    <div className="tool-group review-buttons" role="group" aria-label="Review">
      {BUTTONS.map((b) => (
        <button
          key={b.section}
          className={b.section === 'summary' ? 'button review-summary-button' : 'icon-button review-section-button'}
          type="button"
          title={b.title}
          aria-label={b.section === 'summary' ? summaryLabel(b.label) : b.label}
          onClick={() => navigate(reviewPath(session.boardId, b.section))}
        >
          <ReviewIcon name={b.icon} />
          {b.section === 'summary' && <span className="label">Review</span>}
          {b.section === 'summary' && mentions > 0 && (
            <span className="count-badge review-count mention-badge" aria-hidden="true">
              @{mentions}
            </span>
          )}
          {b.section === 'summary' && news > mentions && (
            <span className="count-badge review-count" aria-hidden="true">
              {news - mentions}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

/**
 * Mounted with the board's top bar: keeps the review session in step with the
 * workshop (anonymous mode, the visit clock) and shows the review page over
 * the board when the address asks for it, so the board's session (and its
 * undo history) stays while people move between the two.
 */
export function ReviewSlot() {
  const session = useSession();
  const review = useReview();
  const anonymous = useFacilitation()?.anonymous ?? false;
  const section = useReviewSection();

  useEffect(() => review.visits.retain(), [review]);
  useEffect(() => session.setAnonymous(anonymous), [session, anonymous]);
  useEffect(() => {
    if (!section) return;
    document.body.classList.add('review-open');
    return () => document.body.classList.remove('review-open');
  }, [section]);

  if (!section) return null;
  return createPortal(
    <Suspense fallback={<p className="page-message review-loading" role="status">Opening the review…</p>}>
      <ReviewPage section={section} />
    </Suspense>,
    document.body,
  );
}
