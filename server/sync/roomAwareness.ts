/**
 * The awareness side of a room (docRoom.ts): which peer controls which
 * awareness client ids (presenceGuard.ts asks), and when changed states go
 * out. Changes are held for a short window (`windowMs`) and go out together,
 * all of them in one message, or ride along with the room's next document
 * broadcast (`takeInto`); above CROWD_SIZE connections each recipient gets
 * what the crowd's cursor policy gives it (crowdPresence.ts).
 */
import type * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MessageKind } from '../../shared/protocol.ts';
import { CROWD_SIZE, CrowdPresence } from './crowdPresence.ts';
import type { RoomPeer } from './roomPeer.ts';

export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  /** Which peer introduced each awareness client id it controls (presenceGuard.ts). */
  private readonly owners = new Map<number, RoomPeer>();
  private changed = new Set<number>();
  /** The pending flush: on the next tick, or at the end of the window. */
  private immediate: NodeJS.Immediate | null = null;
  private timeout: NodeJS.Timeout | null = null;
  private lastFlush = -Infinity;
  /** The cursor policy above CROWD_SIZE connections (crowdPresence.ts), made on first need. */
  private crowd: CrowdPresence | null = null;

  /**
   * `peers`: the room's peers with the client ids each controls (this class
   * keeps the sets); `flush`: the room's broadcast, which calls `takeInto`.
   */
  constructor(
    doc: Y.Doc,
    private readonly peers: Map<RoomPeer, Set<number>>,
    private readonly windowMs: number,
    private readonly flush: () => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onUpdate);
  }

  /** The peer whose presence an awareness client id is, if any. */
  ownerOf(clientId: number): RoomPeer | undefined {
    return this.owners.get(clientId);
  }

  /** Removes the awareness states a peer that left controlled (the room has dropped it from `peers`). */
  removed(peer: RoomPeer, controlled: Set<number> | undefined): void {
    for (const id of controlled ?? []) if (this.owners.get(id) === peer) this.owners.delete(id);
    if (controlled && controlled.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    }
  }

  /**
   * Takes the pending changes for a broadcast: adds their message to
   * `messages`, or, in a crowd, sends `messages` with each recipient's share
   * itself and returns true (one write per peer, not two).
   */
  takeInto(messages: Uint8Array[]): boolean {
    this.cancelFlush();
    if (this.changed.size === 0) return false;
    const ids = [...this.changed];
    this.changed.clear();
    this.lastFlush = performance.now();
    if (this.peers.size > CROWD_SIZE) {
      this.crowd ??= new CrowdPresence(this.awareness, this.peers, (id) => this.owners.get(id));
      this.crowd.flush(ids, messages);
      return true;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageKind.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    messages.push(encoding.toUint8Array(encoder));
    return false;
  }

  destroy(): void {
    this.cancelFlush();
    this.crowd?.destroy();
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
  }

  private onUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = origin && typeof origin === 'object' ? this.peers.get(origin as RoomPeer) : undefined;
    if (controlled) {
      for (const id of added) {
        controlled.add(id);
        this.owners.set(id, origin as RoomPeer);
      }
      for (const id of removed) {
        controlled.delete(id);
        if (this.owners.get(id) === origin) this.owners.delete(id);
      }
    }
    for (const id of added) this.changed.add(id);
    for (const id of updated) this.changed.add(id);
    for (const id of removed) this.changed.add(id);
    if (this.immediate || this.timeout || this.changed.size === 0) return;
    const wait = this.lastFlush + this.windowMs - performance.now();
    if (wait > 0) this.timeout = setTimeout(this.flush, wait);
    else this.immediate = setImmediate(this.flush);
  };

  private cancelFlush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timeout) clearTimeout(this.timeout);
    this.immediate = null;
    this.timeout = null;
  }
}
