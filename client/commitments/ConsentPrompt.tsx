import { useState } from 'react';
import { isObjection, outcomeOfRound } from '../../shared/commitments.ts';
import { humanDate } from '../../shared/readBack.ts';
import type { Commitment } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useFacilitation, usePersonal, useRequiredControl } from '../sync/controlHooks.ts';
import type { ConsentAnswer } from '../sync/controlSession.ts';
import type { Facilitation } from '../../shared/doc/control.ts';
import { ui } from '../state/ui.ts';
import { ConsentChoice } from './ConsentChoice.tsx';
import { METHOD_LABELS, responseWord } from '../derive/labels.ts';
import { changedAnswers, draftFrom, type AnswerDraft } from './consentAnswers.ts';
import { pastDue } from '../ui/OverdueMark.tsx';
import './ConsentPrompt.css';

/** What is asked about one commitment: its title, owner and due date (said when it has passed), and when it is done. */
function Asked({ c, inline = true }: { c: Commitment; inline?: boolean }) {
  const meta = [c.owner, c.due ? `due ${humanDate(c.due)}${pastDue([c]).length ? ' (already past)' : ''}` : ''].filter(Boolean).join(' · ');
  return (
    <>
      <strong>{c.title}</strong>
      <span className={inline ? 'hint' : 'hint consent-prompt-done'}>{meta && inline ? ` · ${meta}` : meta}</span>
      {c.definitionOfDone && <span className="hint consent-prompt-done">Done when: {c.definitionOfDone}</span>}
    </>
  );
}

/**
 * A participant's own answers in the open consent round, on their laptop or
 * phone: what is asked, one answer per commitment (thumbs or fist of five, as
 * the facilitator chose; an objection in their own words is about that
 * commitment), with a quick "same answer on all" when the round has several;
 * changeable until the facilitator closes the round. Only they and the server
 * know them.
 */
