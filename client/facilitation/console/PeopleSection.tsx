import { useState } from 'react';
import { activityKey } from '../../../shared/doc/roomState.ts';
import { Limits } from '../../../shared/protocol.ts';
import { useControlPeers, useFacilitation, usePeople, usePersonal, useWorkshopFull } from '../../sync/controlHooks.ts';
import { listedPeople, ofText, otherJoins, roomProgress } from '../../derive/progress.ts';
import { RemovePersonDialog, type Removal } from './RemovePersonDialog.tsx';

/**
 * Who joined, who is online now, and who said "I'm done" to what the room does
 * now. Reviewers (stakeholders commenting after the workshop) are listed apart:
 * they are not in the room, so they count in no "x of y". Anyone but a
 * facilitator can be removed (a duplicate, someone under several names).
 * Those a link reset revoked who have not joined again are not listed: one
 * line counts them and removes them all (what a script joining over and over
 * leaves once the reset shut it out), and the section says when the workshop
 * is full (`Limits.maxPeople`) and how to make room.
 */
export function PeopleSection() {
  const people = usePeople();
  const peers = useControlPeers();
  const personal = usePersonal();
  const f = useFacilitation()!;
  const meId = personal?.me?.personId;
  const activity = activityKey(f);
  const online = new Map(peers.map((p) => [p.personId, p]));
  const isDone = (id: string) => peers.some((p) => p.personId === id && p.done && p.doneFor === activity);
  const revoked = people.filter((p) => p.revoked);
  const full = useWorkshopFull();
  const all = people.filter((p) => !p.revoked).map((p) => ({ ...p, online: p.id === meId || online.has(p.id), done: isDone(p.id), you: p.id === meId }));
  const shown = listedPeople(all).sort((a, b) => Number(b.online) - Number(a.online) || a.joinedAt - b.joinedAt);
  const rows = shown.filter((p) => p.role !== 'reviewer');
  const reviewers = shown.filter((p) => p.role === 'reviewer');
  const progress = roomProgress(f, peers);
  const [removing, setRemoving] = useState<Removal | null>(null);
  const [said, setSaid] = useState('');

  return (
    <section className="console-section" aria-labelledby="console-people">
      <h3 id="console-people">People</h3>
      <p className="console-status">
        {progress.participants} {progress.participants === 1 ? 'participant' : 'participants'} online · {ofText(progress.done)} are done
      </p>
      {full && (
        <p className="console-warning" role="alert">
          The workshop is full: {Limits.maxPeople.toLocaleString('en')} people have joined, the most it takes, and no one else can join. If someone is joining
          over and over, reset the participant link in Share (whoever is here joins again with the new link), then remove who has not come back.
        </p>
      )}
      {revoked.length > 0 && (
        <p className="console-status">
          {revoked.length === 1 ? '1 person has' : `${revoked.length.toLocaleString('en')} people have`} not joined again since their link was reset.{' '}
          <button
            className="link-button person-remove"
            type="button"
            aria-haspopup="dialog"
            onClick={() => setRemoving({
              revoked: revoked.length,
              title: revoked.length === 1 ? 'Remove the person who has not joined again?' : `Remove the ${revoked.length.toLocaleString('en')} people who have not joined again?`,
              who: 'A reset of their link shut them out, and they have not come back with the new link. Whoever joined again stays.',
            })}
          >
            Remove {revoked.length === 1 ? 'them' : `all ${revoked.length.toLocaleString('en')}`}
          </button>
        </p>
      )}
      <ul className="people-list" aria-label="Participants">
        {rows.map((p) => (
          <li key={p.id} data-online={p.online || undefined} aria-label={`${p.name}${p.you ? ' (you)' : ''}, ${p.role}, ${p.online ? 'online' : 'offline'}${p.done ? ', done' : ''}`}>
            <span className="presence-dot" aria-hidden="true" />
            <span className="person-name">
              {p.name}
              {p.you && ' (you)'}
            </span>
            <span className="muted">{p.role === 'facilitator' ? 'facilitator' : p.online ? 'online' : 'offline'}</span>
            {p.done && <span className="pill" data-tone="success">Done</span>}
            {p.role !== 'facilitator' && <RemoveButtons row={p} others={otherJoins(all, shown, p)} onRemove={setRemoving} />}
          </li>
        ))}
      </ul>
      {reviewers.length > 0 && (
        <>
          <h4>Reviewers ({reviewers.length})</h4>
          <ul className="people-list" aria-label="Reviewers">
            {reviewers.map((p) => (
              <li key={p.id} data-online={p.online || undefined} aria-label={`${p.name}, reviewer, ${p.online ? 'online' : 'offline'}`}>
                <span className="presence-dot" aria-hidden="true" />
                <span className="person-name">{p.name}</span>
                <span className="muted">{p.online ? 'online' : 'offline'}</span>
                <RemoveButtons row={p} others={otherJoins(all, shown, p)} onRemove={setRemoving} />
              </li>
            ))}
          </ul>
          <p className="hint">They comment and check in on their own commitments; they take no part in votes or consent rounds.</p>
        </>
      )}
      {said && <p className="console-status" role="status">{said}</p>}
      {removing && (
        <RemovePersonDialog
          removal={removing}
          onClose={(message) => {
            setRemoving(null);
            setSaid(message ?? '');
          }}
        />
      )}
    </section>
  );
}

type Row = { id: string; name: string };

/**
 * Removing someone (after a confirmation: RemovePersonDialog), and the other
 * joins under their name that are not listed (earlier devices, joins from
 * before a link reset, or the same name joining again to vote more than once).
 */
function RemoveButtons({ row, others, onRemove }: { row: Row; others: readonly Row[]; onRemove: (removal: Removal) => void }) {
  const n = others.length;
  return (
    <>
      {n > 0 && (
        <button
          className="link-button person-remove"
          type="button"
          aria-haspopup="dialog"
          aria-label={`Remove ${n} other ${n === 1 ? 'join' : 'joins'} under the name ${row.name}`}
          onClick={() => onRemove({
            people: others,
            title: `Remove ${n === 1 ? 'the other join' : `the ${n} other joins`} under the name ${row.name}?`,
            who: `${n === 1 ? 'It is' : 'They are'} not listed: earlier devices, joins from before a link reset, or someone joining again under this name to vote more than once. ${row.name} as listed stays.`,
          })}
          title={`${n} other ${n === 1 ? 'join' : 'joins'} under this name, not listed: remove ${n === 1 ? 'it' : 'them'}`}
        >
          Remove {n} other
        </button>
      )}
      <button
        className="link-button person-remove"
        type="button"
        aria-haspopup="dialog"
        aria-label={`Remove ${row.name} from the workshop`}
        onClick={() => onRemove({ people: [row], title: `Remove ${row.name} from the workshop?`, who: 'Do this for a duplicate, for someone who joined under several names, or for someone who should not be here.' })}
      >
        Remove
      </button>
    </>
  );
}
