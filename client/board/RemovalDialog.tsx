import { useEffect, useMemo } from 'react';
import { describeRemoval, removalImpact } from '../../shared/removal.ts';
import { ReasonDialog } from '../ui/ReasonDialog.tsx';
import { ui, useUi } from '../state/ui.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import './RemovalDialog.css';
import { excerpt } from '../../shared/text.ts';

/**
 * Facilitator: the explicit confirmation before a protected card or link goes.
 * It names everything that goes with it, asks why, and records the removal in
 * the decision log; one Undo brings it all back.
 */
export function RemovalDialog() {
  const session = useSession();
  const target = useUi((s) => s.removal);
  const board = useBoard();
  const impact = useMemo(() => (target ? removalImpact(board, target) : undefined), [board, target]);
  // Gone meanwhile (someone else deleted it): nothing left to confirm.
  const gone = target !== null && impact === undefined;
  useEffect(() => {
    if (gone) ui.requestRemoval(null);
  }, [gone]);
  if (!target || !impact || session.role !== 'facilitator' || !session.canEdit) return null;
  const isCard = impact.card !== undefined;
  const name = impact.card ? excerpt(impact.card.text, 60, { empty: 'Empty card' }) : `${excerpt(impact.link?.fromText ?? '', 60, { empty: 'Empty card' })} → ${excerpt(impact.link?.toText ?? '', 60, { empty: 'Empty card' })}`;
  return (
    <ReasonDialog
      title={isCard ? 'Delete a protected card' : 'Remove a protected link'}
      eyebrow={name}
      label={isCard ? 'Why delete it?' : 'Why remove it?'}
      submitLabel={isCard ? 'Delete card' : 'Remove link'}
      onClose={() => ui.requestRemoval(null)}
      onSubmit={(reason) => {
        try {
          session.edits.removeWithReason(target, reason);
          if (impact.card && ui.panelOf() === impact.card.id) ui.closePanel();
          ui.notify(`${isCard ? 'Card deleted' : 'Link removed'} (logged): ${name}`, true);
          return true;
        } catch (error) {
          ui.notify(error instanceof Error ? error.message : 'It was not removed');
          return false;
        }
      }}
    >
      <p className="removal-impact">
        <strong>{describeRemoval(impact)}</strong>
      </p>
      <p>The decision log records it with your name and your reason. Undo brings it all back.</p>
    </ReasonDialog>
  );
}
