/**
 * How people join, as the wall shows it: the short join code and the QR code
 * of the participant link. The projector opened with the projector secret (the
 * usual case: a room PC) reads the code the facilitator has on show, with the
 * link it stands for (the server keeps both sealed for the projector secret),
 * so phones scanning the QR code need no code lookup of their own. A projector
 * in the facilitator's browser, or opened with their secret, makes the code
 * itself. One opened with the viewer link shows no code: the viewer link is
 * also the stakeholders' review link, and the server does not let it read one.
 */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { createJoinCode, fetchInvites, fetchShownJoinCode } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import type { Role } from '../../shared/protocol.ts';
import { roomLink, useLinkBase } from '../state/linkBase.ts';

export interface RoomJoin {
  /** The join code, or '' while there is none on show. */
  code: string;
  /** The wall was opened with the viewer link, which cannot read the join code (say where the projector link is). */
  viewerLink: boolean;
  /** The participant link, or '' when unknown or when no other device could open it. */
  link: string;
  /** The link's QR code as an SVG data URL, or ''. */
  qr: string;
}

/**
 * Codes are renewed rarely: the wall checks now and then, often while it has
 * none yet (the facilitator is about to make one), and whenever the
 * facilitator shows or hides it.
 */
const RECHECK_MS = 5 * 60_000;
const RECHECK_WITHOUT_CODE_MS = 5_000;

/** The key the wall was opened with: its role, and whether it is the projector secret. */
export interface WallKey {
  secret: string;
  role: Role;
  projector: boolean;
}

/**
 * `linkResets`: the board's count of participant link resets; when it moves
 * the wall fetches the code again at once (the old code and link open nothing).
 */
export function useRoomJoin(boardId: string, { secret, role, projector }: WallKey, hidden: boolean, linkResets = 0): RoomJoin {
  const [found, setFound] = useState<{ code: string; participant: string } | null>(null);
  const [qr, setQr] = useState('');
  const [tick, setTick] = useState(0);

  const hasCode = !!found;
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), hasCode ? RECHECK_MS : RECHECK_WITHOUT_CODE_MS);
    return () => clearInterval(timer);
  }, [hasCode]);

  useEffect(() => {
    if (hidden) return;
    let cancelled = false;
    const load = async (): Promise<{ code: string; participant: string } | null> => {
      // The facilitator's own browser (or a projector opened with their secret) makes the code itself.
      const known = rememberedBoard(boardId)?.secrets;
      const facilitator = known?.facilitator ?? (role === 'facilitator' ? secret : undefined);
      if (facilitator) {
        const invited = async () => (await fetchInvites(boardId, facilitator)).participant;
        let participant = known?.participant ?? (await invited());
        const created = await createJoinCode(boardId, facilitator, participant).catch(async (error: unknown) => {
          // The participant link was reset (on another device): this browser remembers the old secret.
          if (!known?.participant) throw error;
          participant = await invited();
          return createJoinCode(boardId, facilitator, participant);
        });
        return { code: created.code, participant };
      }
      if (!projector) return null;
      const shown = await fetchShownJoinCode(boardId, secret);
      return { code: shown.code, participant: shown.secret };
    };
    load().then(
      (next) => !cancelled && setFound((prev) => (prev?.code === next?.code ? prev : next)),
      () => !cancelled && setFound(null),
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, secret, role, projector, hidden, tick, linkResets]);

  // Only a link the room's devices can open (never this computer's 127.0.0.1).
  const linkBase = useLinkBase();
  const link = found && !hidden && linkBase.kind === 'reachable' ? roomLink(boardId, found.participant) : '';
  useEffect(() => {
    if (!link) return;
    let cancelled = false;
    void QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } }).then((svg) => {
      if (!cancelled) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      cancelled = true;
    };
  }, [link]);

  const viewerLink = !projector && role === 'viewer' && !rememberedBoard(boardId)?.secrets?.facilitator;
  return { code: found && !hidden ? found.code : '', viewerLink, link, qr: link ? qr : '' };
}

/** "ABCD-EFGH", and what a screen reader says for it. */
export function codeText(code: string): { shown: string; spoken: string } {
  return { shown: code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code, spoken: code.split('').join(' ') };
}
