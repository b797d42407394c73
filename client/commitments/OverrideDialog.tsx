import type { TraceFinding } from '../../shared/traceCheck.ts';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { ReasonDialog } from '../ui/ReasonDialog.tsx';
import { FINDING_LABELS } from '../derive/labels.ts';
import './OverrideDialog.css';

/**
 * Facilitator: close the Commit phase with open trace-check findings. The
 * override lists the findings it covers and the written reason (decision log);
 * `then`: the phase the facilitator was stepping to (named in the dialog),
 * `onRecorded` takes the step.
 */
export function OverrideDialog({ open, then = null, onClose, onRecorded }: { open: readonly TraceFinding[]; then?: string | null; onClose: () => void; onRecorded?: () => void }) {
  const session = useSession();
  const findings = `${open.length} ${open.length === 1 ? 'finding' : 'findings'}`;
  return (
    <ReasonDialog
      title="Override the trace check"
      eyebrow={then ? `Close the Commit phase and go to ${then}` : 'Close the Commit phase'}
      label="Why close Commit with these findings open?"
      submitLabel="Record override"
      onClose={onClose}
      onSubmit={(reason) => {
        try {
          session.commitments.recordOverride(reason, open.map((f) => ({ id: f.id, kind: f.kind, message: f.message })));
          // No Undo: the decision log is append-only, outside the undo history; an Undo here would take back
          // whatever this person did before (the step on top), not the override.
          ui.notify(then ? `Override recorded for ${findings}: on to ${then}` : `Override recorded for ${findings}: the Commit phase can close`);
          onRecorded?.();
          return true;
        } catch (error) {
          ui.notify(error instanceof Error ? error.message : 'The override was not recorded');
          return false;
        }
      }}
    >
      <p>
        {open.length === 1 ? 'This finding is' : `These ${open.length} findings are`} still open. The override covers exactly {open.length === 1 ? 'it' : 'them'}: a finding
        that appears later needs its own.
      </p>
      <ul className="override-findings">
        {open.map((f) => (
          <li key={f.id}>
            <strong>{FINDING_LABELS[f.kind]}:</strong> {f.message}
          </li>
        ))}
      </ul>
    </ReasonDialog>
  );
}
