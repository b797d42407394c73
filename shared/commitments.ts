/**
 * Pure rules of commitments: the status life cycle, what a draft still lacks
 * before the room can consent to it, and how a consent round reads. No Yjs
 * here; the document layer (doc/board.ts) enforces these rules on writes.
 */
import {
  type BoardSnapshot, type Commitment, type CommitmentStatus, type ConsentMethod, type ConsentOutcome, type ConsentRecord,
} from './model.ts';
import { isOwnerName } from './review/mentions.ts';

/** How a status change is made: a plain status write, or only together with a record. */
type StatusChangeWay =
  /** A plain status write (`setCommitmentStatus`). */
  | 'move'
  /** Only with a consent round recorded in the same change (`recordConsent`). */
  | 'consent'
  /** Only with a reopening recorded in the same change and in the decision log (`reopenCommitment`). */
  | 'reopen'
  /** Only with who took it back recorded in the decision log in the same change (`takeBackDone`). */
  | 'take-back';

/** One allowed status change: how it is made and who may make it. */
interface StatusTransition {
  to: CommitmentStatus;
  way: StatusChangeWay;
  /**
   * `owner`: the commitment's owner (a participant whose joined name is the
   * owner's, `isOwnerName`) or the facilitator; `facilitator`: the facilitator only.
   */
  who: 'owner' | 'facilitator';
}

/**
 * Every allowed commitment status change, in ONE table: the document layer's
 * operations, the buttons the client offers and the server's check of every
 * participant update all read it. A change that is not listed is refused;
 * dropped is final. Agreement and reopening happen only with their record;
 * dropping what the room decided, or a proposal in the workshop, is the
 * facilitator's call; moving agreed work along is its owner's (or the
 * facilitator's); taking Done back is the facilitator's, recorded with who.
 */
export const STATUS_TRANSITIONS: Readonly<Record<CommitmentStatus, readonly StatusTransition[]>> = {
  proposed: [
    { to: 'agreed', way: 'consent', who: 'facilitator' },
    { to: 'dropped', way: 'move', who: 'facilitator' },
  ],
  agreed: [
    { to: 'in-progress', way: 'move', who: 'owner' },
    { to: 'done', way: 'move', who: 'owner' },
    { to: 'dropped', way: 'move', who: 'facilitator' },
    { to: 'proposed', way: 'reopen', who: 'facilitator' },
  ],
  'in-progress': [
    { to: 'done', way: 'move', who: 'owner' },
    { to: 'dropped', way: 'move', who: 'facilitator' },
    { to: 'proposed', way: 'reopen', who: 'facilitator' },
  ],
  done: [
    { to: 'in-progress', way: 'take-back', who: 'facilitator' },
    { to: 'agreed', way: 'take-back', who: 'facilitator' },
  ],
  dropped: [],
};

/** The table's entry for a change from `from` to `to`, if it is allowed at all. */
export function statusTransition(from: CommitmentStatus, to: CommitmentStatus): StatusTransition | undefined {
  return STATUS_TRANSITIONS[from]?.find((t) => t.to === to);
}

/**
 * Whether someone in `role` may make this change as a plain status write (no
 * record): what the server lets a participant's update do, and which status
 * buttons the client offers. `owns`: the person is the commitment's owner
 * (`ownsCommitment`); a participant moves only their own commitments along.
 */
export function mayMoveStatus(role: 'facilitator' | 'participant', from: CommitmentStatus, to: CommitmentStatus, owns = false): boolean {
  const t = statusTransition(from, to);
  return t !== undefined && t.way === 'move' && (role === 'facilitator' || (t.who === 'owner' && owns));
}

/** Whether `person` (the name a participant joined as) owns this commitment: its owner's name, ignoring case and a role in brackets. */
export function ownsCommitment(commitment: { owner?: unknown }, person: string | undefined): boolean {
  return typeof commitment.owner === 'string' && isOwnerName(commitment.owner, person);
}

/** The statuses the facilitator may take a commitment back to from `from` (Done → In progress or Agreed), with a record. */
export function takeBackTargets(from: CommitmentStatus): CommitmentStatus[] {
  return STATUS_TRANSITIONS[from].filter((t) => t.way === 'take-back').map((t) => t.to);
}

/**
 * Status changes `setCommitmentStatus` may make (the table's plain moves, for
 * any role). `agreed` is reached only through a consent round (`recordConsent`)
 * and `proposed` only by reopening (`reopenCommitment`), so neither is a target here.
 */
const STATUS_CHANGES: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = Object.fromEntries(
  Object.entries(STATUS_TRANSITIONS).map(([from, list]) => [from, list.filter((t) => t.way === 'move').map((t) => t.to)]),
) as unknown as Record<CommitmentStatus, readonly CommitmentStatus[]>;

/** Whether `setCommitmentStatus` may move a commitment from `from` to `to`. */
export function canChangeStatus(from: CommitmentStatus, to: CommitmentStatus): boolean {
  return STATUS_CHANGES[from].includes(to);
}

