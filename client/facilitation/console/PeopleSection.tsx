import { useControlPeers, usePeople, usePersonal } from '../hooks.ts';

/** Who joined, who is online now, and who said "I'm done". */
export function PeopleSection() {
  const people = usePeople();
  const peers = useControlPeers();
  const personal = usePersonal();
  const meId = personal?.me?.personId;
  const online = new Map(peers.map((p) => [p.personId, p]));
  const rows = people
    .map((p) => ({ ...p, online: p.id === meId || online.has(p.id), done: online.get(p.id)?.done ?? false, you: p.id === meId }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.joinedAt - b.joinedAt);
  const participantsOnline = rows.filter((r) => r.online && r.role === 'participant');
  const done = participantsOnline.filter((r) => r.done).length;

  return (
    <section className="console-section" aria-labelledby="console-people">
      <h3 id="console-people">People</h3>
      <p className="console-status">
        {participantsOnline.length} {participantsOnline.length === 1 ? 'participant' : 'participants'} online, {done} done
      </p>
      <ul className="people-list" aria-label="Participants">
        {rows.map((p) => (
          <li key={p.id} data-online={p.online || undefined} aria-label={`${p.name}${p.you ? ' (you)' : ''}, ${p.role}, ${p.online ? 'online' : 'offline'}${p.done ? ', done' : ''}`}>
            <span className="presence-dot" aria-hidden="true" />
            <span className="person-name">
              {p.name}
              {p.you && ' (you)'}
            </span>
            <span className="muted">{p.role === 'facilitator' ? 'facilitator' : p.online ? 'online' : 'offline'}</span>
            {p.done && <span className="done-tag">Done</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
