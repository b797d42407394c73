import { useBoard } from '../../sync/hooks.ts';
import { ui } from '../../state/ui.ts';
import { useControlPeers, useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';
import { answeredOn, ofText, roomProgress } from '../../derive/progress.ts';
import { act } from './act.ts';

/**
 * The consent round from the console: starting one on the proposals (the room
 * review: it had to be found in the Commitments panel), and while it runs how
 * many answered, closing it, and the way back to its dialog.
 */
export function ConsentSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const { commitments } = useBoard();
  const round = f.consent;
  if (!round) {
    const proposed = commitments.filter((c) => c.status === 'proposed').length;
    if (proposed === 0) return null;
    return (
      <section className="console-section" aria-labelledby="console-consent">
        <h3 id="console-consent">Consent round</h3>
        <p className="hint">
          {proposed === 1 ? '1 proposed commitment' : `${proposed} proposed commitments`}: the room answers on their own devices.
        </p>
        <button className="button small primary" type="button" onClick={() => ui.setConsentOpen(true)}>
          Run a consent round…
        </button>
      </section>
    );
  }
  const room = roomProgress(f, peers);
  const progress = room.answered!;
  const asked = round.commitments.flatMap((id) => commitments.filter((c) => c.id === id));
  const titles = asked.map((c) => c.title).join(', ');
  // With several commitments, each has its own answers: "x of y" on each.
  const perCommitment = asked.length > 1 ? asked.map((c) => {
    const t = round.byCommitment?.[c.id];
    const on = answeredOn(room, f, c.id);
    const text = round.state === 'open' ? `${on ? ofText(on) : 0} answered` : `${t?.answered ?? 0} answered, ${t?.objections ?? 0} objecting`;
    return { id: c.id, title: c.title, text };
  }) : [];
  return (
    <section className="console-section" aria-labelledby="console-consent">
      <h3 id="console-consent">Consent round</h3>
      <p className="console-status" role="status">
        {round.state === 'open' ? `${ofText(progress)} answered` : `Closed: ${round.answered} answered, ${round.objections ?? 0} objecting`}
        {perCommitment.length > 0 && round.state === 'open' ? ' on every commitment' : ''} · {titles}
      </p>
      {perCommitment.length > 0 && (
        <ul className="console-consent-each" aria-label="Answers per commitment">
          {perCommitment.map((p) => (
            <li key={p.id}>
              {p.title}: {p.text}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        {round.state === 'open' && (
          <button className="button small" type="button" onClick={() => act(() => control.consentAction('closeConsent'))}>
            Close the round
          </button>
        )}
        <button className="button small primary" type="button" onClick={() => ui.setConsentOpen(true)}>
          {round.state === 'open' ? 'Open the consent round' : 'Record the outcome'}
        </button>
      </div>
    </section>
  );
}
