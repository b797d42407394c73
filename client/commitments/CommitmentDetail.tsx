import { useEffect, useRef } from 'react';
import { REOPENABLE, validateCommitmentDraft } from '../../shared/commitments.ts';
import type { Commitment } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { CommitmentForm } from './CommitmentForm.tsx';
import { CommitmentFacts, CommitmentHistory } from './CommitmentRecord.tsx';
import { MissingList } from './MissingList.tsx';
import { useStatusActions } from './StatusActions.tsx';
import { StatusChip } from '../ui/StatusChip.tsx';
import { revealCard } from '../ui/revealCard.ts';
import './CommitmentDetail.css';
import { excerpt } from '../../shared/text.ts';

interface CommitmentDetailProps {
  commitment: Commitment;
  onConsent: (ids: string[]) => void;
  onReopen: (id: string) => void;
}

/** One commitment: its form while proposed (what is missing, live), its record, and what can happen to it next. */
export function CommitmentDetail({ commitment, onConsent, onReopen }: CommitmentDetailProps) {
  const session = useSession();
  const snapshot = useBoard();
  const card = snapshot.cards.find((c) => c.id === commitment.card);
  const facilitator = session.canEdit && session.role === 'facilitator';
  const proposed = commitment.status === 'proposed';
  const missing = proposed ? validateCommitmentDraft(commitment, snapshot) : [];
  // What the room is answering on stays as it is until the facilitator records the round (the server holds participants to it).
  const round = useFacilitation()?.consent;
  const asked = proposed && !!round && round.commitments.includes(commitment.id) && !commitment.consents?.some((r) => r.round === round.id);
  // Who may make which change is the one table of shared/commitments.ts (the server enforces it too).
  const status = useStatusActions(commitment);
  const heading = useRef<HTMLHeadingElement>(null);
  // The list row that opened this is gone: focus goes to what replaced it.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('.commitments-drawer')) heading.current?.focus();
  }, [commitment.id]);

  return (
    <article className="commitment-detail" aria-labelledby="commitment-detail-title">
      <button className="text-button" type="button" onClick={() => ui.showCommitment(null)}>
        <span aria-hidden="true">←</span> All commitments
      </button>
      <header className="commitment-detail-head">
        <StatusChip status={commitment.status} />
        <h3 id="commitment-detail-title" ref={heading} tabIndex={-1}>
          {commitment.title}
        </h3>
        {card && (
          <button className="text-button" type="button" onClick={() => revealCard(card.id)}>
            Show the initiative on the board: {excerpt(card.text, 50, { empty: 'Empty card' })}
          </button>
        )}
      </header>

      {proposed && <MissingList missing={missing} />}
      {proposed && session.canEdit && (facilitator || !asked) ? <CommitmentForm commitment={commitment} /> : <CommitmentFacts commitment={commitment} />}
      {asked && !facilitator && session.canEdit && (
        <p className="hint">The room is answering on it as it stands: it can change once the facilitator has recorded the consent round.</p>
      )}

      {(facilitator || status.offered) && (
        <div className="commitment-next" role="group" aria-label="What happens next">
          {proposed && facilitator && (
            <button className="button primary" type="button" disabled={missing.length > 0} onClick={() => onConsent([commitment.id])}>
              Run a consent round…
            </button>
          )}
          {status.buttons}
          {facilitator && REOPENABLE.includes(commitment.status) && (
            <button className="button" type="button" onClick={() => onReopen(commitment.id)}>
              Reopen…
            </button>
          )}
        </div>
      )}
      {proposed && facilitator && missing.length > 0 && <p className="hint">Complete it before the room consents to it.</p>}
      {status.whoMay && <p className="hint">{status.whoMay}</p>}
      {commitment.status === 'done' && !facilitator && <p className="hint">Done. Only the facilitator can take it back.</p>}
      {commitment.status === 'dropped' && <p className="hint">Dropped is final: promote the initiative again to propose it anew.</p>}
      <CommitmentHistory commitment={commitment} />
    </article>
  );
}
