import { useEffect, useState } from 'react';
import { SessionContext } from '../sync/hooks.ts';
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
  if (access.status === 'refused') {
    return (
      <main className="page-message">
        <h1>The projector view cannot be opened</h1>
        <p>{REFUSED[access.reason]}</p>
        <p>
          <a href="/present">Type a projector code</a>
        </p>
      </main>
    );
  }
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
        <ProjectorView secret={secret} role={role} projector={projector} />
      </ControlContext.Provider>
    </SessionContext.Provider>
  );
}
