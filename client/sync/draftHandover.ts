/**
 * Drafts on their way to the board. When the facilitator reveals private
 * writing, the server copies each draft onto the board (keeping its id) and
 * then empties the draft room; the two changes reach this browser over two
 * connections, in either order. A draft that left the draft room before its
 * card is on the board stays shown (its field keeps taking keystrokes) until
 * the card arrives; then the editor moves onto the card (DraftCards) and
 * carries over whatever was typed after the server's copy.
 */
import type { Card } from '../../shared/model.ts';

/** How long a revealed draft waits for its card before it is given up (its id was taken on the board). */
const GIVE_UP_MS = 30_000;

export class DraftHandover {
  private live: Card[] = [];
  private readonly pending = new Map<string, { card: Card; timer: ReturnType<typeof setTimeout> }>();
  private readonly deleted = new Set<string>();

  constructor(
    /** Whether a card with this id is on the board. */
    private readonly onBoard: (id: string) => boolean,
    private readonly changed: () => void,
  ) {}

  /** The drafts the draft room holds now. */
  setLive(drafts: Card[]): void {
    const ids = new Set(drafts.map((d) => d.id));
    for (const draft of this.live) {
      if (ids.has(draft.id) || this.deleted.delete(draft.id) || this.onBoard(draft.id) || this.pending.has(draft.id)) continue;
      const timer = setTimeout(() => this.drop(draft.id), GIVE_UP_MS);
      this.pending.set(draft.id, { card: draft, timer });
    }
    this.live = drafts;
    this.changed();
  }

  /** The person deleted this draft: its leaving is no reveal. */
  deletedByMe(id: string): void {
    this.deleted.add(id);
  }

  /** The board changed: drafts whose card arrived are handed over (no longer pending). */
  boardChanged(): void {
    let any = false;
    for (const id of [...this.pending.keys()]) {
      if (this.onBoard(id)) {
        this.drop(id, false);
        any = true;
      }
    }
    if (any) this.changed();
  }

  /** Live drafts, then the revealed ones still waiting for their card. */
  shown(): Card[] {
    if (this.pending.size === 0) return this.live;
    return [...this.live, ...[...this.pending.values()].map((p) => p.card).filter((c) => !this.live.some((d) => d.id === c.id))];
  }

  /** Ids of drafts that left the draft room and wait for their card on the board. */
  revealing(): string[] {
    return [...this.pending.keys()];
  }

  liveCount(): number {
    return this.live.length;
  }

  /** Forgets every draft (the draft room closed without a reveal, e.g. a token no longer valid). */
  forget(): void {
    this.destroy();
    this.live = [];
    this.changed();
  }

  destroy(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private drop(id: string, notify = true): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    if (notify) this.changed();
  }
}
