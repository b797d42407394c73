import { useEffect, useRef, useState, type ReactNode } from 'react';
import QRCode from 'qrcode';
import { ApiError, createJoinCode, type InviteSecrets, type JoinCode } from '../api/boards.ts';
import { rememberSharePanelSeen } from '../api/localBoards.ts';
import { useSession } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { Icon } from '../ui/Icon.tsx';
import { ProjectorAccess } from '../ui/ProjectorAccess.tsx';
import { JoinCodeText } from './JoinCodeText.tsx';
import { baseHost, useLinkBase } from '../state/linkBase.ts';
import { RoomReach } from './RoomReach.tsx';
import { usePanelFocus } from '../ui/usePanelFocus.ts';
import { CopyField, copyWithNotice, joinLink, ReviewSummaryLink, useInviteSecrets } from '../ui/InviteLinks.tsx';
import { INVITE_BUTTON_ID } from './inviteButton.ts';
import { ResetLinkDialog } from './ResetLinkDialog.tsx';
import { LINK_NAMES } from '../derive/linkNames.ts';
import type { ResettableLink } from '../../shared/protocol.ts';
import './SharePanel.css';

/**
 * Facilitator's invite panel: the participant link with its QR and join code, the
 * projector's, viewers', reviewers' and the facilitator's own link, and resetting
 * each but the last when it reached someone it should not have.
 */
