/**
 * Facilitation that the server enforces, not the UI:
 * - people: joining issues a personal token (stored as a hash in the board's
 *   private document) so votes and drafts belong to someone;
 * - secret dot voting (voting.ts);
 * - private writing: drafts live in each person's own draft document, which
 *   only that person can open; reveal copies them all into the board at once;
 * - the shared timer, held on the server clock.
 * Every write goes through the rooms (persisted before broadcast).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  addCard, appendOrders, deleteCard, isPortfolioDoc, newCardOf, peopleInWorkshop, putPerson, readCard, readCards, readFacilitation, readFacilitationCached, readPeople, SERVER_ORIGIN,
  setPrivateWriting, setTimer, type Card, type Facilitation, type Person,
} from '../../shared/doc/index.ts';
import { putPersonRecord, readPersonRecord, type PersonRecord } from '../../shared/doc/private.ts';
import { cardEntry } from '../../shared/doc/rules.ts';
import { randomId } from '../../shared/ids.ts';
import { Limits, roomAddress, splitPersonToken, type Role } from '../../shared/protocol.ts';
import { applyTimerOp, type TimerOp } from '../../shared/timer.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import type { DocRoom } from '../sync/docRoom.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { ContentRules } from '../sync/contentPolicy.ts';
import type { RuleEngines } from '../sync/ruleEngine.ts';

export type { PersonRecord } from '../../shared/doc/private.ts';

export class FacilitationError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409, readonly path: string, message: string) {
    super(message);
  }
}



/**
 * Refuses a reviewer's personal token in a workshop round (votes, consent
 * answers): a reviewer is a person so that the server signs their comments
 * and check-ins, but reviewing is not taking part in the workshop.
 */
export function assertTakesPart(person: PersonRecord, round: 'vote' | 'consent'): asserts person is PersonRecord & { role: 'facilitator' | 'participant' } {
  if (person.role !== 'reviewer') return;
  throw new FacilitationError(403, round === 'vote' ? 'card' : 'round', round === 'vote'
    ? 'reviewers comment and check in; they do not vote'
    : 'reviewers comment and check in; they take no part in consent rounds');
}

/** Why a draft was kept in its author's drafts instead of being revealed. */
type HeldReason = 'locked' | 'too-long' | 'board-full';

export class FacilitationService {
  /** `rules`: the rule engines of the loaded documents (reveal respects the board's size budget). */
  /** Participants' and reviewers' joins per board between the people limit's check and their place in the list. */
  private readonly joinsUnderWay = new Map<string, number>();

  constructor(private readonly rooms: RoomRegistry, private readonly rules?: RuleEngines) {}

  /**
   * Registers a person on a board; returns the personal token (shown once).
   * Refused (409) when the workshop already has `Limits.maxPeople`, counting
   * the joins under way (so joins running at the same moment cannot pass it
   * together); a facilitator always joins.
   */
  async join(boardId: string, role: Person['role'], name: string, rejoin?: string): Promise<{ person: Person; token: string }> {
    if (role === 'facilitator') return this.register(boardId, role, name, rejoin);
    // Counted and reserved in one step (no await between): the board's control room is this process's.
    await this.withControl(boardId, (control) => {
      const underWay = this.joinsUnderWay.get(boardId) ?? 0;
      if (peopleInWorkshop(readPeople(control.doc)) + underWay >= Limits.maxPeople) {
        throw new FacilitationError(409, 'people', `this workshop already has ${Limits.maxPeople.toLocaleString('en')} people, the most it takes; ask the facilitator to make room`);
      }
      this.joinsUnderWay.set(boardId, underWay + 1);
    });
    let reserved = true;
    const release = () => {
      if (!reserved) return;
      reserved = false;
      const left = (this.joinsUnderWay.get(boardId) ?? 1) - 1;
      if (left > 0) this.joinsUnderWay.set(boardId, left);
      else this.joinsUnderWay.delete(boardId);
    };
    try {
      return await this.register(boardId, role, name, rejoin, release);
    } finally {
      release();
    }
  }

