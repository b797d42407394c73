/**
 * The people who joined a board by name, in its control document (the
 * `people` Y.Map: personId → name, role, joinedAt ms). Only the server writes
 * it, when someone joins; their personal token's hash is in the board's
 * private document (private.ts), never here.
 */
import type * as Y from 'yjs';
import type { Origin } from './origin.ts';

/** Someone who joined the board by name: in the workshop (facilitator, participant), or reviewing it afterwards (reviewer). */
export interface Person {
  id: string;
  name: string;
  role: PersonRole;
  joinedAt: number;
  /**
   * A reset of their link revoked their personal token and they have not
   * joined again since (server/linkReset.ts): not in the workshop now, not
   * counted against `Limits.maxPeople`; the facilitator can remove them all.
   */
  revoked?: true;
}

/** The roles that join as people (a viewer never does). */
type PersonRole = 'facilitator' | 'participant' | 'reviewer';

/** A stored role read back: anything unknown is a participant (what every person was before reviewers joined). */
export function personRole(value: unknown): PersonRole {
  return value === 'facilitator' || value === 'reviewer' ? value : 'participant';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function peopleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('people');
}

export function readPeople(doc: Y.Doc): Person[] {
  const out: Person[] = [];
  for (const [id, v] of peopleMap(doc)) {
    if (!isObject(v) || typeof v.name !== 'string') continue;
    out.push({ id, name: v.name, role: personRole(v.role), joinedAt: finite(v.joinedAt) ? v.joinedAt : 0, ...(v.revoked === true ? { revoked: true as const } : {}) });
  }
  return out.sort((a, b) => a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : 1));
}

export function putPerson(doc: Y.Doc, person: Person, origin: Origin): void {
  const { name, role, joinedAt, revoked } = person;
  doc.transact(() => peopleMap(doc).set(person.id, { name, role, joinedAt, ...(revoked ? { revoked } : {}) }), origin);
}

/** The people who count against `Limits.maxPeople`: everyone but facilitators and those a link reset revoked who have not joined again. */
export function peopleInWorkshop(people: readonly Person[]): number {
  return people.filter((p) => p.role !== 'facilitator' && !p.revoked).length;
}

/** Takes a person off the list (the facilitator removed them: server/facilitation/removal.ts). */
export function removePerson(doc: Y.Doc, personId: string, origin: Origin): void {
  if (peopleMap(doc).has(personId)) doc.transact(() => peopleMap(doc).delete(personId), origin);
}
