import { useMemo } from 'react';
import { outcomeOfRound } from '../../shared/commitments.ts';
import { THUMBS } from '../../shared/model.ts';
import { humanDate, readBackAll } from '../../shared/readBack.ts';
import { useBoard } from '../sync/hooks.ts';
import { useControlPeers, useFacilitation } from '../sync/controlHooks.ts';
import { answeredOn, ofText, roomProgress } from '../derive/progress.ts';
import { FINDING_LABELS, METHOD_LABELS } from '../derive/labels.ts';
import { findingGroups, traceStatus } from '../derive/traceStatus.ts';
import { tallyShares } from '../derive/tally.ts';
import { objectionText, roundObjections } from '../derive/consentOutcome.ts';
import { ReadBackSlide } from '../commitments/ReadBackSlide.tsx';
import { useFitToBox } from './useFitToBox.ts';
import { goalTracer } from '../../shared/derive.ts';
import './RoomStages.css';
import { excerpt } from '../../shared/text.ts';

const THUMB_WORDS = { up: 'Thumb up', sideways: 'Sideways', down: 'Thumb down' } as const;

/**
 * The consent round as the room runs it: what is asked, how to answer, and
 * "14 of 20 answered" (counts only, also per commitment when the round has
 * several) while it is open; the tally once the facilitator closes it, then
 * each objection in its words (who objected, unless the board is anonymous),
 * so the room can work through it, then the outcome the facilitator recorded
 * for each commitment in this round.
 */
