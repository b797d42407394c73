import type { BoardReach, RollupCommitment, RollupTarget } from '../../shared/portfolio/rollupModel.ts';
import { CHECK_IN_LABELS, COMMITMENT_STATUS_LABELS, checkInUnit, functionList } from '../../shared/portfolio/rollupText.ts';
import { shortDayLabel } from '../derive/format.ts';
import './TargetBlock.css';

/** One portfolio goal or segment: who serves it, as a table of boards and their agreed commitments; a gap when nobody does. */
export function TargetBlock({ target, commitments }: { target: RollupTarget; commitments: ReadonlyMap<string, RollupCommitment> }) {
  const headingId = `rollup-target-${target.id}`;
  const kind = target.column === 'goal' ? 'Goal' : 'Segment';
  return (
    <article className="rollup-target" data-gap={target.gap || undefined} data-column={target.column} aria-labelledby={headingId}>
      <header className="rollup-target-head">
        <span className="rollup-target-kind">{kind}</span>
        <h3 id={headingId}>{target.text}</h3>
        {target.metric && <p className="rollup-target-metric">Metric: {target.metric}</p>}
        {!target.gap && <p className="rollup-target-functions">Functions: {functionList(target.functions)}</p>}
      </header>
      {target.gap ? (
        <p className="rollup-target-gap">Gap: no board serves this {kind.toLowerCase()}.</p>
      ) : (
        <>
          {target.uncommitted && <p className="rollup-target-note">Served by initiatives, none of them an agreed commitment yet.</p>}
          <div className="rollup-table-wrap">
            <table className="rollup-table">
              <caption className="visually-hidden">Boards serving {target.text}</caption>
              <thead>
                <tr>
                  <th scope="col">Board</th>
                  <th scope="col">Agreed commitment</th>
                  <th scope="col">Owner, due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Latest check-in</th>
                </tr>
              </thead>
              <tbody>{target.boards.flatMap((b) => boardRows(b, commitments))}</tbody>
            </table>
          </div>
        </>
      )}
    </article>
  );
}

function boardRows(board: BoardReach, byId: ReadonlyMap<string, RollupCommitment>) {
  const list = board.commitments.map((id) => byId.get(id)).filter((c): c is RollupCommitment => c !== undefined);
  // Initiatives toward this target that no agreed commitment stands for (yet): planned, not promised.
  const loose = list.length ? board.initiatives.filter((i) => !list.some((c) => c.initiative.id === i.id)).length : 0;
  const boardCell = (
    <th scope="row" rowSpan={Math.max(1, list.length)} className="rollup-board-cell">
      <span className="rollup-board-name">{board.title}</span>
      <span className="rollup-board-functions">{functionList(board.functions, board.unassignedFunction)}</span>
      {loose > 0 && <span className="rollup-board-loose">+{loose} initiative{loose === 1 ? '' : 's'} not committed</span>}
    </th>
  );
  if (list.length === 0) {
    return [
      <tr key={board.board}>
        {boardCell}
        <td colSpan={4} className="rollup-uncommitted">
          {board.initiatives.length} initiative{board.initiatives.length === 1 ? '' : 's'}, no agreed commitment yet: {board.initiatives.map((i) => i.text).join('; ')}
        </td>
      </tr>,
    ];
  }
  return list.map((c, i) => (
    <tr key={`${board.board}-${c.id}`}>
      {i === 0 && boardCell}
      <td>
        <span className="rollup-commitment-title">{c.title}</span>
        {c.indicators.length > 0 && <span className="rollup-secondary">Indicator: {c.indicators.map((ind) => ind.text).join('; ')}</span>}
      </td>
      <td>
        <span>{c.owner || 'No owner'}</span>
        <span className="rollup-secondary">{c.due ? `due ${shortDayLabel(c.due)}` : 'no due date'}</span>
        {c.overdue && <span className="rollup-flag" data-tone="danger">Overdue</span>}
      </td>
      <td>
        <span className="rollup-status" data-status={c.status}>{COMMITMENT_STATUS_LABELS[c.status]}</span>
        {c.checkInMissing && <span className="rollup-flag" data-tone="warning">Check-in missing</span>}
      </td>
      <td><CheckInCell commitment={c} /></td>
    </tr>
  ));
}

function CheckInCell({ commitment }: { commitment: RollupCommitment }) {
  const c = commitment.latestCheckIn;
  if (!c) return <span className="rollup-secondary">No check-in yet</span>;
  const unit = checkInUnit(commitment);
  return (
    <>
      <span className="rollup-status" data-status={c.status}>{CHECK_IN_LABELS[c.status]}</span>
      <span className="rollup-secondary">
        {shortDayLabel(c.date)}{c.value !== undefined ? ` · ${c.value}${unit ? ` ${unit}` : ''}` : ''} · {c.by}
      </span>
      {c.note.trim() && <span className="rollup-secondary">“{c.note.trim()}”</span>}
    </>
  );
}
