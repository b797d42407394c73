import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, createProjectorCode, ensureJoinCode, fetchInvites, type JoinCode } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import { useSession } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { ui } from '../state/ui.ts';
import { Icon } from './Icon.tsx';
import { copyNotice, copyText } from './copyText.ts';
import { baseHost, roomLink, useLinkBase } from '../state/linkBase.ts';
import { LINK_NAMES, linkLabel } from '../derive/linkNames.ts';

/**
 * The board's projector secret, for the projector link: read only like the
 * viewer's, and it may also read the join code the wall shows (the viewer
 * secret may not: it is the stakeholders' review link). Remembered by the
 * browser that created the board, else unsealed by the server with this
 * facilitator's secret (a board without one gets it then), and asked again
 * when a link was reset (maybe the projector's, on another of the
 * facilitator's devices: what this browser remembers is then stale). Never
 * the facilitator's own secret.
 */
function useProjectorSecret(): string | undefined {
  const session = useSession();
  const remembered = rememberedBoard(session.boardId)?.secrets?.projector;
  const resets = useFacilitation()?.participantLinkResets ?? 0;
  const [fetched, setFetched] = useState<{ secret: string; resets: number } | undefined>(undefined);
  useEffect(() => {
    if ((remembered && resets === 0) || session.role !== 'facilitator') return;
    let cancelled = false;
    session.withSecret((secret) => fetchInvites(session.boardId, secret)).then(
      (invites) => !cancelled && setFetched({ secret: invites.projector, resets }),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [remembered, resets, session]);
  // The server's answer since the last reset this page saw, else what this browser remembers.
  return (fetched?.resets === resets ? fetched.secret : undefined) ?? remembered ?? fetched?.secret;
}

/**
 * How to put the board on the wall from the room PC: the projector link with
 * the read-only projector key (it can never edit; it shows the join code), and
 * a short projector code to type at /present instead of carrying a long link over.
 * `children`: more for the link, after it (the share panel's reset).
 */
export function ProjectorAccess({ children }: { children?: ReactNode } = {}) {
  const session = useSession();
  const projector = useProjectorSecret();
  // The wall shows the room's join code: make sure there is one (the current one is kept).
  useEffect(() => {
    if (session.role === 'facilitator') session.withSecret((secret) => ensureJoinCode(session.boardId, secret)).catch(() => undefined);
  }, [session]);
  const [code, setCode] = useState<JoinCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const field = useRef<HTMLInputElement>(null);
  // The room PC must be able to open it: the address other devices reach (never this computer's 127.0.0.1).
  const linkBase = useLinkBase();
  if (!projector) return null;
  const link = roomLink(session.boardId, projector, '/present');
  const shown = code && code.code.length === 8 ? `${code.code.slice(0, 4)}-${code.code.slice(4)}` : code?.code;
  const create = async () => {
    setBusy(true);
    setError('');
    try {
      setCode(await session.withSecret((secret) => createProjectorCode(session.boardId, secret)));
    } catch (e) {
      setError(e instanceof ApiError ? `The projector code could not be created: ${e.message}` : 'The projector code could not be created.');
    }
    setBusy(false);
  };
  const copy = async () => ui.notify(copyNotice(await copyText(link, field.current), LINK_NAMES.projector.name, true));
  return (
    <div className="copy-field projector-access">
      <label className="field">
        <span>{linkLabel('projector')}</span>
        <input ref={field} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button className="button small" type="button" aria-label={`Copy ${linkLabel('projector').toLowerCase()}`} onClick={() => void copy()}>
        <Icon name="copy" size={16} /> Copy
      </button>
      <p className="hint">
        Open it on the room PC: the wall follows the workshop, shows the join code for latecomers, and can never edit. <a href={link} target="_blank" rel="noopener">Open the projector here</a>.
      </p>
      {code ? (
        <>
          <p className="join-code" aria-label={`Projector code ${code.code.split('').join(' ')}`}>
            {shown}
          </p>
          <p className="hint">
            On the room PC, open <strong>{baseHost(linkBase.base)}/present</strong> and type this code.
          </p>
        </>
      ) : (
        <button className="button small copy-field-action" type="button" disabled={busy} onClick={() => void create()}>
          Create a projector code
        </button>
      )}
      {error && <p className="hint">{error}</p>}
      {children}
    </div>
  );
}
