import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { createJoinCode, fetchInvites } from '../api/boards.ts';
import { rememberedBoard } from '../api/localBoards.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { baseHost, roomLink, useLinkBase } from '../share/linkBase.ts';

const CODE_KEY = (boardId: string) => `vcp.present.code.${boardId}`;

/**
 * While people join (the Frame phase): the QR code of the participant link and
 * a short join code. Both need the board's participant secret: the browser
 * that created the board remembers it, and a projector opened with the
 * facilitator secret fetches it (sealed on the server); a viewer-secret
 * projector elsewhere says where to get the link.
 */
export function JoinPanel({ facilitatorSecret: ownSecret }: { facilitatorSecret: string | null }) {
  const session = useSession();
  const { board } = useBoard();
  const remembered = rememberedBoard(session.boardId)?.secrets;
  const [fetched, setFetched] = useState<{ facilitator: string; participant: string } | null>(null);
  const facilitatorSecret = remembered?.facilitator ?? fetched?.facilitator;
  const participantSecret = remembered?.participant ?? fetched?.participant;
  const knowsInvites = !!remembered;
  // Only a link the room's devices can open (never this computer's 127.0.0.1).
  const linkBase = useLinkBase();
  const link = participantSecret && linkBase.kind === 'reachable' ? roomLink(session.boardId, participantSecret) : '';
  const [qr, setQr] = useState('');
  const [code, setCode] = useState<string>(() => {
    try {
      return sessionStorage.getItem(CODE_KEY(session.boardId)) ?? '';
    } catch {
      return '';
    }
  });

  useEffect(() => {
    if (knowsInvites || !ownSecret) return;
    let cancelled = false;
    // The facilitator secret unseals the invites stored on the server; without them, no QR code here.
    fetchInvites(session.boardId, ownSecret).then(
      (invites) => !cancelled && setFetched({ facilitator: ownSecret, participant: invites.participant }),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [knowsInvites, ownSecret, session.boardId]);

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

  useEffect(() => {
    if (!facilitatorSecret || !participantSecret || code || !link) return;
    let cancelled = false;
    // One code per projector tab; servers without join codes just show the QR code.
    createJoinCode(session.boardId, facilitatorSecret, participantSecret).then(
      (created) => {
        if (cancelled) return;
        try {
          sessionStorage.setItem(CODE_KEY(session.boardId), created.code);
        } catch {
          // Kept for this page only.
        }
        setCode(created.code);
      },
      () => {
        try {
          sessionStorage.setItem(CODE_KEY(session.boardId), '-');
        } catch {
          // Tried once for this page.
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [facilitatorSecret, participantSecret, code, session.boardId, link]);

  const joinCode = code === '-' ? '' : code;
  const shownCode = joinCode.length === 8 ? `${joinCode.slice(0, 4)}-${joinCode.slice(4)}` : joinCode;
  return (
    <section className="join-panel" aria-labelledby="join-title">
      <div className="join-text">
        <p className="projector-sub">Welcome to</p>
        <h2 id="join-title">{board.title}</h2>
        {link && (
          <p className="join-how">
            Scan the code with your phone{joinCode ? ', or go to' : ' to join.'}
            {joinCode && (
              <>
                {' '}
                <strong>{baseHost(linkBase.base)}</strong> and type
              </>
            )}
          </p>
        )}
        {joinCode && (
          <p className="join-code-big" aria-label={`Join code ${joinCode.split('').join(' ')}`}>
            {shownCode}
          </p>
        )}
        {!link && linkBase.kind === 'this-computer-only' && participantSecret ? (
          <p className="join-how">
            Phones and laptops cannot reach this computer yet: restart the server with <code>npm start -- --lan</code> to let the room join.
          </p>
        ) : (
          !link && linkBase.kind !== 'unknown' && <p className="join-how">Ask the facilitator for the join link.</p>
        )}
        <p className="projector-sub">No account needed: just your name.</p>
      </div>
      {qr && <img className="join-qr" src={qr} alt="QR code to join the workshop" />}
    </section>
  );
}