export function ConsentStage() {
  const f = useFacilitation();
  const peers = useControlPeers();
  const { commitments } = useBoard();
  const round = f?.consent;
  const ref = useFitToBox<HTMLElement>(JSON.stringify(round ?? null) + commitments.map((c) => c.consents?.length ?? 0).join() + String(f?.anonymous), 0.6, 1.4);
  if (!f || !round) return null;
  const room = roomProgress(f, peers);
  const progress = room.answered!;
  const asked = round.commitments.map((id) => commitments.find((c) => c.id === id)).filter((c) => c !== undefined);
  const several = asked.length > 1;
  // Bound to this round: a record of an earlier round on the same commitment is not this round's outcome.
  const decided = asked.flatMap((c) => {
    const outcome = outcomeOfRound(c, round.id);
    return outcome ? [{ c, outcome }] : [];
  });
  const keys = round.method === 'thumbs' ? [...THUMBS] : ['5', '4', '3', '2', '1', '0'];
  const tally = round.byCommitment?.[round.commitments[0]!]?.tally ?? round.tally ?? {};
  const shares = tallyShares(keys.map((k) => tally[k] ?? 0), round.byCommitment?.[round.commitments[0]!]?.answered ?? round.answered);
  const closedCounts = (c: { id: string }) => {
    const t = round.byCommitment?.[c.id];
    if (!t) return '';
    const objecting = t.objections ?? 0;
    return `${t.answered} answered, ${objecting} ${objecting === 1 ? 'objection' : 'objections'}`;
  };
  return (
    <section ref={ref} className="consent-stage" aria-label="Consent round">
      <p className="stage-sub">Consent round · {METHOD_LABELS[round.method]}</p>
      <ul className="consent-stage-asked">
        {asked.map((c) => {
          const on = answeredOn(room, f, c.id);
          return (
            <li key={c.id}>
              <strong>{c.title}</strong>
              <span className="muted">
                {' '}
                · {c.owner || 'no owner yet'}
                {c.due && (
                  <>
                    {' · due '}
                    <span className="date">{humanDate(c.due)}</span>
                  </>
                )}
                {several && round.state === 'open' && on && <strong className="consent-stage-each"> · {ofText(on)} answered</strong>}
                {several && round.state === 'closed' && <strong className="consent-stage-each"> · {closedCounts(c)}</strong>}
              </span>
            </li>
          );
        })}
      </ul>
      {round.state === 'open' ? (
        <>
          <p className="consent-stage-count" role="status" aria-label={`${ofText(progress)} answered`}>
            <span className="big-number">{progress.count}</span> of {progress.of} answered
          </p>
          <p className="consent-stage-how">
            {round.method === 'thumbs' ? 'Answer on your own device: thumb up, sideways, or down to object.' : 'Answer on your own device: 0 to 5 fingers; 0–2 object.'}{' '}
            {several ? 'One answer per commitment; objections' : 'Objections'} in your own words.
          </p>
        </>
      ) : (
        <>
          <p className="consent-stage-count" role="status">
            Round closed: {round.answered} answered, {round.objections ?? 0} {round.objections === 1 ? 'objection' : 'objections'}
          </p>
          {/* With several commitments their counts stand on each one: a tally summed over them would count people twice. */}
          {!several && (
            <ol className="consent-tally" aria-label="Answers">
              {keys.map((k, i) => (
                <li key={k}>
                  <span className="tally-label">{round.method === 'thumbs' ? THUMB_WORDS[k as keyof typeof THUMB_WORDS] : `${k} ${k === '1' ? 'finger' : 'fingers'}`}</span>
                  <span className="tally-track" aria-hidden="true">
                    <span className="tally-bar" style={{ width: `${shares[i]! * 100}%` }} />
                  </span>
                  <span className="tally-count">{tally[k] ?? 0}</span>
                </li>
              ))}
            </ol>
          )}
          {asked.map((c) => {
            const objections = roundObjections(round, c, f.anonymous);
            if (objections.length === 0) return null;
            const label = several ? `Objections to ${c.title}` : 'Objections';
            return (
              <section key={c.id} className="consent-objections" aria-label={label}>
                {several && <h3 className="consent-objections-title">{c.title}</h3>}
                <ul aria-label={label}>
                  {objections.map((o, i) => (
                    <li key={i} data-unattributed={o.name ? undefined : true}>
                      {objectionText(o)}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {decided.length > 0 && (
            <p className="consent-stage-outcome" aria-label="Outcome">
              {decided.map(({ c, outcome }) => `${c.title}: ${outcome === 'agreed' ? 'agreed' : 'not agreed'}`).join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The trace check as the room reads it: what does not hold together yet, and whether Commit may close. */
export function TraceStage() {
  const snapshot = useBoard();
  const status = useMemo(() => traceStatus(snapshot), [snapshot]);
  const initiatives = useMemo(() => snapshot.cards.filter((c) => c.column === 'initiative' && c.status === 'active'), [snapshot.cards]);
  const orphans = new Set(status.findings.filter((f) => f.kind === 'orphan-initiative' || f.kind === 'orphan-commitment').flatMap((f) => f.cards));
  const reaching = initiatives.filter((c) => !orphans.has(c.id)).length;
  const goals = useMemo(() => {
    const trace = goalTracer(snapshot.cards, snapshot.links);
    const reachedBy = initiatives.map((c) => new Set(trace(c.id)));
    return snapshot.cards.filter((c) => c.column === 'goal' && c.status === 'active').map((goal) => ({ goal, initiatives: reachedBy.filter((r) => r.has(goal.id)).length }));
  }, [snapshot, initiatives]);
  const groups = useMemo(() => {
    const text = new Map(snapshot.cards.map((c) => [c.id, excerpt(c.text, 70, { lines: 'first', empty: 'Empty card' })]));
    return findingGroups(status.open, (id) => text.get(id));
  }, [status.open, snapshot.cards]);
  const blocking = status.blocking.length;
  const ref = useFitToBox<HTMLElement>(status.open.map((f) => f.id).join() + reaching + goals.map((g) => g.initiatives).join(), 0.6, 1.4);
  return (
    <section ref={ref} className="trace-stage" aria-label="Trace check">
      <div role="status">
        <p className="trace-stage-summary">
          <span className="big-number">{reaching}</span> of {initiatives.length} initiatives trace to a business goal
        </p>
        <p className="trace-stage-open" data-open={blocking > 0 || undefined}>
          {blocking > 0 ? `${blocking === 1 ? '1 commitment reaches' : `${blocking} commitments reach`} no goal` : 'Nothing blocks the commitments'}
          {status.open.length > blocking ? ` · ${status.open.length - blocking} ${status.open.length - blocking === 1 ? 'finding' : 'findings'} to look at` : ''}
          {status.overridden.length > 0 ? ` · ${status.overridden.length} overridden` : ''}
        </p>
      </div>
      {goals.length > 0 && (
        <ul className="trace-stage-goals" aria-label="Initiatives per goal">
          {goals.map(({ goal, initiatives: n }) => (
            <li key={goal.id} data-reached={n > 0 || undefined}>
              <span className="big-number">{n}</span>
              <span>
                {n === 1 ? 'initiative moves' : 'initiatives move'} ‘{excerpt(goal.text, 90, { empty: 'Empty card' })}’
              </span>
            </li>
          ))}
        </ul>
      )}
      {status.open.length > 0 && (
        <ul className="trace-stage-findings" aria-label="Open findings">
          {groups.map((g) => (
            <li key={g.kind} data-kind={g.kind} data-blocks={g.kind === 'orphan-commitment' || undefined}>
              <span className="wall-finding-kind">
                {FINDING_LABELS[g.kind]} · {g.count}
              </span>
              <ul className="wall-finding-names" aria-label={FINDING_LABELS[g.kind]}>
                {g.names.map((name, i) => (
                  <li key={i}>{name}</li>
                ))}
                {g.more > 0 && <li className="wall-finding-more">and {g.more} more</li>}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The read-back on the wall, one commitment per slide, as the facilitator steps through. */
export function ReadBackStage({ index }: { index: number }) {
  const snapshot = useBoard();
  const count = useMemo(() => readBackAll(snapshot).length, [snapshot]);
  const ref = useFitToBox<HTMLElement>(`${index}:${count}:${snapshot.commitments.length}`, 0.55, 1.3);
  return (
    <section ref={ref} className="readback-stage-wall" aria-label="Read-back" aria-live="polite">
      <ReadBackSlide snapshot={snapshot} index={index} />
    </section>
  );
}
