import { useMemo } from 'react';
import { COLUMNS } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { displayColumns } from '../state/geometry.ts';
import { cardSummary } from '../derive/cardSummary.ts';
import { CardStatusTag } from '../ui/CardStatusTag.tsx';
import { chainRows, MAX_ROWS, tableCells } from './vcpTable.ts';
import './TableView.css';
import { excerpt } from '../../shared/text.ts';

/** The VCP as the one-page table people share: one row per chain, goal side as on the board. */
export function TableView() {
  const { board, cards, links } = useBoard();
  const columns = displayColumns(board.direction);
  const rows = useMemo(() => chainRows(cards, links), [cards, links]);
  const cells = useMemo(() => tableCells(rows, columns), [rows, columns]);

  return (
    <div className="table-view">
      <table className="vcp-table">
        <caption>
          Value Creation Plan: {board.title}
          <span className="hint"> · one row per chain from goal to work; select a card to edit it</span>
        </caption>
        <thead>
          <tr>
            {columns.map((id) => {
              const info = COLUMNS.find((c) => c.id === id)!;
              return (
                <th key={id} scope="col" data-column={id}>
                  {info.title}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {cells.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty-row">
                The board is empty. Add goals first, then work toward the initiatives.
              </td>
            </tr>
          )}
          {cells.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                cell.rowSpan === 0 ? null : (
                  <td key={c} rowSpan={cell.rowSpan} data-column={columns[c]}>
                    {cell.card ? (
                      <button className="table-card" type="button" data-status={cell.card.status} onClick={() => ui.openPanel(cell.card!.id)}>
                        <CardStatusTag status={cell.card.status} />
                        <span className="table-card-text">{excerpt(cell.card.text, 200, { empty: 'Empty card' })}</span>
                        {cardSummary(cell.card) && <span className="table-card-summary">{cardSummary(cell.card)}</span>}
                      </button>
                    ) : (
                      <span className="table-gap" aria-label="No card">
                        —
                      </span>
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length >= MAX_ROWS && <p className="hint">Showing the first {MAX_ROWS} chains.</p>}
    </div>
  );
}