/** The fields of a proposed commitment anyone who edits may change (`updateCommitment`); a consented one changes only by status. */
export const EDITABLE_COMMITMENT_FIELDS = ['title', 'owner', 'contributors', 'due', 'checkpoint', 'indicators', 'definitionOfDone'] as const;

/** Statuses from which a commitment may be reopened (back to proposed). */
export const REOPENABLE: readonly CommitmentStatus[] = ['agreed', 'in-progress'];

/** Statuses of commitments the room has consented to (agreed, and what follows agreement). */
export const CONSENTED: readonly CommitmentStatus[] = ['agreed', 'in-progress', 'done'];

/** The fields a draft commitment is edited through (`promoteToCommitment`, `updateCommitment`). */
export interface CommitmentFields {
  title?: string;
  owner?: string;
  contributors?: string[];
  due?: string;
  checkpoint?: string;
  indicators?: string[];
  definitionOfDone?: string;
}

/** Separators that mean a field names several people: a commitment has exactly one owner. */
const SEVERAL_PEOPLE = /[,;&+/]|\s(?:and|und|et|y|og|och)\s/i;

/**
 * What a commitment still lacks before the room can consent to it, in words
 * for the UI ("Missing: owner, due date"). Empty when it is complete.
 * Checks: one owner, a due date, a checkpoint date on or before the due date,
 * at least one success indicator that is an indicator card linked to the
 * commitment's initiative, and a definition of done.
 */
export function validateCommitmentDraft(c: Partial<Commitment>, snapshot: Pick<BoardSnapshot, 'cards' | 'links'>): string[] {
  const missing: string[] = [];
  const blank = (v: string | undefined) => !v || !v.trim();
  if (blank(c.title)) missing.push('title');
  if (blank(c.owner)) missing.push('owner');
  // "Priya (Sales & Marketing)": a role in brackets names one person.
  else if (SEVERAL_PEOPLE.test(c.owner!.replace(/\([^)]*\)/g, ''))) missing.push('a single owner (one person, not several)');
  if (blank(c.due)) missing.push('due date');
  if (blank(c.checkpoint)) missing.push('checkpoint date');
  else if (c.due && c.checkpoint! > c.due) missing.push('checkpoint date on or before the due date');
  const columnOf = new Map(snapshot.cards.map((card) => [card.id, card.column]));
  const indicators = (c.indicators ?? []).filter((id) => columnOf.get(id) === 'indicator');
  if (indicators.length === 0) missing.push('success indicator');
  else if (c.card) {
    const linked = new Set(snapshot.links.filter((l) => l.from === c.card).map((l) => l.to));
    if (!indicators.some((id) => linked.has(id))) missing.push('success indicator linked to the initiative');
  }
  if (blank(c.definitionOfDone)) missing.push('definition of done');
  return missing;
}

/**
 * Whether a response objects: thumbs down, or fewer than three fingers
 * (0 block, 1 major and 2 minor concerns) in fist of five.
 */
export function isObjection(method: ConsentMethod, value: unknown): boolean {
  return method === 'thumbs' ? value === 'down' : typeof value === 'number' && value <= 2;
}

/** The responses of a round that object, with their text. */
export function objectionsOf(record: ConsentRecord): { name: string; objection?: string }[] {
  const responses = record.responses as { name: string; value: unknown; objection?: string }[];
  return responses
    .filter((r) => isObjection(record.method, r.value))
    .map((r) => (r.objection ? { name: r.name, objection: r.objection } : { name: r.name }));
}

/** The outcome a round's responses support: agreed when someone answered and nobody objects. */
export function suggestedOutcome(record: Pick<ConsentRecord, 'method' | 'responses'>): ConsentOutcome {
  const responses = record.responses as { value: unknown }[];
  if (responses.length === 0) return 'not-agreed';
  return responses.some((r) => isObjection(record.method, r.value)) ? 'not-agreed' : 'agreed';
}

/** Statuses of a commitment that still has its due date ahead of it: done and dropped ones are never overdue. */
const OPEN_STATUSES: readonly CommitmentStatus[] = ['proposed', 'agreed', 'in-progress'];

/**
 * Whether a commitment is past its due date on `today` (an ISO day, the
 * user's): due before today and not done or dropped.
 */
export function isPastDue(c: Pick<Commitment, 'due' | 'status'>, today: string): boolean {
  return !!c.due && OPEN_STATUSES.includes(c.status) && c.due < today;
}

/**
 * The outcome recorded on a commitment for the consent round `roundId`, or
 * null while none is: bound to the round, never to how recent a record is,
 * so two rounds on the same commitment each show their own outcome.
 */
export function outcomeOfRound(c: Pick<Commitment, 'consents'>, roundId: string): ConsentOutcome | null {
  return c.consents?.findLast((r) => r.round === roundId)?.outcome ?? null;
}

/** The last consent round of a commitment, if any. */
export function lastConsent(c: Commitment): ConsentRecord | undefined {
  return c.consents?.[c.consents.length - 1];
}
