import { useMemo } from 'react';
import type { Card, Commitment, CommitmentStatus } from '../../shared/model.ts';
import { commitmentsWithoutCheckIn, lastReviewDate, REPORTING_STATUSES } from '../../shared/review/checkins.ts';
import type { CheckIn } from '../../shared/review/model.ts';
import { navigate } from '../state/router.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ActivityList } from './ActivitySection.tsx';
import { feedLines } from './activityFeed.ts';
import { CommitmentReview } from './CommitmentReview.tsx';
import { localToday } from '../derive/format.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { useActivity, useCadence, useCheckIns, useCommentCount, useVisit } from '../sync/reviewHooks.ts';
import { openCardOnBoard, reviewPath } from './navigation.ts';
import { ReviewSchedule } from './ReviewSchedule.tsx';
import { VisitBox } from './VisitBox.tsx';
import './SummarySection.css';

/** Agreed commitments, shown at reviews; the others are listed briefly. */
const AGREED: readonly CommitmentStatus[] = ['agreed', 'in-progress', 'done'];
const RECENT = 8;

/**
 * The review summary a stakeholder lands on: what is new since their last
 * visit, the next review and who has not checked in, the goals, the agreed
 * commitments with their latest check-in and chart, and recent activity.
 */
export function SummarySection() {
  const session = useSession();
  const board = useBoard();
  const checkIns = useCheckIns();
  const cadence = useCadence();
  const visit = useVisit();
  const activity = useActivity();
  const today = localToday();

  const cardsById = useMemo(() => new Map(board.cards.map((c) => [c.id, c])), [board.cards]);
  const byCommitment = useMemo(() => {
    const map = new Map<string, CheckIn[]>();
    for (const c of checkIns) (map.get(c.commitment) ?? map.set(c.commitment, []).get(c.commitment)!).push(c);
    return map;
  }, [checkIns]);
  const nextReview = board.board.nextReview;
  const lastReview = lastReviewDate(nextReview, cadence, today);
  const missingIds = useMemo(() => new Set(commitmentsWithoutCheckIn(board.commitments, checkIns, lastReview)), [board.commitments, checkIns, lastReview]);
  const agreed = board.commitments.filter((c) => AGREED.includes(c.status));
  const others = board.commitments.filter((c) => !AGREED.includes(c.status));
  const goals = board.cards.filter((c) => c.column === 'goal' && c.status === 'active');
  const recent = useMemo(() => feedLines(activity, board).slice(0, RECENT), [activity, board]);

  return (
    <div className="review-summary">
      <div className="summary-top">
        <VisitBox board={board} />
        <ReviewSchedule
          nextReview={nextReview}
          cadence={cadence}
          lastReview={lastReview}
          today={today}
          missing={board.commitments.filter((c) => missingIds.has(c.id))}
          reporting={board.commitments.filter((c) => REPORTING_STATUSES.includes(c.status)).length}
        />
      </div>

      <section className="review-box goals-box" aria-labelledby="goals-title">
        <h2 id="goals-title">Goals</h2>
        {goals.length === 0 ? (
          <p className="hint">No business goals on the board yet.</p>
        ) : (
          <ul className="goal-list">
            {goals.map((goal) => (
              <GoalItem key={goal.id} goal={goal} onOpen={() => openCardOnBoard(session.boardId, goal.id)} />
            ))}
          </ul>
        )}
      </section>

      <div className="summary-main">
        <section className="commitments-review" aria-labelledby="review-commitments-title">
          <h2 id="review-commitments-title">Agreed commitments</h2>
          {agreed.length === 0 && <p className="review-box hint">No agreed commitments yet.</p>}
          {agreed.map((c) => (
            <CommitmentReview
              key={c.id}
              commitment={c}
              cards={cardsById}
              checkIns={byCommitment.get(c.id) ?? []}
              overdue={missingIds.has(c.id)}
              updated={visit.marks.has(`commitment:${c.id}`)}
            />
          ))}
          {others.length > 0 && <OtherCommitments commitments={others} />}
        </section>

        <section className="review-box recent-box" aria-labelledby="recent-title">
          <div className="box-heading">
            <h2 id="recent-title">Recent changes</h2>
            <a
              href={reviewPath(session.boardId, 'activity')}
              onClick={(e) => {
                e.preventDefault();
                navigate(reviewPath(session.boardId, 'activity'));
              }}
            >
              All activity
            </a>
          </div>
          {recent.length === 0 ? <p className="hint">Nothing has happened yet.</p> : <ActivityList lines={recent} withDate />}
        </section>
      </div>
    </div>
  );
}

function GoalItem({ goal, onOpen }: { goal: Card; onOpen: () => void }) {
  const comments = useCommentCount(goal.id);
  return (
    <li className="goal-item">
      <button className="link-button goal-text" type="button" onClick={onOpen} title="Open this goal on the board">
        {goal.text || 'Untitled goal'}
      </button>
      {goal.metric && <span className="hint">Metric: {goal.metric}</span>}
      {comments > 0 && <span className="hint">{comments} open {comments === 1 ? 'comment' : 'comments'}</span>}
    </li>
  );
}

function OtherCommitments({ commitments }: { commitments: readonly Commitment[] }) {
  return (
    <details className="review-box other-commitments">
      <summary>
        Other commitments ({commitments.length}): {[...new Set(commitments.map((c) => STATUS_LABELS[c.status].toLowerCase()))].join(', ')}
      </summary>
      <ul>
        {commitments.map((c) => (
          <li key={c.id}>
            <StatusChip status={c.status} />{' '}
            {c.title}
          </li>
        ))}
      </ul>
    </details>
  );
}
