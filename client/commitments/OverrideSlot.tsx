import { useEffect, useMemo } from 'react';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useControl } from '../sync/controlHooks.ts';
import { ui, useUi } from '../state/ui.ts';
import { phaseInfo } from '../derive/phases.ts';
import { traceStatus } from '../derive/traceStatus.ts';
import { OverrideDialog } from './OverrideDialog.tsx';

/**
 * Facilitator: the trace-check override dialog, wherever it was asked for —
 * from the trace check's Override button, or from the console's "Next phase"
 * out of Commit with findings open. Asked for by a phase step, recording the
 * override also takes that step: the phase moves on and the console stays open.
 */
export function OverrideSlot() {
  const session = useSession();
  const control = useControl();
  const snapshot = useBoard();
  const open = useUi((s) => s.overrideOpen);
  const then = useUi((s) => s.overrideThen);
  const facilitator = session.canEdit && session.role === 'facilitator';
  // Checked only while the dialog is asked for: not on every keystroke into a card of a big board.
  const asked = open && facilitator;
  // What an override is for: the findings that block closing Commit (orphan commitments); the rest need none.
  const findings = useMemo(() => (asked ? traceStatus(snapshot).blocking : []), [asked, snapshot]);

  // An override request with nothing open (fixed meanwhile) must not pop up later.
  const nothingOpen = findings.length === 0;
  useEffect(() => {
    if (open && nothingOpen) ui.setOverrideOpen(false);
  }, [open, nothingOpen]);

  if (!open || !facilitator || nothingOpen) return null;
  return (
    <OverrideDialog
      open={findings}
      then={then ? phaseInfo(then).title : null}
      onClose={() => ui.setOverrideOpen(false)}
      onRecorded={() => {
        if (!then || !control) return;
        control.goToPhase(then).catch((error: unknown) => ui.notify(error instanceof Error ? error.message : 'The phase did not change'));
      }}
    />
  );
}
