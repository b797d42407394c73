import { useCallback } from 'react';
import type { ColumnId } from '../../shared/model.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { badgeTone, type BadgeTone, type TraceBadgeKind } from './traceBadges.ts';

/** The tone of a trace badge in the workshop's current phase (null: not shown yet). */
export function useBadgeTone(): (kind: TraceBadgeKind, column: ColumnId) => BadgeTone | null {
  const facilitation = useFacilitation();
  const phase = facilitation?.phase ?? null;
  const order = facilitation?.phaseOrder;
  return useCallback((kind: TraceBadgeKind, column: ColumnId) => badgeTone(kind, column, phase, order), [phase, order]);
}