export default function SharePanel({ onClose }: { onClose: () => void }) {
  const session = useSession();
  // Moved on by the server with each reset of a link (on this device or another).
  const resets = useFacilitation()?.participantLinkResets ?? 0;
  const [secrets, replaceSecrets] = useInviteSecrets(session.boardId, resets);
  // The QR code of one link: after a reset the old link's code is not shown while the new one is drawn.
  const [qrOf, setQrOf] = useState({ link: '', image: '' });
  const [large, setLarge] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState<ResettableLink | null>(null);
  const [wasReset, setWasReset] = useState(false);
  const linkBase = useLinkBase();
  const participantLink = secrets ? joinLink(session.boardId, secrets.participant) : '';
  const qr = qrOf.link === participantLink ? qrOf.image : '';
  useEffect(() => rememberSharePanelSeen(session.boardId), [session.boardId]);
  // Into the panel when it opens (Escape then closes it), back on Invite when it closes.
  const heading = useRef<HTMLHeadingElement>(null);
  usePanelFocus(heading, undefined, () => document.getElementById(INVITE_BUTTON_ID));

  useEffect(() => {
    if (!participantLink) return;
    let cancelled = false;
    void QRCode.toString(participantLink, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1b2430', light: '#ffffff' } }).then((svg) => {
      if (!cancelled) setQrOf({ link: participantLink, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
    });
    return () => {
      cancelled = true;
    };
  }, [participantLink]);

  const afterReset = (link: ResettableLink) => (invites: InviteSecrets) => {
    replaceSecrets(invites);
    setConfirmingReset(null);
    if (link === 'participant') setWasReset(true);
    ui.notify(RESET_NOTICE[link]);
  };

  return (
    <aside className="side-panel share-panel" aria-labelledby="share-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="side-panel-header">
        <div>
          <p className="eyebrow">Invite people</p>
          <h2 id="share-title" ref={heading} tabIndex={-1}>
            Share this board
          </h2>
        </div>
        <button className="icon-button" type="button" aria-label="Close sharing" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body">
        {!secrets || linkBase.kind === 'unknown' ? (
          <p className="hint" role="status">
            Loading the invite links…
          </p>
        ) : (
          <RoomReach base={linkBase}>
            <CopyField kind="participant" value={participantLink} hint="For everyone in the workshop: they add, edit and link cards, vote and answer consent rounds." />
            {qr && linkBase.kind === 'reachable' && (
              <div className="qr">
                <img src={qr} alt="QR code of the participant join link" width={176} height={176} />
                <button className="button small" type="button" onClick={() => setLarge(true)}>
                  Show QR code full screen
                </button>
              </div>
            )}
            {/* A new participant secret is a new field: the old link's code is never shown for it. */}
            <JoinCodeField key={secrets.participant} facilitatorSecret={secrets.facilitator} participantSecret={secrets.participant} showAtOnce={wasReset} />
            <ResetLinkButton link="participant" onClick={setConfirmingReset}>
              If the link reached someone it should not have: a new link and join code, and the current ones stop working.
            </ResetLinkButton>
            {/* Keyed by its secret: after a reset no projector code made for the old link is shown. */}
            <ProjectorAccess key={secrets.projector}>
              <ResetLinkButton link="projector" onClick={setConfirmingReset} />
            </ProjectorAccess>
            <CopyField kind="viewer" value={joinLink(session.boardId, secrets.viewer)} hint="For people who only watch: the live board, nothing they can change or comment on." />
            <ReviewSummaryLink boardId={session.boardId} viewerSecret={secrets.viewer}>
              <ResetLinkButton link="viewer" onClick={setConfirmingReset} />
            </ReviewSummaryLink>
            {secrets.reviewer && (
              <CopyField
                kind="reviewer"
                value={joinLink(session.boardId, secrets.reviewer, '/review')}
                hint="For stakeholders who should have a say: they comment, @mention people and check in on the commitments they own; they cannot edit the board."
              >
                <ResetLinkButton link="reviewer" onClick={setConfirmingReset} />
              </CopyField>
            )}
            <CopyField kind="facilitator" value={joinLink(session.boardId, secrets.facilitator)} hint="Yours: whoever has it runs the workshop and can change everything." />
          </RoomReach>
        )}
      </div>
      {confirmingReset && secrets && (
        <ResetLinkDialog
          boardId={session.boardId}
          facilitatorSecret={secrets.facilitator}
          link={confirmingReset}
          onReset={afterReset(confirmingReset)}
          onClose={() => setConfirmingReset(null)}
        />
      )}
      {large && qr && (
        <div className="qr-overlay" role="dialog" aria-modal="true" aria-label="Join QR code" onClick={() => setLarge(false)}>
          <img src={qr} alt="QR code of the participant join link" />
          <p>
            Scan to join, or open {baseHost(linkBase.base)}
            <JoinCodeText />
          </p>
          <button className="button" type="button" autoFocus onClick={() => setLarge(false)}>
            Close
          </button>
        </div>
      )}
    </aside>
  );
}

/** What the facilitator is told after a reset. */
const RESET_NOTICE: Record<ResettableLink, string> = {
  participant: 'Participant link reset. Share the new link or code.',
  viewer: 'Viewer link reset. Send the new one to those who should still read the board.',
  reviewer: 'Reviewer link reset. Send the new one to your reviewers.',
  projector: 'Projector link reset. Open the new one on the room PC.',
};

/** Resetting a link (after a confirmation: ResetLinkDialog), with what it is for when `children` says so. */
function ResetLinkButton({ link, onClick, children }: { link: ResettableLink; onClick: (link: ResettableLink) => void; children?: ReactNode }) {
  return (
    <div className="reset-link">
      <button className="button small danger" type="button" aria-haspopup="dialog" onClick={() => onClick(link)}>
        {/* One text run (the button's gap would part the ellipsis); the ellipsis is not part of the name. */}
        <span>
          Reset {LINK_NAMES[link].name.toLowerCase()}
          <span aria-hidden="true">…</span>
        </span>
      </button>
      {children && <p className="hint">{children}</p>}
    </div>
  );
}

/** The join code for `participantSecret`, on request, or at once (`showAtOnce`: after a reset the room needs the new one). */
function JoinCodeField({ facilitatorSecret, participantSecret, showAtOnce }: { facilitatorSecret: string; participantSecret: string; showAtOnce: boolean }) {
  const session = useSession();
  const linkBase = useLinkBase();
  const [code, setCode] = useState<JoinCode | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError('');
    try {
      setCode(await createJoinCode(session.boardId, facilitatorSecret, participantSecret));
    } catch (e) {
      setError(e instanceof ApiError ? `The join code could not be created: ${e.message}` : 'The join code could not be created: the server is not reachable.');
    }
    setBusy(false);
  };
  const shownAtOnce = useRef(false);
  useEffect(() => {
    if (!showAtOnce || shownAtOnce.current) return;
    shownAtOnce.current = true;
    void create();
    // Once per field: a field is keyed by its participant secret.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [showAtOnce]);
  return (
    <div className="copy-field">
      <p className="field-label">Join code — for the participant link</p>
      {code ? (
        <>
          <p className="join-code" aria-label={`Join code ${code.code.split('').join(' ')}`}>
            {code.code.length === 8 ? `${code.code.slice(0, 4)}-${code.code.slice(4)}` : code.code}
          </p>
          <button className="button small" type="button" aria-label="Copy join code" onClick={() => void copyWithNotice(code.code, 'Join code')}>
            <Icon name="copy" size={16} /> Copy
          </button>
          <p className="hint">People type it on the start page ({baseHost(linkBase.base)}).{code.expiresAt ? ` Valid until ${new Date(code.expiresAt).toLocaleString()}.` : ''}</p>
        </>
      ) : (
        <button className="button small" type="button" disabled={busy} onClick={() => void create()}>
          Create a join code
        </button>
      )}
      {error && <p className="hint">{error}</p>}
    </div>
  );
}
