import { useEffect, useState } from 'react';
import { ensureJoinCode } from '../api/boards.ts';
import { useSession } from '../sync/hooks.ts';

/** The board's current join code as text (for the full-screen QR code), for people who cannot scan. */
export function JoinCodeText() {
  const session = useSession();
  const [code, setCode] = useState('');
  useEffect(() => {
    let cancelled = false;
    session.withSecret((secret) => ensureJoinCode(session.boardId, secret)).then(
      (created) => !cancelled && setCode(created.code),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [session]);
  if (!code) return null;
  return (
    <span className="qr-join-code">
      {' '}
      and type the code <strong aria-label={`Join code ${code.split('').join(' ')}`}>{code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code}</strong>
    </span>
  );
}
