import { useEffect, useState } from 'react';
import type { ConsentRound } from '../../shared/doc/control.ts';
import { isObjection, outcomeOfRound } from '../../shared/commitments.ts';
import type { ConsentOutcome } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useControlPeers, useFacilitation, useRequiredControl } from '../sync/controlHooks.ts';
import { answeredOn, ofText, roomProgress } from '../derive/progress.ts';
import type { ConsentResponse } from '../sync/controlSession.ts';
import { ui } from '../state/ui.ts';
import { ConsentChoice } from './ConsentChoice.tsx';
import { usePeopleNames } from '../derive/commitments.ts';
import { responseWord } from '../derive/labels.ts';
import { consentRecord, roundSummary, rowsFromAnswers, type ConsentRow } from './consentRound.ts';
import { changedAnswers, draftFrom, type AnswerDraft } from './consentAnswers.ts';
import { pastDue } from '../ui/OverdueMark.tsx';
import { humanDate } from '../../shared/readBack.ts';
import './ConsentRoundSteps.css';

function report(error: unknown): void {
  ui.notify(error instanceof Error ? error.message : 'That did not work');
}

const titleIn = (commitments: readonly { id: string; title: string }[], id: string) => commitments.find((c) => c.id === id)?.title ?? 'A commitment no longer on the board';

