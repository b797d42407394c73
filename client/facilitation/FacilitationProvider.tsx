import { useEffect, useState, type ReactNode } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ControlSession } from '../sync/controlSession.ts';
import { ControlContext } from '../sync/controlHooks.ts';

/**
 * Opens the workshop's facilitation next to the board session and provides it
 * to everything below (the board page chooses what to show: board or phone view).
 */
export function FacilitationProvider({ secret, name, children }: { secret: string; name: string; children: ReactNode }) {
  const session = useSession();
  const [control, setControl] = useState<ControlSession | null>(null);

  useEffect(() => {
    const opened = new ControlSession({ boardId: session.boardId, secret, role: session.role, name, board: session });
    // The control session is an external resource living exactly as long as this effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setControl(opened);
    return () => {
      opened.destroy();
      setControl(null);
    };
  }, [session, secret, name]);

  return <ControlContext.Provider value={control}>{children}</ControlContext.Provider>;
}
