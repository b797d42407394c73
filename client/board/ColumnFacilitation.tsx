import type { ColumnId } from '../../shared/model.ts';
import { useControl, useFacilitation } from '../sync/controlHooks.ts';
import './ColumnFacilitation.css';

/** In a column header: whether the column is locked, or in the spotlight. */
export function ColumnFacilitation({ column }: { column: ColumnId }) {
  const control = useControl();
  const facilitation = useFacilitation();
  if (!control || !facilitation) return null;
  const locked = facilitation.lockedColumns.includes(column);
  const spotlit = facilitation.spotlight?.kind === 'column' && facilitation.spotlight.id === column;
  if (!locked && !spotlit) return null;
  return (
    <span className="column-facilitation">
      {locked && (
        <span className="pill" data-tone="danger" title={control.isFacilitator ? 'Locked for participants' : 'The facilitator locked this column'}>
          Locked
        </span>
      )}
      {spotlit && <span className="pill spotlight-flag" data-tone="thread">Spotlight</span>}
    </span>
  );
}
