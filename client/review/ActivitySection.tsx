import { useMemo, useState } from 'react';
import { useBoard } from '../sync/hooks.ts';
import { dayHeading, feedLines, groupByDay, type ActivityFilter, type FeedLine } from './activityFeed.ts';
import { dayLabel, localToday } from '../derive/format.ts';
import { useActivity } from '../sync/reviewHooks.ts';
import { openCardOnBoard } from './navigation.ts';
import { useSession } from '../sync/hooks.ts';
import './ActivitySection.css';

const FILTERS: { id: ActivityFilter; label: string }[] = [
  { id: 'all', label: 'Everything' },
  { id: 'cards', label: 'Cards' },
  { id: 'comments', label: 'Comments' },
  { id: 'commitments', label: 'Check-ins and status' },
];
const PAGE = 100;

/** Who did what, newest first, by day (names left out of what was done in anonymous mode). */
export function ActivitySection() {
  const entries = useActivity();
  const board = useBoard();
  const [filter, setFilter] = useState<ActivityFilter>('all');
  const [shown, setShown] = useState(PAGE);
  const lines = useMemo(() => feedLines(entries, board, filter), [entries, board, filter]);
  const days = useMemo(() => groupByDay(lines.slice(0, shown)), [lines, shown]);
  const today = localToday();
  return (
    <section className="review-box review-activity" aria-labelledby="activity-title">
      <div className="box-heading">
        <h2 id="activity-title">Activity</h2>
        <div className="view-switch" role="group" aria-label="Show">
          {FILTERS.map((f) => (
            <button key={f.id} type="button" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {lines.length === 0 && <p className="hint">Nothing here yet.</p>}
      {days.map((day) => (
        <section key={day.day} className="activity-day" aria-label={dayHeading(day.day, today, dayLabel)}>
          <h3>{dayHeading(day.day, today, dayLabel)}</h3>
          <ActivityList lines={day.lines} />
        </section>
      ))}
      {lines.length > shown && (
        <button className="button small" type="button" onClick={() => setShown(shown + PAGE)}>
          Show older activity
        </button>
      )}
    </section>
  );
}

/** Lines of the feed; those about a card still on the board open it there. */
export function ActivityList({ lines, withDate = false }: { lines: readonly FeedLine[]; withDate?: boolean }) {
  const session = useSession();
  return (
    <ol className="activity-list" data-dated={withDate || undefined}>
      {lines.map((line) => {
        const when = new Date(line.at);
        const time = withDate
          ? when.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
          : when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
        return (
          <li key={line.id} data-kind={line.kind}>
            <time dateTime={line.at}>{time}</time>
            {line.card ? (
              <button className="link-button activity-text" type="button" title="Open this card on the board" onClick={() => openCardOnBoard(session.boardId, line.card!)}>
                {line.text}
              </button>
            ) : (
              <span className="activity-text">{line.text}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
