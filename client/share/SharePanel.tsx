import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { ApiError, createJoinCode, fetchInvites, type BoardSecrets, type JoinCode } from '../api/boards.ts';
import { rememberBoard, rememberedBoard } from '../api/localBoards.ts';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { Icon } from '../ui/Icon.tsx';
import { ProjectorAccess } from '../ui/ProjectorAccess.tsx';
import { JoinCodeText } from './JoinCodeText.tsx';
import { baseHost, roomLink, useLinkBase } from '../state/linkBase.ts';
import { copyNotice, copyText } from '../ui/copyText.ts';
import { RoomReach } from './RoomReach.tsx';
import './SharePanel.css';

/** A link for others: on the address they can open (linkBase.ts), never on this computer's loopback. */
function joinLink(boardId: string, secret: string, page = ''): string {
  return roomLink(boardId, secret, page);
}

/** Copies, or on plain http (no clipboard) selects the text in `field` for the keyboard. */
async function copy(text: string, what: string, field?: HTMLInputElement | null): Promise<void> {
  ui.notify(copyNotice(await copyText(text, field), what, !!field));
}

/** Facilitator's invite panel: participant and viewer links, QR code, short join code. */
export default function SharePanel({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const secrets = useInviteSecrets(session.boardId);
  const [qr, setQr] = useState('');
  const [large, setLarge] = useState(false);
  const linkBase = useLinkBase();
  const participantLink = secrets ? joinLink(session.boardId, secrets.participant) : '';

  useEffect(() => {
    if (!participantLink) return;
    let cancelled = false;
    void QRCode.toString(participantLink, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1b2430', light: '#ffffff' } }).then((svg) => {
      if (!cancelled) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      cancelled = true;
    };
  }, [participantLink]);

  return (
    <aside className="side-panel share-panel" aria-labelledby="share-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="side-panel-header">
        <div>
          <p className="eyebrow">Invite people</p>
          <h2 id="share-title">Share this board</h2>
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
            <CopyField label="Participant join link" value={participantLink} hint="Participants can add and edit cards." />
            {qr && linkBase.kind === 'reachable' && (
              <div className="qr">
                <img src={qr} alt="QR code of the participant join link" width={176} height={176} />
                <button className="button small" type="button" onClick={() => setLarge(true)}>
                  Show QR code full screen
                </button>
              </div>
            )}
            <JoinCodeField facilitatorSecret={secrets.facilitator} participantSecret={secrets.participant} />
            <CopyField label="Viewer link (read only)" value={joinLink(session.boardId, secrets.viewer)} hint="For people who only look: they see the board but cannot change it. The projector has its own link, below." />
            <ProjectorAccess />
            <CopyField
              label="Review link (read only)"
              value={joinLink(session.boardId, secrets.viewer, '/review')}
              hint="For stakeholders after the workshop: opens on the summary of goals, agreed commitments and recent changes."
            />
            {secrets.reviewer && (
              <CopyField
                label="Reviewer link (comment and check in)"
                value={joinLink(session.boardId, secrets.reviewer, '/review')}
                hint="For stakeholders who were not in the room: they can comment, @mention people and check in on the commitments they own, but not edit the board."
              />
            )}
            <CopyField label="Your facilitator link" value={joinLink(session.boardId, secrets.facilitator)} hint="Keep it private: it gives full control of the board." />
          </RoomReach>
        )}
      </div>
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

function CopyField({ label, value, hint }: { label: string; value: string; hint: string }) {
  const field = useRef<HTMLInputElement>(null);
  return (
    <div className="copy-field">
      <label className="field">
        <span>{label}</span>
        <input ref={field} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button className="button small" type="button" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void copy(value, label, field.current)}>
        <Icon name="copy" size={16} /> Copy
      </button>
      <p className="hint">{hint}</p>
    </div>
  );
}

/**
 * The invite secrets: remembered by the browser that created the board, else
 * unsealed by the server with this facilitator's secret (any device).
 */
function useInviteSecrets(boardId: string): BoardSecrets | undefined {
  const remembered = rememberedBoard(boardId);
  const [fetched, setFetched] = useState<BoardSecrets | undefined>(undefined);
  useEffect(() => {
    // Fetched too when what this browser remembers predates the reviewer or projector link.
    if ((remembered?.secrets?.reviewer && remembered.secrets.projector) || !remembered?.secret) return;
    let cancelled = false;
    const facilitator = remembered.secret;
    fetchInvites(boardId, facilitator).then(
      (invites) => {
        if (cancelled) return;
        const secrets = { facilitator, ...invites };
        rememberBoard(boardId, { secret: facilitator, secrets });
        setFetched(secrets);
      },
      (error: unknown) => ui.notify(error instanceof ApiError ? `Invite links unavailable: ${error.message}` : 'Invite links unavailable'),
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, remembered?.secret, remembered?.secrets]);
  return fetched ?? remembered?.secrets;
}

function JoinCodeField({ facilitatorSecret, participantSecret }: { facilitatorSecret: string; participantSecret: string }) {
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
  return (
    <div className="copy-field">
      <p className="field-label">Short join code</p>
      {code ? (
        <>
          <p className="join-code" aria-label={`Join code ${code.code.split('').join(' ')}`}>
            {code.code.length === 8 ? `${code.code.slice(0, 4)}-${code.code.slice(4)}` : code.code}
          </p>
          <button className="button small" type="button" aria-label="Copy join code" onClick={() => void copy(code.code, 'Join code')}>
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
