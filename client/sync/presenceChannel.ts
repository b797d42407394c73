/**
 * The local person's presence and the list of peers, over awareness. Cursor
 * and drag positions are throttled: they are broadcast to everyone on the board.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '../../shared/protocol.ts';
import { cardPresenceKey, colorFor, freeColor, readPeer, type BoardPoint, type Peer, type PresenceState } from './presence.ts';
import { createSignal } from './signal.ts';

const POSITION_INTERVAL_MS = 50;

export class PresenceChannel {
  readonly peersChanged = createSignal();
  private peers: Peer[] = [];
  private cardPresence: { key: string; peers: Peer[] } = { key: '', peers: [] };
  private pending: Partial<PresenceState> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = 0;
  /** The local state when it is not published (a projector is a screen, not a person in the room). */
  private unpublished: PresenceState | null = null;
  /**
   * The last local state: what `getLocal` answers once the awareness state is
   * gone (the board's session destroyed, e.g. on a refused link, while the page
   * still renders it once more). Reading `null` there crashed the whole page.
   */
  private last: PresenceState;

  constructor(
    private readonly awareness: Awareness,
    user: { name: string; role: Role },
    options: { publish?: boolean } = {},
  ) {
    const state: PresenceState = {
      user: { name: user.name, role: user.role, color: colorFor(awareness.clientID) },
      cursor: null,
      editing: null,
      drag: null,
    };
    this.last = state;
    if (options.publish === false) {
      this.unpublished = state;
      awareness.setLocalState(null);
    } else awareness.setLocalState(state);
    awareness.on('change', this.onChange);
  }

  getLocal(): PresenceState {
    return this.unpublished ?? (this.awareness.getLocalState() as PresenceState | null) ?? this.last;
  }

  /** Sets the local state: on the awareness for everyone, or kept here when unpublished. */
  private publish(state: PresenceState): void {
    this.last = state;
    if (this.unpublished) this.unpublished = state;
    else this.awareness.setLocalState(state);
  }

  /** Everyone else on the board, in a stable order. */
  getPeers = (): Peer[] => this.peers;

  /** Peers editing or dragging a card; the same list while that does not change. */
  getCardPresence = (): Peer[] => {
    const key = cardPresenceKey(this.peers);
    if (key !== this.cardPresence.key) this.cardPresence = { key, peers: this.peers.filter((p) => p.editing || p.drag) };
    return this.cardPresence.peers;
  };

  get clientId(): number {
    return this.awareness.clientID;
  }

  setName(name: string): void {
    const local = this.getLocal();
    this.publish({ ...local, user: { ...local.user, name } });
  }

  /**
   * In anonymous mode nobody sees which card this person types in, nor where
   * their pointer is or what they drag (a cursor on a column's Add button named
   * the writer of the anonymous card that appeared there, red team): only
   * their name and role stay on the presence.
   */
  set anonymous(on: boolean) {
    this.hideEditing = on;
    const local = this.getLocal();
    if (on && (local.editing !== null || local.cursor !== null || local.drag !== null)) {
      this.pending = null;
      this.publish({ ...local, editing: null, cursor: null, drag: null });
    }
  }

  private hideEditing = false;

  setEditing(cardId: string | null): void {
    const shown = this.hideEditing ? null : cardId;
    if (this.getLocal().editing !== shown) this.publish({ ...this.getLocal(), editing: shown });
  }

  /** The pointer on the canvas in board coordinates, or null when it left (never in anonymous mode). */
  setCursor(cursor: BoardPoint | null): void {
    if (this.hideEditing) return;
    this.throttled({ cursor });
  }

  setDrag(drag: PresenceState['drag']): void {
    if (this.hideEditing) return;
    if (drag === null) {
      this.flush({ drag: null });
      return;
    }
    this.throttled({ drag });
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.awareness.off('change', this.onChange);
    // Later writes (a late pointer move) stay here instead of publishing again.
    this.unpublished = this.getLocal();
    this.awareness.setLocalState(null);
  }

  private throttled(patch: Partial<PresenceState>): void {
    this.pending = { ...this.pending, ...patch };
    const wait = POSITION_INTERVAL_MS - (Date.now() - this.lastSent);
    if (wait <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(extra?: Partial<PresenceState>): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const patch = { ...this.pending, ...extra };
    this.pending = null;
    this.lastSent = Date.now();
    this.publish({ ...this.getLocal(), ...patch });
  }

  private onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    // Our own cursor and drag positions change often: they do not change the peer list.
    const me = this.awareness.clientID;
    if ([...added, ...updated, ...removed].every((id) => id === me)) return;
    const peers: Peer[] = [];
    for (const [clientId, raw] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const peer = readPeer(clientId, raw);
      if (peer) peers.push(peer);
    }
    this.peers = peers.sort((a, b) => a.clientId - b.clientId);
    // Two people with one colour: the later one (higher id) picks a free colour.
    const local = this.getLocal();
    if (local) {
      const clash = peers.some((p) => p.user.color === local.user.color && p.clientId < this.awareness.clientID);
      if (clash) {
        const color = freeColor(local.user.color, peers.map((p) => p.user.color));
        if (color !== local.user.color) this.publish({ ...local, user: { ...local.user, color } });
      }
    }
    this.peersChanged.emit();
  };
}
