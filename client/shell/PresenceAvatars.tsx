import { initials } from '../sync/presence.ts';
import { usePeers, useSession } from '../sync/hooks.ts';
import './PresenceAvatars.css';

const MAX_SHOWN = 6;

/** Who is on the board: you first, then everyone else with their colour. */
export function PresenceAvatars() {
  const session = useSession();
  const peers = usePeers();
  const me = session.presence.getLocal().user;
  const people = [{ clientId: session.presence.clientId, user: me, you: true }, ...peers.map((p) => ({ ...p, you: false }))];
  const shown = people.slice(0, MAX_SHOWN);
  const hidden = people.length - shown.length;
  return (
    <ul className="avatars" aria-label={`${people.length} ${people.length === 1 ? 'person' : 'people'} on this board`}>
      {shown.map((p) => (
        <li
          key={p.clientId}
          className="avatar"
          style={{ background: p.user.color }}
          title={`${p.user.name}${p.you ? ' (you)' : ''}`}
          aria-label={`${p.user.name}${p.you ? ' (you)' : ''}, ${p.user.role}`}
        >
          {initials(p.user.name)}
        </li>
      ))}
      {hidden > 0 && (
        <li className="avatar more" aria-label={`and ${hidden} more`}>
          +{hidden}
        </li>
      )}
    </ul>
  );
}
