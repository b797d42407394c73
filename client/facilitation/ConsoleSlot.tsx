import { lazy, Suspense } from 'react';
import { useUi } from '../state/ui.ts';
import { useControl } from '../sync/controlHooks.ts';
import './console/FacilitatorConsole.css';

const FacilitatorConsole = lazy(() => import('./console/FacilitatorConsole.tsx'));

/** The facilitator console as a side panel, loaded only for the facilitator who opens it. */
export function ConsoleSlot() {
  const control = useControl();
  const open = useUi((s) => s.consoleOpen);
  if (!control?.isFacilitator || !open) return null;
  return (
    <Suspense fallback={<aside className="side-panel facilitator-console" aria-busy="true" />}>
      <FacilitatorConsole />
    </Suspense>
  );
}
