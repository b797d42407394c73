import type { ColumnId } from '../../shared/model.ts';
import { useBoardSlice, useSession } from '../sync/hooks.ts';
import { selectShape } from '../derive/boardShape.ts';
import { useControl, usePersonal } from '../sync/controlHooks.ts';
import { DraftCard } from '../ui/DraftCard.tsx';
import './DraftCards.css';

/**
 * My private drafts in a column during private writing: visible only here, in
 * this person's own draft document, until the facilitator reveals them all.
 * A revealed draft stays here, still taking keystrokes, until its card is on
 * the board; then its editor moves onto that card (same id) with the text
 * typed meanwhile, the caret and the focus: no keystroke is lost.
 */
export function DraftCards({ column }: { column: ColumnId }) {
  const control = useControl();
  const personal = usePersonal();
  const session = useSession();
  // Which cards exist (not their texts): a keystroke into a card re-renders no column's drafts.
  const cards = useBoardSlice(selectShape);
  if (!control || !personal) return null;
  const mine = personal.drafts.filter((d) => d.column === column);
  // Most columns hold no draft: skip reading a big board's cards for them (every keystroke re-renders this).
  const onBoard = mine.length > 0 ? new Set(cards.map((c) => c.id)) : null;
  const drafts = onBoard ? mine.filter((d) => !onBoard.has(d.id)) : mine;
  if (drafts.length === 0) return null;
  return (
    <ul className="card-list draft-list" aria-label={`Your private drafts in this column (${drafts.length})`}>
      {drafts.map((draft) => (
        <DraftCard key={draft.id} draft={draft} control={control} session={session} revealing={personal.revealing.includes(draft.id)} />
      ))}
    </ul>
  );
}
