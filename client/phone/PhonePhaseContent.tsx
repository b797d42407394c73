import { useMemo } from 'react';
import type { PhaseId } from '../../shared/doc/control.ts';
import type { Commitment } from '../../shared/model.ts';
import { consentStanding, standingText } from '../derive/consentOutcome.ts';
import { humanDate } from '../../shared/readBack.ts';
import { excerpt } from '../../shared/text.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { useBoard } from '../sync/hooks.ts';
import { FINDING_LABELS } from '../derive/labels.ts';
import { outcomeOf, phaseContent } from '../derive/phaseContent.ts';
import { traceStatus } from '../derive/traceStatus.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import './PhonePhaseContent.css';

/**
 * The phone's content for the phases after the initiatives, which fill no
 * column: the trace check's findings, the commitments the room consents to
 * (the consent answer itself is the prompt above), and at Close the outcome.
 * Nothing for the other phases: their composer is the content.
 */
export function PhonePhaseContent({ phase }: { phase: PhaseId }) {
  const kind = phaseContent(phase);
  if (kind === 'trace') return <PhoneTrace />;
  if (kind === 'commitments') return <PhoneCommitments />;
  if (kind === 'outcome') return <PhoneOutcome />;
  return null;
}

function PhoneTrace() {
  const snapshot = useBoard();
  const status = useMemo(() => traceStatus(snapshot), [snapshot]);
  return (
    <section className="phone-section" aria-labelledby="phone-trace">
      <h2 id="phone-trace">Trace check</h2>
      <p role="status">
        {status.open.length === 0
          ? `Nothing blocks the commitments${status.overridden.length ? ` (${status.overridden.length} overridden)` : ''}: every chain holds together.`
          : status.blocking.length > 0
            ? `${status.blocking.length === 1 ? '1 commitment reaches' : `${status.blocking.length} commitments reach`} no goal: the room links it up, or the facilitator overrides with a reason.`
            : `Nothing blocks the commitments. ${status.open.length} open ${status.open.length === 1 ? 'finding' : 'findings'} to look at:`}
      </p>
      {status.open.length > 0 && (
        <ul className="phone-list phone-findings" aria-label="Open findings">
          {status.open.map((f) => (
            <li key={f.id} data-kind={f.kind}>
              <strong>{FINDING_LABELS[f.kind]}</strong> <span>{f.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PhoneCommitments() {
  const { commitments } = useBoard();
  const consentRound = useFacilitation()?.consent;
  const shown = commitments.filter((c) => c.status !== 'dropped');
  return (
    <section className="phone-section" aria-labelledby="phone-commitments">
      <h2 id="phone-commitments">Commitments ({shown.length})</h2>
      {shown.length === 0 ? (
        <p className="muted">No commitments yet: the facilitator proposes them from the initiatives.</p>
      ) : (
        <ul className="phone-list phone-commitments">
          {shown.map((c) => (
            <CommitmentLine key={c.id} commitment={c} />
          ))}
        </ul>
      )}
      {!consentRound && <p className="hint">When the facilitator opens a consent round, you answer here, on your own device.</p>}
    </section>
  );
}

function PhoneOutcome() {
  const { commitments } = useBoard();
  const { agreed, open } = useMemo(() => outcomeOf(commitments), [commitments]);
  return (
    <section className="phone-section" aria-labelledby="phone-outcome">
      <h2 id="phone-outcome">What we agreed</h2>
      {agreed.length === 0 ? (
        <p className="muted">No commitment was agreed.</p>
      ) : (
        <ol className="phone-list phone-commitments" aria-label="Next steps">
          {agreed.map((c) => (
            <CommitmentLine key={c.id} commitment={c} />
          ))}
        </ol>
      )}
      {open.length > 0 && (
        <>
          <h3 className="phone-subtitle">Not agreed yet ({open.length})</h3>
          <ul className="phone-list phone-commitments">
            {open.map((c) => (
              <CommitmentLine key={c.id} commitment={c} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** One commitment: what, who, by when, the first check-in, its status, and how its last consent round came out. */
function CommitmentLine({ commitment: c }: { commitment: Commitment }) {
  const who = [c.owner || 'No owner yet', c.due ? `by ${humanDate(c.due)}` : 'no due date yet', c.checkpoint ? `check-in ${humanDate(c.checkpoint)}` : ''].filter(Boolean).join(' · ');
  const consent = consentStanding(c);
  return (
    <li className="phone-commitment">
      <span className="phone-commitment-title">
        <strong>{c.title}</strong> <StatusChip status={c.status} />
      </span>
      <span className="muted">{who}</span>
      {c.definitionOfDone && <span className="muted">Done when: {excerpt(c.definitionOfDone, 140)}</span>}
      {consent && (
        <span className="phone-commitment-consent" data-outcome={consent.outcome}>
          Consent: {standingText(consent)}
        </span>
      )}
    </li>
  );
}
