/**
 * The board's invite links as the facilitator hands them out: the secrets
 * behind them, a link as a field to copy, and the read-only review link for
 * stakeholders. The Invite panel shows them all; the console at Close, the
 * review link.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, fetchInvites, type BoardSecrets, type InviteSecrets } from '../api/boards.ts';
import { rememberBoard, rememberedBoard } from '../api/localBoards.ts';
import { ui } from '../state/ui.ts';
import { Icon } from './Icon.tsx';
import { roomLink } from '../state/linkBase.ts';
import { copyNotice, copyText } from './copyText.ts';
import { LINK_NAMES, linkLabel, type LinkKind } from '../derive/linkNames.ts';

/** A link for others: on the address they can open (linkBase.ts), never on this computer's loopback. */
export function joinLink(boardId: string, secret: string, page = ''): string {
  return roomLink(boardId, secret, page);
}

/** Copies, or on plain http (no clipboard) selects the text in `field` for the keyboard. */
export async function copyWithNotice(text: string, what: string, field?: HTMLInputElement | null): Promise<void> {
  ui.notify(copyNotice(await copyText(text, field), what, !!field));
}

/** A link to copy, what it is for, and `children` after it (its reset). */
export function CopyField({ kind, value, hint, children }: { kind: LinkKind; value: string; hint: string; children?: ReactNode }) {
  const field = useRef<HTMLInputElement>(null);
  const label = linkLabel(kind);
  return (
    <div className="copy-field">
      <label className="field">
        <span>{label}</span>
        <input ref={field} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button className="button small" type="button" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void copyWithNotice(value, LINK_NAMES[kind].name, field.current)}>
        <Icon name="copy" size={16} /> Copy
      </button>
      <p className="hint">{hint}</p>
      {children}
    </div>
  );
}

/**
 * The invite secrets: what this browser remembers at once, then as the server
 * unseals them with this facilitator's secret (any device), each time the panel
 * opens and when a link was reset (`resets`, maybe on another
 * device of the facilitator's): what a browser remembers may predate a reset, or
 * the reviewer and projector links. And how to replace them after a reset here
 * (remembered too, so no part of the app offers the old link).
 */
export function useInviteSecrets(boardId: string, resets: number): [BoardSecrets | undefined, (invites: InviteSecrets) => void] {
  const remembered = rememberedBoard(boardId);
  const [fetched, setFetched] = useState<BoardSecrets | undefined>(undefined);
  const facilitator = remembered?.secret;
  useEffect(() => {
    if (!facilitator) return;
    let cancelled = false;
    fetchInvites(boardId, facilitator).then(
      (invites) => {
        if (cancelled) return;
        const secrets = { facilitator, ...invites };
        rememberBoard(boardId, { secret: facilitator, secrets });
        setFetched(secrets);
      },
      (error: unknown) => {
        // Offline, the remembered links are shown (and say nothing new); without them, say why there are none.
        if (cancelled || rememberedBoard(boardId)?.secrets?.projector) return;
        ui.notify(error instanceof ApiError ? `Invite links unavailable: ${error.message}` : 'Invite links unavailable');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, facilitator, resets]);
  const current = fetched ?? remembered?.secrets;
  const replace = (invites: InviteSecrets) => {
    if (!current) return;
    const secrets = { ...invites, facilitator: current.facilitator };
    rememberBoard(boardId, { secret: remembered?.secret ?? current.facilitator, secrets });
    setFetched(secrets);
  };
  return [current, replace];
}

/** The viewer link that opens on the review summary, for stakeholders after the workshop; `children`: after it (the Invite panel's reset). */
export function ReviewSummaryLink({ boardId, viewerSecret, children }: { boardId: string; viewerSecret: string; children?: ReactNode }) {
  return (
    <CopyField
      kind="viewer-review"
      value={joinLink(boardId, viewerSecret, '/review')}
      hint="Read only, opening on the summary of goals, agreed commitments and recent changes: for stakeholders after the workshop."
    >
      {children}
    </CopyField>
  );
}
