import { useState } from 'react';
import { isObjection } from '../../shared/commitments.ts';
import { humanDate } from '../../shared/readBack.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useFacilitation, usePersonal, useRequiredControl } from '../sync/controlHooks.ts';
import type { ConsentValue } from '../sync/controlSession.ts';
import { ui } from '../state/ui.ts';
import { ConsentChoice } from './ConsentChoice.tsx';
import { METHOD_LABELS, responseWord } from '../derive/labels.ts';
import './ConsentPrompt.css';

/**
 * A participant's own answer in the open consent round, on their laptop or
 * phone: what is asked, their answer (thumbs or fist of five, as the
 * facilitator chose), an objection in their own words; changeable until the
 * facilitator closes the round. Only they and the server know it.
 */
export function ConsentPrompt({ phone = false }: { phone?: boolean }) {
  const control = useRequiredControl();
  const session = useSession();
  const f = useFacilitation();
  const personal = usePersonal();
  const { commitments } = useBoard();
  const round = f?.consent;
  const mine = personal?.consent ?? null;
  const [draft, setDraft] = useState<{ round: string; value: ConsentValue | null; objection: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!round || round.state !== 'open' || session.role !== 'participant') return null;
  const editing = draft?.round === round.id ? draft : { round: round.id, value: mine?.value ?? null, objection: mine?.objection ?? '' };
  const objecting = editing.value !== null && isObjection(round.method, editing.value);
  const changed = !mine || mine.value !== editing.value || (mine.objection ?? '') !== editing.objection.trim();
  const asked = round.commitments.map((id) => commitments.find((c) => c.id === id)).filter((c) => c !== undefined);
  const send = () => {
    if (editing.value === null) return;
    setBusy(true);
    control.mine.answerConsent(editing.value, objecting ? editing.objection : undefined).then(
      () => {
        setBusy(false);
        setDraft(null);
      },
      (error: unknown) => {
        setBusy(false);
        ui.notify(error instanceof Error ? error.message : 'Your answer was not sent');
      },
    );
  };
  return (
    <section className={phone ? 'phone-section consent-prompt' : 'consent-prompt floating'} aria-labelledby="consent-prompt-title">
      <h2 id="consent-prompt-title">Consent round</h2>
      <ul className="consent-prompt-asked">
        {asked.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong>
            <span className="hint">
              {c.owner ? ` · ${c.owner}` : ''}
              {c.due ? ` · due ${humanDate(c.due)}` : ''}
            </span>
            {c.definitionOfDone && <span className="hint consent-prompt-done">Done when: {c.definitionOfDone}</span>}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <p className="field-label" id="consent-prompt-method">
          Your answer ({METHOD_LABELS[round.method]})
        </p>
        <ConsentChoice method={round.method} label="Your answer" value={editing.value} onChange={(value) => setDraft({ ...editing, value })} />
        {objecting && (
          <label className="field">
            <span>Your objection, in your own words</span>
            <textarea rows={phone ? 3 : 2} value={editing.objection} onChange={(e) => setDraft({ ...editing, objection: e.target.value })} maxLength={2000} />
          </label>
        )}
        <button className={`button${phone ? ' large' : ''} primary`} type="submit" disabled={editing.value === null || !changed || busy}>
          {mine ? 'Change my answer' : 'Send my answer'}
        </button>
      </form>
      {mine && (
        <p className="hint" role="status">
          You answered {responseWord(round.method, mine.value)}
          {mine.objection ? `: “${mine.objection}”` : ''}. You can change it until the facilitator closes the round.
        </p>
      )}
    </section>
  );
}
