/**
 * How a consent round came out, as the room reads it, pure: each objection of
 * a closed round in its words (on the wall, for the room to work through), and
 * the recorded outcome of a commitment's last round ("Not agreed · 1
 * objection"), the same on the wall and on phones.
 */
import { isObjection, lastConsent, objectionsOf } from '../../shared/commitments.ts';
import type { ConsentRound } from '../../shared/doc/control.ts';
import type { Commitment, ConsentOutcome } from '../../shared/model.ts';

/** One objection as the wall shows it: the objector's name (absent when anonymous) and their words (absent when they gave none). */
export interface ShownObjection {
  name?: string;
  text?: string;
}

/**
 * The objections to `commitment` in a closed consent `round`, oldest first:
 * as the server published them at the close, or, for a round closed before it
 * published them, from the outcome recorded for this round. Unattributed while
 * the board is `anonymous`. None while the round is open (counts only then).
 */
export function roundObjections(round: Pick<ConsentRound, 'id' | 'state' | 'byCommitment'>, commitment: Pick<Commitment, 'id' | 'consents'>, anonymous: boolean): ShownObjection[] {
  if (round.state !== 'closed') return [];
  const published = round.byCommitment?.[commitment.id]?.objecting;
  const record = commitment.consents?.findLast((r) => r.round === round.id);
  const found: ShownObjection[] = published ?? (record ? objectionsOf(record).map((o) => ({ name: o.name, ...(o.objection ? { text: o.objection } : {}) })) : []);
  return found.map((o) => ({ ...(o.name && !anonymous ? { name: o.name } : {}), ...(o.text?.trim() ? { text: o.text.trim() } : {}) }));
}

/** An objection in words for the wall: "Ben objected: “Not before SSO”" as the commitment's record says it; unattributed, the words alone. */
export function objectionText(o: ShownObjection): string {
  const words = o.text ? `“${o.text}”` : 'no reason given';
  return o.name ? `${o.name} objected: ${words}` : o.text ? words : 'An objection, no reason given';
}

/** The recorded outcome of a commitment's last consent round and how many objected in it, or null before any round. */
export interface ConsentStanding {
  outcome: ConsentOutcome;
  objections: number;
}

export function consentStanding(c: Commitment): ConsentStanding | null {
  const record = lastConsent(c);
  if (!record) return null;
  const responses = record.responses as { value: unknown }[];
  return { outcome: record.outcome, objections: responses.filter((r) => isObjection(record.method, r.value)).length };
}

/** "not agreed · 1 objection", "agreed" (lower case: callers put it in their sentence or capitalise it). */
export function standingText(s: ConsentStanding): string {
  const outcome = s.outcome === 'agreed' ? 'agreed' : 'not agreed';
  return s.objections > 0 ? `${outcome} · ${s.objections} ${s.objections === 1 ? 'objection' : 'objections'}` : outcome;
}