/** The commitments of the round, with "x of y answered" on each while it is open and the round has several. */
function RoundTitles({ round }: { round: ConsentRound }) {
  const { commitments } = useBoard();
  const f = useFacilitation()!;
  const room = roomProgress(f, useControlPeers());
  const several = round.commitments.length > 1 && round.state === 'open';
  return (
    <ul className="consent-round-titles" aria-label="Commitments in this round">
      {round.commitments.map((id) => {
        const on = answeredOn(room, f, id);
        return (
          <li key={id}>
            {titleIn(commitments, id)}
            {several && on && <span className="hint"> — {ofText(on)} answered on this one</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** While the round is open: how many answered (counts only), answers for people without a device, closing. */
export function OpenRound({ round, onClose }: { round: ConsentRound; onClose: () => void }) {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const { commitments } = useBoard();
  const progress = roomProgress(f, peers).answered!;
  const [name, setName] = useState('');
  const blank = () => draftFrom(round.commitments, null);
  const [given, setGiven] = useState<Record<string, AnswerDraft>>(blank);
  const [busy, setBusy] = useState(false);
  const several = round.commitments.length > 1;
  const answers = changedAnswers(round.method, { ...blank(), ...given }, null);
  const edit = (id: string, patch: Partial<AnswerDraft>) => setGiven({ ...given, [id]: { ...(given[id] ?? { value: null, objection: '' }), ...patch } });
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
    run(() => control.consentFor(name.trim(), answers), () => {
      ui.notify(`Answer recorded for ${name.trim()}`);
      setName('');
      setGiven(blank());
    });
  const who = name.trim() || 'this person';
  return (
    <>
      <div className="modal-body">
        <RoundTitles round={round} />
        <p className="consent-progress" role="status">
          <strong>{ofText(progress)} answered</strong> {several ? 'on every commitment' : 'on their devices'} so far. Who answered what shows when you close the round.
        </p>
        <form
          className="field-group consent-for"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && answers.length) recordFor();
          }}
        >
          <p className="field-label">Answer for someone without a device</p>
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name of someone in the room" autoComplete="off" />
          </label>
          {round.commitments.map((id) => {
            const a = given[id] ?? { value: null, objection: '' };
            const title = titleIn(commitments, id);
            return (
              <div key={id} className="consent-for-one">
                {several && <p className="consent-for-title">{title}</p>}
                <ConsentChoice method={round.method} label={several ? `Answer of ${who} on ${title}` : `Answer of ${who}`} value={a.value} onChange={(value) => edit(id, { value })} />
                {a.value !== null && isObjection(round.method, a.value) && (
                  <label className="field">
                    <span>{several ? `Their objection to ${title}, in their words` : 'Their objection, in their words'}</span>
                    <input value={a.objection} onChange={(e) => edit(id, { objection: e.target.value })} />
                  </label>
                )}
              </div>
            );
          })}
          <button className="button small" type="submit" disabled={!name.trim() || answers.length === 0 || busy}>
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

/**
 * Once closed, for each commitment of the round: who answered what on it
 * (objections in their words), the outcome its answers support, and recording
 * that outcome (bound to this round). The round ends when every commitment
 * still on the board has its outcome.
 */
export function ClosedRound({ round, onClose }: { round: ConsentRound; onClose: () => void }) {
  const control = useRequiredControl();
  const session = useSession();
  const { commitments } = useBoard();
  const present = usePeopleNames();
  const [answers, setAnswers] = useState<{ round: string; answers: ConsentResponse[] } | null>(null);
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
  const inRound = round.commitments.flatMap((id) => commitments.filter((c) => c.id === id));
  const pending = inRound.filter((c) => outcomeOfRound(c, round.id) === null && c.status === 'proposed');
  // Everyone in the room took part, also those who did not answer (the facilitator runs the round).
  const others = present.filter((n) => n !== session.displayName);

  const record = (id: string, rows: ConsentRow[], outcome: ConsentOutcome) => {
    const failed = session.commitments.recordConsent([id], consentRecord(round.method, rows, outcome, new Date().toISOString(), round.id));
    const title = titleIn(commitments, id);
    if (failed.length) {
      ui.notify(`Not recorded — ${failed.map((f) => `${title}: ${f.reason}`).join('; ')}`);
      return;
    }
    const said = `${outcome === 'agreed' ? 'Agreed' : 'Not agreed'}: consent recorded for ${title}`;
    if (pending.some((c) => c.id !== id)) {
      ui.notify(said);
      return;
    }
    setBusy(true);
    control.consentAction('endConsent').then(() => {
      ui.notify(said);
      onClose();
    }, (error: unknown) => {
      setBusy(false);
      report(error);
    });
  };

  return (
    <>
      <div className="modal-body">
        {round.commitments.length === 1 && <RoundTitles round={round} />}
        {!answered ? (
          <p className="hint" role="status">
            Loading the answers…
          </p>
        ) : (
          inRound.map((c) => (
            <CommitmentOutcome
              key={c.id}
              round={round}
              title={c.title}
              pastDueOn={pastDue([c]).length ? c.due! : null}
              several={inRound.length > 1}
              rows={rowsFromAnswers(answered.filter((r) => r.commitment === c.id), others)}
              recorded={outcomeOfRound(c, round.id) ?? (c.status === 'proposed' ? null : 'agreed')}
              busy={busy}
              onRecord={(rows, outcome) => record(c.id, rows, outcome)}
            />
          ))
        )}
      </div>
      <footer className="modal-footer">
        <button className="button" type="button" disabled={busy} onClick={() => control.consentAction('endConsent').catch(report)}>
          {pending.length < inRound.length ? 'End the round' : 'Discard the round'}
        </button>
      </footer>
    </>
  );
}

/** One commitment of a closed round: its answers, the outcome they support, and recording it. */
function CommitmentOutcome({ round, title, pastDueOn, several, rows, recorded, busy, onRecord }: {
  round: ConsentRound; title: string; pastDueOn: string | null; several: boolean; rows: ConsentRow[]; recorded: ConsentOutcome | null; busy: boolean;
  onRecord: (rows: ConsentRow[], outcome: ConsentOutcome) => void;
}) {
  const summary = roundSummary(round.method, rows);
  const body = (
    <>
      {several && <h3 className="consent-outcome-title">{title}</h3>}
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
      <section className="consent-summary" data-outcome={recorded ?? summary.suggested} aria-live="polite" aria-label={several ? `Outcome of ${title}` : 'Suggested outcome'}>
        <p>
          <strong>
            {recorded ? `Recorded: ${recorded === 'agreed' ? 'Agreed' : 'Not agreed'}` : `Suggested outcome: ${summary.suggested === 'agreed' ? 'Agreed' : 'Not agreed'}`}
          </strong>
        </p>
        <p className="hint">
          {summary.answered} of {rows.length} answered
        </p>
      </section>
      {!recorded && pastDueOn && (
        <p className="past-due-warning" role="status">
          <strong>Past due:</strong> it was due {humanDate(pastDueOn)}. Agreed now, it is overdue at once: record it as not agreed and set a new due date, or agree knowingly.
        </p>
      )}
      {!recorded && (
        <div className="row consent-outcome-actions">
          <button className={`button${summary.suggested === 'not-agreed' ? ' primary' : ''}`} type="button" disabled={busy} onClick={() => onRecord(rows, 'not-agreed')}>
            Record as not agreed
          </button>
          <button className={`button${summary.suggested === 'agreed' ? ' primary' : ''}`} type="button" disabled={busy || summary.suggested !== 'agreed'} onClick={() => onRecord(rows, 'agreed')}>
            Record as agreed
          </button>
        </div>
      )}
    </>
  );
  return several ? <section className="consent-outcome" aria-label={title}>{body}</section> : body;
}
