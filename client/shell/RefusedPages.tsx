import { useState, type ReactNode } from 'react';
import type { Role } from '../../shared/protocol.ts';
import { useSession } from '../sync/hooks.ts';

/** A page instead of the board: why it cannot be opened, and a way on from the start page. */
export function RefusedPage({ title, children, startLink = 'Start or join a workshop' }: { title: string; children: ReactNode; startLink?: string }) {
  return (
    <main className="page-message">
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <a href="/">{startLink}</a>
      </p>
    </main>
  );
}

/**
 * The server refuses a link's key. `worked`: this browser had the board open with
 * it (the socket was closed with 4401, or the key it remembers is refused), so it
 * stopped working — most likely the facilitator reset the link. Otherwise the
 * link may also be incomplete or another board's: the words do not claim it ever
 * worked. `role`: what the link was, when known; a viewer's or reviewer's way
 * back is a new link from the facilitator, not the room's join code.
 */
export function LinkRefused({ worked, role }: { worked: boolean; role?: Role }) {
  const joins = role === undefined || role === 'participant' || role === 'facilitator';
  const wayOn = joins ? 'ask them for the new link, or type the join code from the wall.' : 'ask them for the new link.';
  const startLink = joins ? 'Join with a code' : 'Start or join a workshop';
  if (worked) {
    return (
      <RefusedPage title="This link no longer works" startLink={startLink}>
        The facilitator may have reset it: {wayOn}
      </RefusedPage>
    );
  }
  return (
    <RefusedPage title="This link does not open the board" startLink={startLink}>
      The link may be incomplete, or the facilitator may have reset it: {wayOn}
    </RefusedPage>
  );
}

/**
 * The server refused the changes this browser holds for the board (too large,
 * built on a version it does not have, or this link may not make them). Resending
 * them cannot help: the way on is the server's board, without this browser's copy.
 */
export function RejectedCopy() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const discard = async () => {
    setBusy(true);
    await session.connection.discardLocalCopy();
    window.location.reload();
  };
  return (
    <main className="page-message">
      <h1>This browser's changes to the board were refused</h1>
      <p>
        The server cannot accept the changes this browser kept for this board: they are too large, they build on a version of the
        board it does not have, or your link may not make them. Nothing on the server was changed. Discard this browser's copy to open the board as it is on the server.
      </p>
      <p>
        <button className="button primary" type="button" disabled={busy} onClick={() => void discard()}>
          Discard this browser's copy and reopen the board
        </button>
      </p>
    </main>
  );
}
