import { useEffect, useState } from 'react';
import type { ConsentRound } from '../../shared/doc/control.ts';
import { isObjection } from '../../shared/commitments.ts';
import type { ConsentOutcome } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useControlPeers, useFacilitation, useRequiredControl } from '../sync/controlHooks.ts';
import { ofText, roomProgress } from '../derive/progress.ts';
import type { ConsentAnswer, ConsentValue } from '../sync/controlSession.ts';
import { ui } from '../state/ui.ts';
import { ConsentChoice } from './ConsentChoice.tsx';
import { usePeopleNames } from '../derive/commitments.ts';
import { responseWord } from '../derive/labels.ts';
import { consentRecord, roundSummary, rowsFromAnswers, type ConsentRow } from './consentRound.ts';
import './ConsentRoundSteps.css';

function report(error: unknown): void {
  ui.notify(error instanceof Error ? error.message : 'That did not work');
}

function RoundTitles({ round }: { round: ConsentRound }) {
  const { commitments } = useBoard();
  return (
    <ul className="consent-round-titles" aria-label="Commitments in this round">
      {round.commitments.map((id) => (
        <li key={id}>{commitments.find((c) => c.id === id)?.title ?? 'A commitment no longer on the board'}</li>
      ))}
    </ul>
  );
}

/** While the round is open: how many answered (counts only), answers for people without a device, closing. */
export function OpenRound({ round, onClose }: { round: ConsentRound; onClose: () => void }) {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const progress = roomProgress(f, peers).answered!;
  const [name, setName] = useState('');
  const [value, setValue] = useState<ConsentValue | null>(null);
  const [objection, setObjection] = useState('');
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    work().then(() => {
      setBusy(false);
      after?.();
    }, (error: unknown) => {
      setBusy(false);
      report(error);
    });
  };
  const recordFor = () =>
    run(() => control.consentFor(name.trim(), value!, objection), () => {
      ui.notify(`Answer recorded for ${name.trim()}`);
      setName('');
      setValue(null);
      setObjection('');
    });
  return (
    <>
      <div className="modal-body">
        <RoundTitles round={round} />
        <p className="consent-progress" role="status">
          <strong>{ofText(progress)} answered</strong> on their devices so far. Who answered what shows when you close the round.
        </p>
        <form
          className="field-group consent-for"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && value !== null) recordFor();
          }}
        >
          <p className="field-label">Answer for someone without a device</p>
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name of someone in the room" autoComplete="off" />
          </label>
          <ConsentChoice method={round.method} label={`Answer of ${name.trim() || 'this person'}`} value={value} onChange={setValue} />
          {value !== null && isObjection(round.method, value) && (
            <label className="field">
              <span>Their objection, in their words</span>
              <input value={objection} onChange={(e) => setObjection(e.target.value)} />
            </label>
          )}
          <button className="button small" type="submit" disabled={!name.trim() || value === null || busy}>
            Record this answer
          </button>
        </form>
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" disabled={busy} onClick={() => run(() => control.consentAction('endConsent'))}>
          Cancel the round
        </button>
        <button className="button" type="button" onClick={onClose}>
          Leave it running
        </button>
        <button className="button primary" type="button" disabled={busy} onClick={() => run(() => control.consentAction('closeConsent'))}>
          Close the round
        </button>
      </footer>
    </>
  );
}

/** Once closed: who answered what (objections in their words), the outcome the answers support, and recording it. */
export function ClosedRound({ round, onClose }: { round: ConsentRound; onClose: () => void }) {
  const control = useRequiredControl();
  const session = useSession();
  const { commitments } = useBoard();
  const present = usePeopleNames();
  const [answers, setAnswers] = useState<{ round: string; answers: ConsentAnswer[] } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    control.consentAnswers().then(
      ({ responses }) => !cancelled && setAnswers({ round: round.id, answers: responses }),
      report,
    );
    return () => {
      cancelled = true;
    };
  }, [control, round.id]);
  const answered = answers?.round === round.id ? answers.answers : null;
  // Everyone in the room took part, also those who did not answer (the facilitator runs the round).
  const rows: ConsentRow[] = answered ? rowsFromAnswers(answered, present.filter((n) => n !== session.displayName)) : [];
  const summary = roundSummary(round.method, rows);
  const ids = round.commitments.filter((id) => commitments.some((c) => c.id === id && c.status === 'proposed'));

  const record = (outcome: ConsentOutcome) => {
    const failed = session.commitments.recordConsent(ids, consentRecord(round.method, rows, outcome, new Date().toISOString()));
    const titleOf = (id: string) => commitments.find((c) => c.id === id)?.title ?? id;
    if (failed.length) {
      ui.notify(`Not recorded — ${failed.map((f) => `${titleOf(f.id)}: ${f.reason}`).join('; ')}`);
      return;
    }
    setBusy(true);
    control.consentAction('endConsent').then(() => {
      ui.notify(`${outcome === 'agreed' ? 'Agreed' : 'Not agreed'}: consent recorded for ${ids.length === 1 ? titleOf(ids[0]!) : `${ids.length} commitments`}`, true);
      onClose();
    }, (error: unknown) => {
      setBusy(false);
      report(error);
    });
  };

  return (
    <>
      <div className="modal-body">
        <RoundTitles round={round} />
        {!answered ? (
          <p className="hint" role="status">
            Loading the answers…
          </p>
        ) : (
          <table className="consent-table">
            <caption className="field-label">Answers</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Answer</th>
                <th scope="col">Objection</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} data-objecting={(row.value !== null && isObjection(round.method, row.value)) || undefined}>
                  <th scope="row">{row.name}</th>
                  <td>{row.value === null ? 'no answer' : responseWord(round.method, row.value)}</td>
                  <td>{row.objection ? `“${row.objection}”` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {answered && (
          <section className="consent-summary" data-outcome={summary.suggested} aria-live="polite" aria-label="Suggested outcome">
            <p>
              <strong>Suggested outcome: {summary.suggested === 'agreed' ? 'Agreed' : 'Not agreed'}</strong>
            </p>
            <p className="hint">
              {summary.answered} of {rows.length} answered
            </p>
          </section>
        )}
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" disabled={busy} onClick={() => control.consentAction('endConsent').catch(report)}>
          Discard the round
        </button>
        <button className={`button${summary.suggested === 'not-agreed' ? ' primary' : ''}`} type="button" disabled={!answered || ids.length === 0 || busy} onClick={() => record('not-agreed')}>
          Record as not agreed
        </button>
        <button className={`button${summary.suggested === 'agreed' ? ' primary' : ''}`} type="button" disabled={!answered || ids.length === 0 || busy || summary.suggested !== 'agreed'} onClick={() => record('agreed')}>
          Record as agreed
        </button>
      </footer>
    </>
  );
}
