import { activityKey } from '../../../shared/doc/roomState.ts';
import { useControlPeers, useFacilitation, usePeople, usePersonal } from '../hooks.ts';
import { ofText, roomProgress } from '../progress.ts';

/** Who joined, who is online now, and who said "I'm done" to what the room does now. */
export function PeopleSection() {
  const people = usePeople();
  const peers = useControlPeers();
  const personal = usePersonal();
  const f = useFacilitation()!;
  const meId = personal?.me?.personId;
  const activity = activityKey(f);
  const online = new Map(peers.map((p) => [p.personId, p]));
  const isDone = (id: string) => peers.some((p) => p.personId === id && p.done && p.doneFor === activity);
  const rows = people
    .map((p) => ({ ...p, online: p.id === meId || online.has(p.id), done: isDone(p.id), you: p.id === meId }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.joinedAt - b.joinedAt);
  const progress = roomProgress(f, peers);

  return (
    <section className="console-section" aria-labelledby="console-people">
      <h3 id="console-people">People</h3>
      <p className="console-status">
        {progress.participants} {progress.participants === 1 ? 'participant' : 'participants'} online · {ofText(progress.done)} are done
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
