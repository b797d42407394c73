import { useBoard } from '../../sync/hooks.ts';
import { ui } from '../../state/ui.ts';
import { useControlPeers, useFacilitation, useRequiredControl } from '../../sync/controlHooks.ts';
import { ofText, roomProgress } from '../../derive/progress.ts';
import { act } from './act.ts';

/** While a consent round runs: how many answered, closing it, and the way back to its dialog. */
export function ConsentSection() {
  const control = useRequiredControl();
  const f = useFacilitation()!;
  const peers = useControlPeers();
  const { commitments } = useBoard();
  const round = f.consent;
  if (!round) return null;
  const progress = roomProgress(f, peers).answered!;
  const titles = round.commitments.map((id) => commitments.find((c) => c.id === id)?.title).filter(Boolean).join(', ');
  return (
    <section className="console-section" aria-labelledby="console-consent">
      <h3 id="console-consent">Consent round</h3>
      <p className="console-status" role="status">
        {round.state === 'open' ? `${ofText(progress)} answered` : `Closed: ${round.answered} answered, ${round.objections ?? 0} objecting`} · {titles}
      </p>
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
