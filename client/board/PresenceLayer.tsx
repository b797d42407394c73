import { useCallback } from 'react';
import type { BoardSnapshot } from '../../shared/model.ts';
import { useBoardSlice, usePeers } from '../sync/hooks.ts';
import { cardIndex } from '../derive/boardShape.ts';
import { useUi } from '../state/ui.ts';
import './PresenceLayer.css';
import { excerpt } from '../../shared/text.ts';

const NO_TEXTS: ReadonlyMap<string, string> = new Map();

/** The texts of the cards `ids` (space-separated) on `board`, the earlier map while they read the same. */
function textsOf(board: BoardSnapshot, ids: string, previous: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> {
  if (ids === '') return NO_TEXTS;
  const index = cardIndex(board.cards);
  const texts = new Map<string, string>();
  for (const id of ids.split(' ')) {
    const card = index.get(id);
    if (card) texts.set(id, card.text);
  }
  const same = previous !== undefined && previous.size === texts.size && [...texts].every(([id, text]) => previous.get(id) === text);
  return same ? previous : texts;
}

/**
 * Other people's cursors and the cards they are dragging, in board coordinates.
 * It reads of the board only the texts of the cards being dragged, so it
 * renders again when someone moves (or the zoom changes), not on every change to the board.
 */
export function PresenceLayer() {
  const peers = usePeers();
  const dragged = [...new Set(peers.flatMap((peer) => (peer.drag ? [peer.drag.cardId] : [])))].sort().join(' ');
  const texts = useBoardSlice(useCallback((board: BoardSnapshot, previous: ReadonlyMap<string, string> | undefined) => textsOf(board, dragged, previous), [dragged]));
  const zoom = useUi((s) => s.viewport.zoom);
  const counterScale = `scale(${1 / zoom})`;
  return (
    <div className="presence-layer" aria-hidden="true">
      {peers.map((peer) => {
        const text = peer.drag ? texts.get(peer.drag.cardId) : undefined;
        return (
          <div key={peer.clientId}>
            {peer.drag && text !== undefined && (
              <div className="remote-drag" style={{ left: peer.drag.x, top: peer.drag.y, borderColor: peer.user.color }}>
                <span className="remote-drag-name" style={{ background: peer.user.color }}>
                  {peer.user.name}
                </span>
                {excerpt(text, 120, { empty: 'Empty card' })}
              </div>
            )}
            {peer.cursor && (
              <div className="remote-cursor" style={{ left: peer.cursor.x, top: peer.cursor.y, transform: counterScale }}>
                <svg width="18" height="18" viewBox="0 0 18 18">
                  <path d="M2 2 L16 8 L9 10 L6 16 Z" fill={peer.user.color} stroke="white" strokeWidth="1.5" strokeLinejoin="round" />
                </svg>
                {/* Keyed on where it points: each move shows the name again, which then fades (PresenceLayer.css). */}
                <span key={`${peer.cursor.x},${peer.cursor.y}`} className="remote-cursor-name" style={{ background: peer.user.color }}>
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
