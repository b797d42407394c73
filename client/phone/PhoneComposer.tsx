import { useMemo, useState, type FormEvent } from 'react';
import { COLUMNS, type ColumnId } from '../../shared/model.ts';
import { canLinkColumns } from '../../shared/columns.ts';
import { excerpt } from '../../shared/text.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { useFacilitation, useLockedForMe } from '../sync/controlHooks.ts';
import { isSaveKey } from '../ui/cardEntry.ts';
import { pastedLines } from '../derive/pasteLines.ts';
import { useKeptText } from '../ui/useKeptText.ts';
import { PhoneColumnCards } from './PhoneColumnCards.tsx';
import './PhoneComposer.css';

/** Where the composer's half-written text is kept (this tab). */
export const composerTextKey = (boardId: string) => `vcp.composer.${boardId}`;

/** What a card of each column is called when another card serves it. */
const TOWARD_NOUN: Record<ColumnId, string> = { goal: 'goal', segment: 'segment', value: 'customer value', behaviour: 'behaviour', indicator: 'value indicator', initiative: 'initiative' };

/**
 * One text box for a new card in the current phase's column. Once someone
 * starts typing, their card keeps its column even if the phase moves on, and
 * nothing they typed is lost.
 */
export function PhoneComposer({ phaseColumn }: { phaseColumn: ColumnId | null }) {
  const session = useSession();
  // A portfolio holds only goals and segments (the server refuses the rest).
  const { board, cards } = useBoard();
  const kind = board.kind;
  const f = useFacilitation();
  const locked = useLockedForMe();
  // Kept across the full board and a turn of the phone (both unmount this), with the column it was started in.
  const [text, setText] = useKeptText(composerTextKey(session.boardId));
  const [kept, setKept] = useKeptText(`vcp.composer.${session.boardId}.column`);
  const pinned = COLUMNS.some((c) => c.id === kept) ? (kept as ColumnId) : null;
  // The cards this browser added: editable in the list of the column's cards below.
  const [mineKept, setMineKept] = useKeptText(`vcp.mine.${session.boardId}`);
  const mine = useMemo(() => new Set(mineKept ? (mineKept.split(',')) : []), [mineKept]);
  const setPinned = (column: ColumnId | null) => setKept(column ?? '');
  const [chosen, setChosen] = useState<ColumnId | null>(null);
  // A pasted list (several lines) becomes one card per line, as on the board, unless its writer says otherwise.
  const [splitLines, setSplitLines] = useState(true);
  const lines = pastedLines(text);
  const split = splitLines && lines.length > 1;
  const column = pinned ?? chosen ?? phaseColumn;
  const title = COLUMNS.find((c) => c.id === column)?.title;
  const isLocked = column !== null && locked.has(column);
  // What a new card serves, toward the goal (a segment's goal, a value's segment…), chosen here as on
  // the board's link handle: a phone had no way to say it, nor to see the cards the room had just put first.
  // Drafts take no links (they are revealed as cards, then linked).
  const towardColumn = column && column !== 'goal' && !f?.privateWriting ? COLUMNS.find((c) => canLinkColumns(column, c.id))?.id : undefined;
  const targets = towardColumn ? cards.filter((c) => c.column === towardColumn && c.status === 'active') : [];
  const [toward, setToward] = useState('');
  const target = targets.some((c) => c.id === toward) ? toward : '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || !column || isLocked) return;
    let added = 0;
    let previous: string | undefined;
    const ids: string[] = [];
    for (const line of split ? lines : [value]) {
      const id = session.edits.addCard(column, line, previous, target && !f?.privateWriting ? target : undefined);
      if (!id) break;
      previous = id;
      added++;
      ids.push(id);
    }
    setMineKept([...mine, ...ids].slice(-200).join(','));
    if (added === 0) return;
    setText('');
    setPinned(null);
    setSplitLines(true);
    const what = added === 1 ? 'card' : `${added} cards`;
    ui.notify(f?.privateWriting ? `${added === 1 ? 'Draft' : `${added} drafts`} kept: only you see ${added === 1 ? 'it' : 'them'} until the reveal` : `Added ${what} to ${title}`);
  };

  return (
    <>
    <form className="phone-section composer" onSubmit={submit} aria-labelledby="composer-title">
      <h2 id="composer-title">{column ? `Add to ${title}` : 'Add a card'}</h2>
      {(!phaseColumn || chosen) && (
        <label className="field">
          <span>Column</span>
          <select value={column ?? ''} onChange={(e) => setChosen((e.target.value || null) as ColumnId | null)} disabled={pinned !== null && text.trim() !== ''}>
            <option value="">Choose a column</option>
            {COLUMNS.filter((c) => kind !== 'portfolio' || c.id === 'goal' || c.id === 'segment').map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {column && <p className="hint">{COLUMNS.find((c) => c.id === column)?.question}</p>}
      <label className="field">
        <span className="visually-hidden">Your card</span>
        <textarea
          value={text}
          rows={4}
          maxLength={2000}
          placeholder={isLocked ? 'This column is locked' : 'Write one idea per card'}
          aria-label="Your card"
          disabled={isLocked}
          onChange={(e) => {
            setText(e.target.value);
            if (!pinned && column) setPinned(column);
          }}
          onKeyDown={(e) => {
            // Enter adds the card and the box is ready for the next one (Shift+Enter: a new line), as on the board.
            if (isSaveKey(e.nativeEvent)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </label>
      {towardColumn && targets.length > 0 && (
        <label className="field">
          <span>Toward which {TOWARD_NOUN[towardColumn]}?</span>
          <select value={target} onChange={(e) => setToward(e.target.value)}>
            <option value="">Not linked yet</option>
            {targets.map((c) => (
              <option key={c.id} value={c.id}>
                {excerpt(c.text, 60, { lines: 'first', empty: 'Empty card' })}
              </option>
            ))}
          </select>
        </label>
      )}
      {lines.length > 1 && (
        <label className="composer-split">
          <input type="checkbox" checked={splitLines} onChange={(e) => setSplitLines(e.target.checked)} />
          <span>One card per line ({lines.length} cards)</span>
        </label>
      )}
      {isLocked && <p className="hint">The facilitator locked {title}: it takes no new cards now.</p>}
      {pinned && phaseColumn && pinned !== phaseColumn && text.trim() && <p className="hint">The phase moved on; this card still goes to {title}.</p>}
      <button className="button primary large wide" type="submit" disabled={!text.trim() || !column || isLocked}>
        {split ? `Add ${lines.length} cards` : 'Add card'}
      </button>
    </form>
    {column && <PhoneColumnCards column={column} mine={mine} />}
    </>
  );
}
