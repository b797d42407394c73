import { useEffect, useRef, useState } from 'react';
import { OverdueMark } from '../ui/OverdueMark.tsx';
import { validateCommitmentDraft } from '../../shared/commitments.ts';
import { humanDate } from '../../shared/readBack.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { DecisionLog } from './DecisionLog.tsx';
import { sortedCommitments } from '../derive/labels.ts';
import './CommitmentList.css';
import { excerpt } from '../../shared/text.ts';

interface CommitmentListProps {
  onConsent: (ids: string[]) => void;
  onReadBack: () => void;
  /** The commitment whose detail was just closed: its row takes focus back. */
  returnTo?: string | null;
  onReturned?: () => void;
}

/** All commitments with their status, and (facilitator) promoting an initiative and starting a consent round. */
export function CommitmentList({ onConsent, onReadBack, returnTo, onReturned }: CommitmentListProps) {
  const session = useSession();
  const snapshot = useBoard();
  const facilitator = session.canEdit && session.role === 'facilitator';
  const commitments = sortedCommitments(snapshot);
  const proposed = commitments.filter((c) => c.status === 'proposed');
  const consented = commitments.filter((c) => c.status === 'agreed' || c.status === 'in-progress' || c.status === 'done');
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!returnTo) return;
    list.current?.querySelector<HTMLElement>(`[data-commitment="${CSS.escape(returnTo)}"]`)?.focus();
    onReturned?.();
  }, [returnTo, onReturned]);

  return (
    <div className="commitment-list-view">
      {facilitator && <PromoteForm />}
      <div className="commitment-toolbar">
        {facilitator && (
          <button className="button" type="button" disabled={proposed.length === 0} onClick={() => onConsent(proposed.map((c) => c.id))}>
            Run a consent round…
          </button>
        )}
        <button className="button" type="button" disabled={consented.length === 0} onClick={onReadBack}>
          Read back
        </button>
        <ExportMenu />
      </div>
      {commitments.length === 0 ? (
        <p className="empty-note">
          No commitments yet. {facilitator ? 'Promote an initiative to propose one.' : 'The facilitator promotes initiatives to propose them.'}
        </p>
      ) : (
        <ul ref={list} className="commitment-list" aria-label="Commitments">
          {commitments.map((c) => {
            const missing = c.status === 'proposed' ? validateCommitmentDraft(c, snapshot) : [];
            return (
              <li key={c.id}>
                <button className="commitment-row" type="button" data-status={c.status} data-commitment={c.id} onClick={() => ui.showCommitment(c.id)} aria-label={`Open commitment: ${c.title}`}>
                  <span className="commitment-row-head">
                    <strong>{c.title}</strong>
                    <StatusChip status={c.status} />
                    <OverdueMark commitment={c} />
                  </span>
                  <span className="commitment-row-meta">
                    {c.owner.trim() || 'No owner yet'} · {c.due ? `due ${humanDate(c.due)}` : 'no due date'}
                  </span>
                  {missing.length > 0 && <span className="commitment-row-missing">Missing: {missing.join(', ')}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <DecisionLog />
    </div>
  );
}

/** Facilitator: promote an initiative that has no live commitment yet. */
function PromoteForm() {
  const session = useSession();
  const { cards, commitments } = useBoard();
  const taken = new Set(commitments.filter((c) => c.status !== 'dropped').map((c) => c.card));
  const initiatives = cards.filter((c) => c.column === 'initiative' && c.status === 'active');
  const candidates = initiatives.filter((c) => !taken.has(c.id));
  const [choice, setChoice] = useState('');
  const chosen = candidates.some((c) => c.id === choice) ? choice : '';

  const promote = () => {
    try {
      const id = session.commitments.promote(chosen);
      setChoice('');
      if (id) {
        ui.showCommitment(id);
        ui.notify('Proposed: fill in what is missing', true);
      }
    } catch (error) {
      ui.notify(error instanceof Error ? error.message : 'That did not work');
    }
  };

  return (
    <form
      className="promote-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) promote();
      }}
    >
      <label className="field">
        <span>Promote an initiative</span>
        <select value={chosen} onChange={(e) => setChoice(e.target.value)} disabled={candidates.length === 0}>
          <option value="">{candidates.length ? 'Choose an initiative…' : initiatives.length ? 'Every initiative has a commitment' : 'No initiatives on the board yet'}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {excerpt(c.text, 70, { empty: 'Empty card' })}
            </option>
          ))}
        </select>
      </label>
      <button className="button primary" type="submit" disabled={!chosen}>
        Promote
      </button>
    </form>
  );
}
