import { useBoard } from '../sync/hooks.ts';
import { useWorkshopFull } from '../sync/controlHooks.ts';
import { Limits } from '../../shared/protocol.ts';
import { baseHost, useLinkBase } from '../state/linkBase.ts';
import { codeText, type RoomJoin } from './useRoomJoin.ts';
import './JoinPanel.css';

/** While people join (the Frame phase): the QR code of the participant link and the short join code, large. */
export function JoinPanel({ join }: { join: RoomJoin }) {
  const { board } = useBoard();
  const { shown, spoken } = codeText(join.code);
  // Only an address the room's devices can open (never this computer's 127.0.0.1).
  const linkBase = useLinkBase();
  const full = useWorkshopFull();
  return (
    <section className="join-panel" aria-labelledby="join-title">
      <div className="join-text">
        <p className="join-sub">Welcome to</p>
        <h2 id="join-title">{board.title}</h2>
        {linkBase.kind === 'this-computer-only' ? (
          // How to serve the room is for the facilitator (their share panel says it), not an instruction to the room.
          <p className="join-later">The join code appears here once the board is open to the room’s network.</p>
        ) : join.code ? (
          <>
            <p className="join-how">
              Scan the code with your phone, or go to <strong>{baseHost(linkBase.base)}</strong> and type
            </p>
            <p className="join-code-big" aria-label={`Join code ${spoken}`}>
              {shown}
            </p>
          </>
        ) : join.viewerLink ? (
          <p className="join-how">
            This wall was opened with the viewer link, which does not show the join code. Open the projector link from the facilitator’s share panel or
            console instead, or type its projector code at <strong>{baseHost(linkBase.base)}/present</strong>.
          </p>
        ) : (
          <p className="join-how">Ask the facilitator for the join link.</p>
        )}
        {full ? (
          <p className="join-full" role="status">
            The workshop is full ({Limits.maxPeople.toLocaleString('en')} people): you can look on, and take part once the facilitator makes room.
          </p>
        ) : (
          linkBase.kind !== 'this-computer-only' && <p className="join-sub">No account needed: just your name.</p>
        )}
      </div>
      {join.qr && <img className="join-qr" src={join.qr} alt="QR code to join the workshop" />}
    </section>
  );
}

/** The join code, small, in a corner for the rest of the workshop: latecomers can still join. */
export function JoinCorner({ join }: { join: RoomJoin }) {
  const linkBase = useLinkBase();
  const full = useWorkshopFull();
  // Nobody else can reach a loopback-only server: no code to offer (the Frame phase says how to serve the room).
  if (!join.code || linkBase.kind === 'this-computer-only') return null;
  const { shown, spoken } = codeText(join.code);
  return (
    <aside className="join-corner" aria-label="How to join">
      {join.qr && <img src={join.qr} alt="" aria-hidden="true" />}
      <p>
        Join at <strong>{baseHost(linkBase.base)}</strong>
        <br />
        code <strong className="join-corner-code" aria-label={`Join code ${spoken}`}>{shown}</strong>
        {full && (
          <>
            <br />
            <span className="join-corner-full">Full: to look on only</span>
          </>
        )}
      </p>
    </aside>
  );
}
