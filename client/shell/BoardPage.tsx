import { useEffect, useState } from 'react';
import type { Role } from '../../shared/protocol.ts';
import { rememberedBoard, rememberedName } from '../api/localBoards.ts';
import { SessionContext, useConnectionRefused, useSession } from '../sync/hooks.ts';
import { useControl } from '../sync/controlHooks.ts';
import { BoardSession } from '../sync/session.ts';
import { excerpt } from '../../shared/text.ts';
import { resetUi, ui } from '../state/ui.ts';
import { BoardShell } from './BoardShell.tsx';
import { FacilitationProvider } from '../facilitation/FacilitationProvider.tsx';
import { FollowController } from '../facilitation/FollowController.tsx';
import { ConsentPrompt } from '../commitments/ConsentPrompt.tsx';
import { PhoneView } from '../phone/PhoneView.tsx';
import { usePhoneLayout } from '../phone/usePhoneLayout.ts';
import { PhoneBackButton } from '../phone/PhoneBackButton.tsx';
import { NamePrompt } from './NamePrompt.tsx';
import { useBoardAccess } from './useBoardAccess.ts';
import { LinkRefused, RefusedPage, RejectedCopy } from './RefusedPages.tsx';

/** A board page: checks the link, asks for a display name, opens the live board. */
export default function BoardPage({ boardId }: { boardId: string }) {
  const access = useBoardAccess(boardId);
  const [name, setName] = useState(rememberedName);

  if (access.status === 'checking') return <p className="page-message" role="status">Opening the board…</p>;
  if (access.status === 'no-secret') {
    return (
      <RefusedPage title="This link has no access key">
        Ask your facilitator for the join link (it ends with a <code>#</code> and a long key), or <a href="/">join with a code</a>.
      </RefusedPage>
    );
  }
  if (access.status === 'refused') {
    if (access.reason === 'unauthorized') return <LinkRefused worked={access.worked} />;
    const text = {
      'not-found': 'There is no board at this address.',
      unreachable: 'The server cannot be reached and this board was not opened in this browser before.',
    }[access.reason];
    return <RefusedPage title="The board cannot be opened">{text}</RefusedPage>;
  }
  if (!name && access.role !== 'viewer') {
    return <NamePrompt boardTitle={access.title} role={access.role} onDone={setName} />;
  }
  return <LiveBoard boardId={boardId} secret={access.secret} role={access.role} name={name || 'Viewer'} />;
}

function LiveBoard({ boardId, secret, role, name }: { boardId: string; secret: string; role: Role; name: string }) {
  const [session, setSession] = useState<BoardSession | null>(null);
  useEffect(() => {
    resetUi();
    const opened = new BoardSession({ boardId, secret, role, name });
    // The session is an external resource living exactly as long as this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession(opened);
    // A new board opens with the share panel, once: history state survives reloads, so the browser remembers it was seen.
    const created = (window.history.state as { created?: boolean } | null)?.created;
    if (created && role === 'facilitator' && !rememberedBoard(boardId)?.sharePanelSeen) ui.setShareOpen(true);
    window.dispatchEvent(new Event('vcp:assets-loaded'));
    return () => {
      opened.destroy();
      setSession(null);
    };
  }, [boardId, secret, role, name]);

  if (!session) return <p className="page-message" role="status">Opening the board…</p>;
  return (
    <SessionContext.Provider value={session}>
      <FacilitationProvider secret={secret} name={name}>
        <Workshop />
      </FacilitationProvider>
    </SessionContext.Provider>
  );
}

/**
 * The open board with its facilitation: a participant on a phone gets the
 * simple phone view first, with a way to the full board; everyone else the
 * board, following the facilitator when asked, with their consent answer beside it.
 * A link the server stops taking (the facilitator reset it: the socket closes
 * with 4401) ends on a page that says so, on a phone too, not on a board that no longer syncs.
 */
function Workshop() {
  const session = useSession();
  const control = useControl();
  const refused = useConnectionRefused();
  const phone = usePhoneLayout();
  const [fullBoard, setFullBoard] = useState(false);
  // Words written offline that the board's rules did not keep (a column locked meanwhile…): said, with a copy.
  useEffect(() => session.watchLostEdits((lost) => {
    const words = lost.map((e) => e.text).join('\n\n');
    ui.notify(
      `The board did not keep ${lost.length === 1 ? 'a card' : `${lost.length} cards`} you wrote offline (a column was locked, or the card agreed or deleted meanwhile): “${excerpt(lost[0]!.text, 50, { lines: 'first' })}”${lost.length > 1 ? ' …' : ''}.`,
      false,
      { label: lost.length === 1 ? 'Copy its words' : 'Copy their words', run: () => void navigator.clipboard?.writeText(words) },
    );
  }), [session]);
  if (refused === 'rejected') return <RejectedCopy />;
  if (refused === 'unauthorized') return <LinkRefused worked role={session.role} />;
  if (refused === 'removed') {
    return (
      <RefusedPage title="The facilitator removed you from this workshop">
        Your votes and answers in the open rounds no longer count; what you wrote on the board stays. If this was a mistake, ask the facilitator.
      </RefusedPage>
    );
  }
  if (refused === 'not-found') return <RefusedPage title="The board cannot be opened">This board no longer exists.</RefusedPage>;
  const phoneParticipant = phone && session.role === 'participant';
  if (phoneParticipant && !fullBoard) {
    return control && <PhoneView onShowBoard={() => setFullBoard(true)} consentPrompt={<ConsentPrompt phone />} />;
  }
  const back = () => {
    setFullBoard(false);
    window.scrollTo(0, 0);
  };
  return (
    <>
      <BoardShell back={phoneParticipant && control ? <PhoneBackButton onBack={back} /> : undefined} />
      {control && <FollowController />}
      {control && <ConsentPrompt />}
    </>
  );
}
