import { useEffect, useState } from 'react';
import { SessionContext, useConnectionRefused } from '../sync/hooks.ts';
import { BoardSession } from '../sync/session.ts';
import { ControlSession } from '../sync/controlSession.ts';
import { ControlContext } from '../sync/controlHooks.ts';
import { resetUi } from '../state/ui.ts';
import type { Role } from '../../shared/protocol.ts';
import { useProjectorAccess } from './useProjectorAccess.ts';
import { ProjectorView } from './ProjectorView.tsx';

const REFUSED = {
  'no-secret': 'Open the projector link from the share panel or the facilitator console (it ends with # and a key), or type the projector code at /present.',
  unauthorized: 'This link is not valid for this board.',
  'not-found': 'There is no board at this address.',
  unreachable: 'The server cannot be reached.',
} as const;

/** The projector display at `/b/<id>/present`: read only, no controls, follows the facilitator. */
export default function ProjectorPage({ boardId }: { boardId: string }) {
  const access = useProjectorAccess(boardId);
  if (access.status === 'checking') return <p className="page-message" role="status">Opening the projector view…</p>;
  if (access.status === 'refused') return <ProjectorRefused title="The projector view cannot be opened">{REFUSED[access.reason]}</ProjectorRefused>;
  return <ProjectorLive boardId={boardId} secret={access.secret} role={access.role} projector={access.projector} />;
}

function ProjectorLive({ boardId, secret, role, projector }: { boardId: string; secret: string; role: Role; projector: boolean }) {
  const [sessions, setSessions] = useState<{ board: BoardSession; control: ControlSession } | null>(null);
  useEffect(() => {
    resetUi();
    // Read only whatever the secret allows: the projector never writes.
    // A screen, not a person: nobody sees "Projector" among the people on the board.
    const board = new BoardSession({ boardId, secret, role: 'viewer', name: 'Projector', presence: false });
    const control = new ControlSession({ boardId, secret, role: 'viewer', name: 'Projector', board });
    // The sessions are external resources living exactly as long as this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSessions({ board, control });
    return () => {
      control.destroy();
      board.destroy();
      setSessions(null);
    };
  }, [boardId, secret]);
  if (!sessions) return <p className="page-message" role="status">Opening the projector view…</p>;
  return (
    <SessionContext.Provider value={sessions.board}>
      <ControlContext.Provider value={sessions.control}>
        <ProjectorScreen secret={secret} role={role} projector={projector} />
      </ControlContext.Provider>
    </SessionContext.Provider>
  );
}

/** A page instead of the wall: why, and the way to open it again (a projector code typed on the room PC). */
function ProjectorRefused({ title, children }: { title: string; children: string }) {
  return (
    // Read from the back of the room, like the wall itself.
    <main className="page-message" data-wall="">
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <a href="/present">Type a projector code</a>
      </p>
    </main>
  );
}

/**
 * The wall, until the server stops taking its link: after the facilitator
 * reset it (the socket closes with 4401) the room sees that, not a board
 * that silently stopped following the workshop.
 */
function ProjectorScreen(props: { secret: string; role: Role; projector: boolean }) {
  const refused = useConnectionRefused();
  if (refused === 'unauthorized') {
    return (
      <ProjectorRefused title="This projector link no longer works">
        The facilitator may have reset it: open the new projector link from the share panel, or type a new projector code.
      </ProjectorRefused>
    );
  }
  if (refused === 'not-found') return <ProjectorRefused title="The projector view cannot be opened">This board no longer exists.</ProjectorRefused>;
  return <ProjectorView {...props} />;
}
