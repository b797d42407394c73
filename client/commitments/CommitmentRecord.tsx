import { objectionsOf } from '../../shared/commitments.ts';
import { humanDate } from '../../shared/readBack.ts';
import type { Commitment } from '../../shared/model.ts';
import { useBoard } from '../sync/hooks.ts';
import { METHOD_LABELS, responseWord, whenLabel } from '../derive/labels.ts';
import './CommitmentRecord.css';
import { excerpt } from '../../shared/text.ts';

/** The commitment's fields, read only (agreed commitments, and everything viewers see). */
export function CommitmentFacts({ commitment }: { commitment: Commitment }) {
  const { cards } = useBoard();
  const byId = new Map(cards.map((c) => [c.id, c]));
  const none = <span className="muted">Not set</span>;
  return (
    <dl className="commitment-facts">
      <dt>Owner</dt>
      <dd>{commitment.owner.trim() || none}</dd>
      <dt>Contributors</dt>
      <dd>{commitment.contributors.length ? commitment.contributors.join(', ') : none}</dd>
      <dt>Due</dt>
      <dd>{commitment.due ? humanDate(commitment.due) : none}</dd>
      <dt>Checkpoint</dt>
      <dd>{commitment.checkpoint ? humanDate(commitment.checkpoint) : none}</dd>
      <dt>Success indicators</dt>
      <dd>
        {commitment.indicators.length ? (
          <ul>
            {commitment.indicators.map((id) => (
              <li key={id}>{excerpt(byId.get(id)?.text ?? '', 80, { empty: 'Empty card' })}</li>
            ))}
          </ul>
        ) : (
          none
        )}
      </dd>
      <dt>Definition of done</dt>
      <dd className="prewrap">{commitment.definitionOfDone?.trim() || none}</dd>
    </dl>
  );
}

type HistoryItem =
  | { kind: 'consent'; at: string; record: NonNullable<Commitment['consents']>[number] }
  | { kind: 'reopen'; at: string; record: NonNullable<Commitment['reopenings']>[number] };

/** Consent rounds and reopenings, oldest first: when, how, who, and what they said. */
export function CommitmentHistory({ commitment }: { commitment: Commitment }) {
  const items: HistoryItem[] = [
    ...(commitment.consents ?? []).map((record) => ({ kind: 'consent' as const, at: record.at, record })),
    ...(commitment.reopenings ?? []).map((record) => ({ kind: 'reopen' as const, at: record.at, record })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (items.length === 0) return null;
  return (
    <section className="commitment-history" aria-label="Consent and reopening record">
      <h4>Record</h4>
      <ol>
        {items.map((item, i) =>
          item.kind === 'consent' ? (
            <li key={i} data-outcome={item.record.outcome}>
              <p>
                <strong>{item.record.outcome === 'agreed' ? 'Agreed' : 'Not agreed'}</strong> in a consent round ({METHOD_LABELS[item.record.method].toLowerCase()}),{' '}
                <time dateTime={item.at}>{whenLabel(item.at)}</time>
              </p>
              <p className="hint">Took part: {item.record.participants.join(', ') || 'nobody listed'}</p>
              {item.record.responses.length > 0 && (
                <p className="hint">
                  {(item.record.responses as { name: string; value: unknown }[]).map((r) => `${r.name}: ${responseWord(item.record.method, r.value)}`).join(' · ')}
                </p>
              )}
              {objectionsOf(item.record).map((o) => (
                <p key={o.name} className="objection">
                  {o.name} objected{o.objection ? `: “${o.objection}”` : ''}
                </p>
              ))}
            </li>
          ) : (
            <li key={i} data-outcome="reopened">
              <p>
                <strong>Reopened</strong> by {item.record.by}, <time dateTime={item.at}>{whenLabel(item.at)}</time>
              </p>
              <p className="hint prewrap">Reason: {item.record.reason}</p>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