export function ConsentPrompt({ phone = false }: { phone?: boolean }) {
  const control = useRequiredControl();
  const session = useSession();
  const f = useFacilitation();
  const personal = usePersonal();
  const { commitments } = useBoard();
  const round = f?.consent;
  const mine: ConsentAnswer | null = personal?.consent ?? null;
  const [draft, setDraft] = useState<{ round: string; answers: Record<string, AnswerDraft> } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!round || session.role !== 'participant') return null;
  if (round.state === 'closed') return phone ? <ConsentResult round={round} mine={mine} /> : null;
  const asked = round.commitments.map((id) => commitments.find((c) => c.id === id)).filter((c) => c !== undefined);
  const editing = draft?.round === round.id ? draft.answers : draftFrom(asked.map((c) => c.id), mine);
  const toSend = changedAnswers(round.method, editing, mine);
  const several = asked.length > 1;
  const edit = (id: string, patch: Partial<AnswerDraft>) => setDraft({ round: round.id, answers: { ...editing, [id]: { ...editing[id]!, ...patch } } });
  // "Same for all": the first answer given, in the round's order, on every commitment.
  const first = asked.map((c) => editing[c.id]!).find((a) => a.value !== null);
  const sameForAll = () => first && setDraft({ round: round.id, answers: Object.fromEntries(asked.map((c) => [c.id, { ...first }])) });
  const answeredCount = asked.filter((c) => mine?.answers[c.id]).length;
  const send = () => {
    if (toSend.length === 0) return;
    setBusy(true);
    control.mine.answerConsent(toSend).then(
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
  const objectionField = (id: string, label: string) => {
    const a = editing[id]!;
    if (a.value === null || !isObjection(round.method, a.value)) return null;
    return (
      <label className="field">
        <span>{label}</span>
        <textarea rows={phone ? 3 : 2} value={a.objection} onChange={(e) => edit(id, { objection: e.target.value })} maxLength={2000} />
      </label>
    );
  };
  return (
    <section className={phone ? 'phone-section consent-prompt' : 'consent-prompt floating'} aria-labelledby="consent-prompt-title">
      <h2 id="consent-prompt-title">Consent round</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        {!several && asked[0] ? (
          <>
            <ul className="consent-prompt-asked">
              <li>
                <Asked c={asked[0]} />
              </li>
            </ul>
            <p className="field-label" id="consent-prompt-method">
              Your answer ({METHOD_LABELS[round.method]})
            </p>
            <ConsentChoice method={round.method} label="Your answer" value={editing[asked[0].id]!.value} onChange={(value) => edit(asked[0]!.id, { value })} />
            {objectionField(asked[0].id, 'Your objection, in your own words')}
          </>
        ) : (
          <>
            <p className="hint">
              One answer per commitment ({METHOD_LABELS[round.method]}): an objection is about one commitment.
            </p>
            {asked.map((c) => {
              const sent = mine?.answers[c.id];
              return (
                <fieldset key={c.id} className="consent-prompt-one" aria-label={c.title}>
                  <legend className="consent-prompt-legend">
                    <Asked c={c} inline={false} />
                  </legend>
                  <ConsentChoice method={round.method} label={`Your answer on ${c.title}`} value={editing[c.id]!.value} onChange={(value) => edit(c.id, { value })} />
                  {objectionField(c.id, `Your objection to ${c.title}, in your own words`)}
                  {sent && <p className="hint">Sent: {responseWord(round.method, sent.value)}</p>}
                </fieldset>
              );
            })}
            {first?.value != null && asked.some((o) => editing[o.id]!.value !== first.value) && (
              <button className="button small consent-prompt-same" type="button" onClick={sameForAll}>
                Same answer on all {asked.length}
              </button>
            )}
          </>
        )}
        <button className={`button${phone ? ' large' : ''} primary`} type="submit" disabled={toSend.length === 0 || busy}>
          {several ? (mine ? 'Change my answers' : 'Send my answers') : mine ? 'Change my answer' : 'Send my answer'}
        </button>
      </form>
      {mine && !several && asked[0] && mine.answers[asked[0].id] && (
        <p className="hint" role="status">
          You answered {responseWord(round.method, mine.answers[asked[0].id]!.value)}
          {mine.answers[asked[0].id]!.objection ? `: “${mine.answers[asked[0].id]!.objection}”` : ''}. You can change it until the facilitator closes the round.
        </p>
      )}
      {mine && several && (
        <p className="hint" role="status">
          You answered on {answeredCount} of {asked.length} commitments. You can change your answers until the facilitator closes the round.
        </p>
      )}
    </section>
  );
}

/**
 * On a phone, once the round is closed: how the room answered on each
 * commitment (counts, never who), this person's own answer, and the outcome
 * once the facilitator records it (the phone showed nothing: someone who
 * objected never learned what became of it).
 */
function ConsentResult({ round, mine }: { round: NonNullable<Facilitation['consent']>; mine: ConsentAnswer | null }) {
  const { commitments } = useBoard();
  const asked = round.commitments.map((id) => commitments.find((c) => c.id === id)).filter((c) => c !== undefined);
  const counts = (tally: Record<string, number> | undefined) =>
    Object.entries(tally ?? {})
      .filter(([, n]) => n > 0)
      .map(([value, n]) => `${n} × ${responseWord(round.method, round.method === 'fist-of-five' ? Number(value) : value)}`)
      .join(', ');
  return (
    <section className="phone-section consent-prompt" aria-labelledby="consent-result-title">
      <h2 id="consent-result-title">Consent round closed</h2>
      <ul className="consent-prompt-asked">
        {asked.map((c) => {
          const outcome = outcomeOfRound(c, round.id);
          const on = round.byCommitment?.[c.id];
          const own = mine?.answers[c.id];
          return (
            <li key={c.id} aria-label={c.title}>
              <strong>{c.title}</strong>
              <span className="consent-result-outcome" data-outcome={outcome ?? 'waiting'}>
                {outcome === 'agreed' ? 'Agreed' : outcome ? 'Not agreed' : 'The facilitator records the outcome'}
              </span>
              {on && (
                <span className="hint">
                  {on.answered} answered{on.tally ? `: ${counts(on.tally)}` : ''}
                  {on.objections ? ` · ${on.objections} ${on.objections === 1 ? 'objection' : 'objections'}` : ''}
                </span>
              )}
              {own && (
                <span className="hint">
                  You answered {responseWord(round.method, own.value)}
                  {own.objection ? `: “${own.objection}”` : ''}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

