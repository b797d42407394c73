import { useMemo } from 'react';
import { COLUMNS, columnIndex, type Card, type ColumnId, type Commitment, type Direction, type Link } from '../../shared/model.ts';
import type { BoardDiff, CardRef } from '../../shared/review/diff.ts';
import { displayColumns } from '../state/geometry.ts';
import { cardDiffMarks, changeLabel, type CardDiffMark } from './diffMarks.ts';
import { CardStatusTag } from '../ui/CardStatusTag.tsx';
import { StatusChip } from '../ui/StatusChip.tsx';
import './SnapshotBoard.css';

export interface ShownBoard {
  board: { direction: Direction };
  cards: Card[];
  links: Link[];
  commitments: Commitment[];
}

interface SnapshotBoardProps {
  board: ShownBoard;
  /** A diff whose newer side is `board`: its changes are marked and removed cards shown struck through. */
  diff?: BoardDiff;
  label: string;
}

const byOrder = (a: Card, b: Card) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1);

/**
 * A board version drawn read only, in the board's column order: plain text,
 * no editing, nothing bound to the live document. With a diff, changed cards
 * carry what changed and removed ones stay as struck-through ghosts.
 */
export function SnapshotBoard({ board, diff, label }: SnapshotBoardProps) {
  const marks = useMemo(() => (diff ? cardDiffMarks(diff) : new Map<string, CardDiffMark>()), [diff]);
  const columns = useMemo(() => {
    const byColumn = new Map<ColumnId, Card[]>();
    for (const card of board.cards) (byColumn.get(card.column) ?? byColumn.set(card.column, []).get(card.column)!).push(card);
    for (const list of byColumn.values()) list.sort(byOrder);
    const ghosts = new Map<ColumnId, CardRef[]>();
    for (const card of diff?.cards.removed ?? []) (ghosts.get(card.column) ?? ghosts.set(card.column, []).get(card.column)!).push(card);
    return displayColumns(board.board.direction).map((id) => ({ id, cards: byColumn.get(id) ?? [], removed: ghosts.get(id) ?? [] }));
  }, [board, diff]);

  return (
    <div className="snapshot-board" role="region" aria-label={label}>
      {columns.map((column) => {
        const title = COLUMNS.find((c) => c.id === column.id)!.title;
        const headingId = `snapshot-${column.id}`;
        return (
          <section key={column.id} className="snapshot-column" data-column={column.id} style={{ ['--chain-order' as string]: columnIndex(column.id) }} aria-labelledby={headingId}>
            <h3 id={headingId}>{title}</h3>
            <ul className="snapshot-cards">
              {column.cards.map((card) => (
                <SnapshotCard key={card.id} card={card} mark={marks.get(card.id)} />
              ))}
              {column.removed.map((card) => (
                <li key={card.id} className="snapshot-card" data-column={card.column} data-change="removed">
                  <span className="pill" data-tone="danger">Removed</span>
                  <p className="snapshot-card-text">
                    <del>{card.text || 'Empty card'}</del>
                  </p>
                </li>
              ))}
              {column.cards.length === 0 && column.removed.length === 0 && <li className="snapshot-empty">No cards</li>}
            </ul>
          </section>
        );
      })}
      {!diff && board.commitments.length > 0 && (
        <section className="snapshot-commitments" aria-labelledby="snapshot-commitments">
          <h3 id="snapshot-commitments">Commitments in this version</h3>
          <ul>
            {board.commitments.map((c) => (
              <li key={c.id}>
                <StatusChip status={c.status} />{' '}
                {c.title}
                {c.owner ? <span className="hint"> · {c.owner}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function SnapshotCard({ card, mark }: { card: Card; mark: CardDiffMark | undefined }) {
  const change = mark?.changes.includes('added') ? 'added' : mark ? 'changed' : undefined;
  return (
    <li className="snapshot-card" data-column={card.column} data-change={change} data-status={card.status}>
      {(mark || card.status !== 'active') && (
        <div className="snapshot-card-tags">
          {mark && <span className="pill" data-tone={change === 'added' ? 'success' : 'warning'}>{changeLabel(mark)}</span>}
          <CardStatusTag status={card.status} />
        </div>
      )}
      <p className="snapshot-card-text">{card.text || <em>Empty card</em>}</p>
      {mark?.textBefore !== undefined && (
        <p className="snapshot-before">
          Was: <del>{mark.textBefore || 'empty'}</del>
        </p>
      )}
    </li>
  );
}
