import { useEffect, useState, type ReactNode } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ControlSession } from '../sync/controlSession.ts';
import { PhoneView } from '../phone/PhoneView.tsx';
import { usePhoneLayout } from '../phone/usePhoneLayout.ts';
import { FollowController } from './FollowController.tsx';
import { ConsentPrompt } from '../commitments/ConsentPrompt.tsx';
import { ControlContext } from './hooks.ts';
import '../styles/facilitation.css';

/**
 * Opens the workshop's facilitation next to the board session and provides it
 * to everything below. A participant on a phone gets the simple phone view
 * first, with a way to the full board.
 */
export function FacilitationProvider({ secret, name, children }: { secret: string; name: string; children: ReactNode }) {
  const session = useSession();
  const [control, setControl] = useState<ControlSession | null>(null);
  const phone = usePhoneLayout();
  const [fullBoard, setFullBoard] = useState(false);

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

  const phoneView = phone && session.role === 'participant' && !fullBoard;
  return (
    <ControlContext.Provider value={control}>
      {phoneView ? control && <PhoneView onShowBoard={() => setFullBoard(true)} /> : children}
      {control && !phoneView && <FollowController />}
      {control && !phoneView && <ConsentPrompt />}
    </ControlContext.Provider>
  );
}
