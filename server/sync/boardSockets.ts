/**
 * How many sockets one board may hold open at once, over all its rooms (the
 * board, the control room, draft rooms). A link is enough to open sockets, and
 * each holds a file descriptor and memory: without a bound, a script with one
 * participant link could open sockets until the process ran out of them, and
 * every board on the server would stop taking anyone. Past the bound an upgrade
 * is refused (429) before it is accepted; the facilitator's recourse against a
 * script is the link reset, which closes every socket the old link opened.
 *
 * The default suits a town hall: 1,000 people each with the board and the
 * control room open, and a draft room while they write in private.
 */
export const DEFAULT_MAX_SOCKETS_PER_BOARD = 5_000;

export class BoardSockets {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number = DEFAULT_MAX_SOCKETS_PER_BOARD) {}

  /**
   * Holds a place for one socket of the board until `release` is called (once);
   * undefined when the board is full, unless `always` (the facilitator and the
   * wall: a link flooding the board's places must not keep out who resets it).
   */
  reserve(boardId: string, always = false): (() => void) | undefined {
    const n = this.open.get(boardId) ?? 0;
    if (n >= this.max && !always) return undefined;
    this.open.set(boardId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(boardId) ?? 1) - 1;
      if (left <= 0) this.open.delete(boardId);
      else this.open.set(boardId, left);
    };
  }

  /** Sockets open (or being opened) on a board. */
  count(boardId: string): number {
    return this.open.get(boardId) ?? 0;
  }
}
