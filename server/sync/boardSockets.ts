/**
 * How many sockets one board may hold open at once, over all its rooms (the
 * board, the control room, draft rooms). A link is enough to open sockets, and
 * each holds a file descriptor and memory: without a bound, a script with one
 * participant link could open sockets until the process ran out of them, and
 * every board on the server would stop taking anyone. Past the bound an upgrade
 * is refused (429) before it is accepted; the facilitator's recourse against a
 * script is the link reset, which closes every socket the old link opened.
 *
 * Within the bound, nobody fills it alone (a red-team script with the viewer
 * link took all 5,000 places from one address, and every participant after it
 * got 429):
 * - one client address holds at most ADDRESS_SHARE of the places (a whole
 *   office behind one address still fits a town hall: each page holds two or
 *   three sockets), so a flood from one address leaves the rest to everyone
 *   else; loopback is not counted (tests, benches; behind a proxy TRUST_PROXY
 *   names the client);
 * - one joined person holds at most PER_PERSON sockets (their pages: each opens
 *   the board, the control room and, in private writing, their draft room).
 * The facilitator and the wall always get in: a link that fills the places is theirs to reset.
 *
 * The default suits a town hall: 1,000 people each with the board and the
 * control room open, and a draft room while they write in private.
 */
export const DEFAULT_MAX_SOCKETS_PER_BOARD = 5_000;
/**
 * The share of a board's places one client address may hold: a town hall of
 * 1,000 behind one office address, each with the board, the control room and
 * a draft room open (3,000 of 5,000; a review found 40 % refused the 667th
 * person), while a flood from one address leaves 1,500 places to everyone else.
 */
export const ADDRESS_SHARE = 0.7;
/** Sockets one joined person may hold on a board (a dozen pages or so). */
export const PER_PERSON = 32;

/** Who asks for a place: the client's address (undefined: not counted) and the joined person, if any. */
export interface SocketClaim {
  /** The facilitator and the wall: in even past every bound. */
  always?: boolean;
  address?: string;
  person?: string;
}

export class BoardSockets {
  private readonly open = new Map<string, number>();
  /** Sockets per board and address, and per board and person (`${boardId}\n${key}`). */
  private readonly byAddress = new Map<string, number>();
  private readonly byPerson = new Map<string, number>();

  constructor(private readonly max: number = DEFAULT_MAX_SOCKETS_PER_BOARD) {}

  /**
   * Holds a place for one socket of the board until `release` is called (once);
   * undefined when the board is full, or the claim's address or person holds
   * its share already, unless `always`.
   */
  reserve(boardId: string, claim: SocketClaim = {}): (() => void) | undefined {
    const n = this.open.get(boardId) ?? 0;
    // The facilitator's and the wall's sockets take no share of their address or person.
    const addressKey = claim.address === undefined || claim.always ? undefined : `${boardId}\n${claim.address}`;
    const personKey = claim.person === undefined || claim.always ? undefined : `${boardId}\n${claim.person}`;
    if (!claim.always) {
      if (n >= this.max) return undefined;
      if (addressKey !== undefined && (this.byAddress.get(addressKey) ?? 0) >= Math.max(1, Math.floor(this.max * ADDRESS_SHARE))) return undefined;
      if (personKey !== undefined && (this.byPerson.get(personKey) ?? 0) >= PER_PERSON) return undefined;
    }
    this.open.set(boardId, n + 1);
    if (addressKey !== undefined) this.byAddress.set(addressKey, (this.byAddress.get(addressKey) ?? 0) + 1);
    if (personKey !== undefined) this.byPerson.set(personKey, (this.byPerson.get(personKey) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.open, boardId);
      if (addressKey !== undefined) decrement(this.byAddress, addressKey);
      if (personKey !== undefined) decrement(this.byPerson, personKey);
    };
  }

  /** Sockets open (or being opened) on a board. */
  count(boardId: string): number {
    return this.open.get(boardId) ?? 0;
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left <= 0) counts.delete(key);
  else counts.set(key, left);
}
