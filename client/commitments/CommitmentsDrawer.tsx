import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui, useUi, type CommitmentsTab } from '../state/ui.ts';
import { Icon } from '../ui/Icon.tsx';
import { CommitmentDetail } from './CommitmentDetail.tsx';
import { CommitmentList } from './CommitmentList.tsx';
import { ConsentDialog } from './ConsentDialog.tsx';
import { ReadBackMode } from './ReadBackMode.tsx';
import { ReasonDialog } from '../ui/ReasonDialog.tsx';
import { TraceCheckPanel } from './TraceCheckPanel.tsx';
import { traceStatus } from '../derive/traceStatus.ts';
import { useDrawerTop } from './useDrawerTop.ts';
import { usePanelFocus } from '../ui/usePanelFocus.ts';
import './CommitmentsDrawer.css';

const TABS: { id: CommitmentsTab; label: string }[] = [
  { id: 'commitments', label: 'Commitments' },
  { id: 'trace', label: 'Trace check' },
];

/**
 * The commitments panel: the commitments and their forms, consent rounds,
 * reopening, status changes, read-back, and the trace check with its override.
 * Everyone sees it; viewers read only.
 */
export default function CommitmentsDrawer() {
  const session = useSession();
  const snapshot = useBoard();
  const tab = useUi((s) => s.commitmentsTab);
  const commitmentId = useUi((s) => s.commitmentId);
  const consentOpen = useUi((s) => s.consentOpen);
  const [consent, setConsent] = useState<string[] | null>(null);
  const [reopening, setReopening] = useState<string | null>(null);
  const [readBack, setReadBack] = useState(false);
  const status = useMemo(() => traceStatus(snapshot), [snapshot]);
  const top = useDrawerTop();
  const heading = useRef<HTMLHeadingElement>(null);
  const tabRefs = useRef(new Map<CommitmentsTab, HTMLButtonElement>());
  const facilitator = session.canEdit && session.role === 'facilitator';
  const commitment = commitmentId ? snapshot.commitments.find((c) => c.id === commitmentId) : undefined;
  const reopened = reopening ? snapshot.commitments.find((c) => c.id === reopening) : undefined;
  // Coming back from a commitment's detail, the list puts focus on its row (once).
  const [shown, setShown] = useState<string | null>(commitmentId);
  const [returnTo, setReturnTo] = useState<string | null>(null);
  if (commitmentId !== shown) {
    setReturnTo(commitmentId === null ? shown : null);
    setShown(commitmentId);
  }

  // Focus moves into the panel, and back to where it came from when it closes.
  usePanelFocus(heading);

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = event.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
    if (!next) return;
    event.preventDefault();
    ui.setCommitmentsTab(next.id);
    tabRefs.current.get(next.id)?.focus();
  };

  return (
    <aside
      className="side-panel commitments-drawer"
      style={{ ['--drawer-top' as string]: `${top}px` }}
      aria-labelledby="commitments-drawer-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') ui.closeCommitments();
      }}
    >
      <header className="side-panel-header">
        <div>
          <p className="eyebrow">{session.canEdit ? 'Agreed work' : 'Agreed work · read only'}</p>
          <h2 id="commitments-drawer-title" ref={heading} tabIndex={-1}>
            Commitments
          </h2>
        </div>
        <button className="icon-button" type="button" aria-label="Close commitments" onClick={ui.closeCommitments}>
          <Icon name="close" />
        </button>
      </header>
      <div className="commitments-tabs" role="tablist" aria-label="Commitments panel">
        {TABS.map((t) => {
          const count = t.id === 'commitments' ? snapshot.commitments.length : status.open.length;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) tabRefs.current.set(t.id, el);
              }}
              id={`commitments-tab-${t.id}`}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              aria-controls="commitments-tabpanel"
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => ui.setCommitmentsTab(t.id)}
              onKeyDown={onTabKey}
            >
              {t.label}
              <span className="tab-count" data-warn={(t.id === 'trace' && count > 0) || undefined}>
                {count}
                <span className="visually-hidden">{t.id === 'trace' ? ' open' : ''}</span>
              </span>
            </button>
          );
        })}
      </div>
      <div className="side-panel-body" role="tabpanel" id="commitments-tabpanel" aria-labelledby={`commitments-tab-${tab}`}>
        {tab === 'trace' ? (
          <TraceCheckPanel status={status} />
        ) : commitment ? (
          <CommitmentDetail commitment={commitment} onConsent={setConsent} onReopen={setReopening} />
        ) : (
          <CommitmentList onConsent={setConsent} onReadBack={() => setReadBack(true)} returnTo={returnTo} onReturned={() => setReturnTo(null)} />
        )}
      </div>

      {(consent || consentOpen) && facilitator && (
        <ConsentDialog
          initial={consent ?? []}
          onClose={() => {
            setConsent(null);
            ui.setConsentOpen(false);
          }}
        />
      )}
      {reopened && facilitator && (
        <ReasonDialog
          title="Reopen the commitment"
          eyebrow={reopened.title}
          label="Why reopen it?"
          submitLabel="Reopen"
          onClose={() => setReopening(null)}
          onSubmit={(reason) => {
            try {
              session.commitments.reopen(reopened.id, reason);
              ui.notify(`Reopened: ${reopened.title} is proposed again`, true);
              return true;
            } catch (error) {
              ui.notify(error instanceof Error ? error.message : 'It was not reopened');
              return false;
            }
          }}
        >
          <p>It goes back to proposed, and the room consents to it again. Who reopened it and why is recorded.</p>
        </ReasonDialog>
      )}
      {readBack && <ReadBackMode onClose={() => setReadBack(false)} />}
    </aside>
  );
}
