import { useBoard, usePeers } from '../sync/hooks.ts';
import { useUi } from '../state/ui.ts';
import './PresenceLayer.css';
import { excerpt } from '../../shared/text.ts';

/** Other people's cursors and the cards they are dragging, in board coordinates. */
export function PresenceLayer() {
  const peers = usePeers();
  const { cards } = useBoard();
  const zoom = useUi((s) => s.viewport.zoom);
  const counterScale = `scale(${1 / zoom})`;
  return (
    <div className="presence-layer" aria-hidden="true">
      {peers.map((peer) => {
        const dragged = peer.drag ? cards.find((c) => c.id === peer.drag!.cardId) : undefined;
        return (
          <div key={peer.clientId}>
            {peer.drag && dragged && (
              <div className="remote-drag" style={{ left: peer.drag.x, top: peer.drag.y, borderColor: peer.user.color }}>
                <span className="remote-drag-name" style={{ background: peer.user.color }}>
                  {peer.user.name}
                </span>
                {excerpt(dragged.text, 120, { empty: 'Empty card' })}
              </div>
            )}
            {peer.cursor && (
              <div className="remote-cursor" style={{ left: peer.cursor.x, top: peer.cursor.y, transform: counterScale }}>
                <svg width="18" height="18" viewBox="0 0 18 18">
                  <path d="M2 2 L16 8 L9 10 L6 16 Z" fill={peer.user.color} stroke="white" strokeWidth="1.5" strokeLinejoin="round" />
                </svg>
                <span className="remote-cursor-name" style={{ background: peer.user.color }}>
                  {peer.user.name}
                </span>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
