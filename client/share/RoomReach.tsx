import type { ReactNode } from 'react';
import { chooseLinkBase, type LinkBase } from '../state/linkBase.ts';
import './RoomReach.css';

/**
 * Wraps the invite links with what decides whether others can open them: when
 * only this computer can reach the server, says so and how to serve the room,
 * and tucks the links away as links for this computer; when the server has
 * several LAN addresses, lets the facilitator pick the room's.
 */
export function RoomReach({ base, children }: { base: LinkBase; children: ReactNode }) {
  if (base.kind === 'this-computer-only') {
    return (
      <>
        <div className="room-reach" role="note" aria-labelledby="room-reach-title">
          <p className="field-label" id="room-reach-title">
            Only this computer can open this board
          </p>
          <p>
            Phones and laptops in the room cannot open its links yet. For the room’s network, restart the server with <code>npm start -- --lan</code> (or{' '}
            <code>HOST=0.0.0.0</code>) and open this board again.
          </p>
          <p className="hint">
            Behind a web server or proxy, set <code>PUBLIC_URL</code> to the address people use.
          </p>
        </div>
        <details className="room-reach-local">
          <summary>Links for this computer only</summary>
          <div className="room-reach-links">{children}</div>
        </details>
      </>
    );
  }
  return (
    <>
      {base.kind === 'reachable' && base.alternatives.length > 0 && (
        <label className="field">
          <span>Address for the room</span>
          <select value={base.base} onChange={(e) => chooseLinkBase(e.target.value)}>
            {[base.base, ...base.alternatives].sort().map((url) => (
              <option key={url} value={url}>
                {new URL(url).host}
              </option>
            ))}
          </select>
          <small className="hint">This computer has several network addresses: pick the one of the room’s Wi-Fi.</small>
        </label>
      )}
      {children}
    </>
  );
}