  /** Stores a new person (or a revoked one back); `listed` runs once they count in the control room's list. */
  private async register(boardId: string, role: Person['role'], name: string, rejoin?: string, listed?: () => void): Promise<{ person: Person; token: string }> {
    const secret = newSecret();
    const person = await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      // A token revoked by a reset of its link, presented with the new link: the same person again, under the name given now.
      const before = rejoin ? revokedByReset(priv, rejoin, role) : undefined;
      const person: Person = before ? { id: before.id, name, role, joinedAt: before.joinedAt } : { id: randomId(12), name, role, joinedAt: Date.now() };
      putPersonRecord(priv.doc, { ...person, tokenHash: hashSecret(secret) });
      await priv.whenDurable();
      return person;
    });
    await this.withControl(boardId, async (control) => {
      putPerson(control.doc, person, SERVER_ORIGIN);
      listed?.();
      await control.whenDurable();
    });
    return { person, token: `${person.id}.${secret}` };
  }

  /** The person a personal token belongs to on this board (constant-time compare). */
  async resolvePerson(boardId: string, token: string | undefined): Promise<PersonRecord | undefined> {
    const parts = token ? splitPersonToken(token) : undefined;
    if (!parts) return undefined;
    return this.rooms.with(roomAddress(boardId, 'private'), (priv) => {
      const record = readPersonRecord(priv.doc, parts.personId);
      return record && !record.revoked && tokenMatches(record, parts.secret) ? record : undefined;
    });
  }

  async read(boardId: string): Promise<Facilitation> {
    return this.withControl(boardId, (control) => readFacilitation(control.doc));
  }

  /** The rules a participant's update must follow, from the loaded control doc. */
  static rules(control: DocRoom, kind: 'content' | 'draft', role: Role = 'participant'): ContentRules {
    const f = readFacilitationCached(control.doc);
    if (role === 'facilitator') return { lockedColumns: [], noNewCards: false, noAuthor: f.anonymous };
    return {
      lockedColumns: kind === 'content' ? f.lockedColumns : [], noNewCards: kind === 'content' && f.privateWriting, noAuthor: f.anonymous,
      ...(f.consent ? { consentRound: { id: f.consent.id, commitments: f.consent.commitments } } : {}),
    };
  }

  async timer(boardId: string, op: TimerOp): Promise<Facilitation> {
    return this.withControl(boardId, async (control) => {
      const f = readFacilitation(control.doc);
      // A timebox belongs to the phase it is started in (the wall counts "I'm done" only there).
      setTimer(control.doc, applyTimerOp(f.timer, op.op === 'start' ? { ...op, phase: op.phase ?? f.phase } : op, Date.now()), SERVER_ORIGIN);
      await control.whenDurable();
      return readFacilitation(control.doc);
    });
  }

  /**
   * Reveals private writing: every person's drafts appear on the board in one
   * change, then drafts are cleared. A draft is checked as its author's own
   * write would be: it only adds a card, into a column its author may write
   * (not locked, unless the author facilitates), within the text limit and the
   * board's size budget, signed with the author's name unless anonymous; a
   * draft that breaks a rule stays in its author's drafts (`held`). A draft
   * never writes over a card: it keeps its id when that id is unused on the
   * board — which lets its author go on typing in the same card once it is
   * shared (the client relies on this) — and otherwise gets a fresh id. A draft
   * already on the board as it is (a retried reveal) is not added again.
   */
  async revealDrafts(boardId: string): Promise<{ revealed: number; held?: { person: string; card: string; reason: HeldReason }[] }> {
    // Reviewers write no drafts (they cannot open a draft room).
    const people = await this.withControl(boardId, (control) => readPeople(control.doc).filter((p) => p.role !== 'reviewer'));
    const { anonymous, lockedColumns } = await this.read(boardId);
    const drafts: { person: Person; cards: Card[] }[] = [];
    for (const person of people) {
      const cards = await this.rooms.with(roomAddress(boardId, 'draft', person.id), (d) => readCards(d.doc));
      if (cards.length > 0) drafts.push({ person, cards });
    }
    const held: { person: string; card: string; reason: HeldReason }[] = [];
    const done = new Map<string, string[]>();
    let revealed = 0;
    await this.rooms.with(roomAddress(boardId, 'content'), async (content) => {
      const budget = this.rules?.of(content).size;
      const now = Date.now();
      let adding = 0; // bytes this reveal adds (the budget's estimate grows only once the change is made)
      // A portfolio holds only goals and segments: a draft of another column stays with its author, like one of a locked column.
      const onlyPortfolioColumns = isPortfolioDoc(content.doc);
      const nextOrder = appendOrders(content.doc);
      content.doc.transact(() => {
        for (const { person, cards } of drafts) {
          const locked = person.role === 'facilitator' ? [] : lockedColumns;
          const cleared: string[] = [];
          done.set(person.id, cleared);
          for (const card of cards) {
            const { id, column, text, author, createdAt } = card;
            const hold = (reason: HeldReason) => held.push({ person: person.id, card: id, reason });
            if (locked.includes(column) || (onlyPortfolioColumns && column !== 'goal' && column !== 'segment')) { hold('locked'); continue; }
            if (text.length > Limits.maxCardTextChars) { hold('too-long'); continue; }
            const existing = readCard(content.doc, id);
            if (existing && existing.column === column && existing.text === text && existing.createdAt === createdAt) {
              cleared.push(id); // revealed before (a retried reveal)
              continue;
            }
            // Only the server's portfolio mirror marks a card as from a portfolio: never a revealed draft.
            const { order: _order, status: _status, author: _author, portfolio: _portfolio, ...draft } = newCardOf(card);
            // What the card adds: its text and its Details fields (as much as the text, or more).
            const bytes = Buffer.byteLength(JSON.stringify(draft)) + 256;
            if (budget?.wouldExceed(adding + bytes)) { hold('board-full'); continue; }
            adding += bytes;
            addCard(content.doc, {
              ...draft, id: cardEntry(content.doc, id) ? randomId() : id, order: nextOrder(column),
              // Written while private: no later than now (a draft's clock is its author's to set).
              createdAt: Math.min(Date.parse(createdAt), now),
              ...(author && !anonymous ? { author: person.name, authorId: person.id } : {}),
            }, SERVER_ORIGIN);
            cleared.push(id);
            revealed++;
          }
        }
      }, SERVER_ORIGIN);
      await content.whenDurable();
    });
    for (const { person } of drafts) {
      const cleared = done.get(person.id) ?? [];
      if (cleared.length === 0) continue;
      await this.rooms.with(roomAddress(boardId, 'draft', person.id), async (d) => {
        d.doc.transact(() => cleared.forEach((id) => deleteCard(d.doc, id, SERVER_ORIGIN)), SERVER_ORIGIN);
        await d.whenDurable();
      });
    }
    await this.withControl(boardId, async (control) => {
      setPrivateWriting(control.doc, false, SERVER_ORIGIN);
      await control.whenDurable();
    });
    return held.length > 0 ? { revealed, held } : { revealed };
  }

  private withControl<T>(boardId: string, fn: (control: DocRoom) => Promise<T> | T): Promise<T> {
    return this.rooms.with(roomAddress(boardId, 'control'), fn);
  }
}

/** The person a token names if a reset of their link revoked it (not a removal) and it matches, in the role joining now. */
function revokedByReset(priv: DocRoom, token: string, role: Person['role']): PersonRecord | undefined {
  const parts = splitPersonToken(token);
  const record = parts ? readPersonRecord(priv.doc, parts.personId) : undefined;
  return parts && record?.revoked && record.role === role && tokenMatches(record, parts.secret) ? record : undefined;
}

/** Whether a token's secret is the one the record keeps the hash of (constant-time compare). */
function tokenMatches(record: PersonRecord, secret: string): boolean {
  const a = Buffer.from(record.tokenHash, 'hex');
  const b = Buffer.from(hashSecret(secret), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
