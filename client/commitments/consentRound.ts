/**
 * A consent round as the facilitator records it, pure: one row per person
 * taking part (their answer, if any, and any objection in their words, from
 * the server once the round is closed), the suggested outcome, and the
 * `ConsentRecord` written for each commitment in the round.
 */
import { objectionsOf, suggestedOutcome, validateCommitmentDraft } from '../../shared/commitments.ts';
import {
  THUMBS, type BoardSnapshot, type Commitment, type ConsentMethod, type ConsentOutcome, type ConsentRecord, type Thumb,
} from '../../shared/model.ts';
import { uniqueNames } from '../derive/names.ts';

export type ConsentValue = Thumb | number;

export interface ConsentRow {
  name: string;
  /** null: not answered (yet); they still took part. */
  value: ConsentValue | null;
  objection: string;
}

/**
 * The rows of a closed round: every answer the server kept (in the order
 * given), then everyone else in the room, who took part without answering.
 */
export function rowsFromAnswers(answers: readonly { name: string; value: ConsentValue; objection?: string }[], present: readonly string[]): ConsentRow[] {
  const rows: ConsentRow[] = answers.map((a) => ({ name: a.name, value: a.value, objection: a.objection ?? '' }));
  const known = new Set(rows.map((r) => r.name.toLocaleLowerCase()));
  for (const name of uniqueNames(present)) if (!known.has(name.toLocaleLowerCase())) rows.push({ name, value: null, objection: '' });
  return rows;
}

function validValue(method: ConsentMethod, value: ConsentValue | null): boolean {
  if (value === null) return false;
  return method === 'thumbs' ? (THUMBS as readonly unknown[]).includes(value) : Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 5;
}

/**
 * The record written for one commitment, from the answers on it; everyone
 * listed took part, those with a response answered; `round`: the consent
 * round on everyone's devices it is the outcome of.
 */
export function consentRecord(method: ConsentMethod, rows: readonly ConsentRow[], outcome: ConsentOutcome, at: string, round?: string): ConsentRecord {
  const participants = rows.map((r) => r.name);
  const base = { at, ...(round ? { round } : {}), participants, outcome };
  const answered = rows.filter((r) => validValue(method, r.value));
  const withText = <V,>(r: ConsentRow, value: V) => (r.objection.trim() ? { name: r.name, value, objection: r.objection.trim() } : { name: r.name, value });
  return method === 'thumbs'
    ? { ...base, method, responses: answered.map((r) => withText(r, r.value as Thumb)) }
    : { ...base, method, responses: answered.map((r) => withText(r, r.value as number)) };
}

export interface RoundSummary {
  answered: number;
  /** Who has not answered yet. */
  waiting: string[];
  objections: { name: string; objection?: string }[];
  suggested: ConsentOutcome;
}

/** How the round stands: who answered, who objects (with what), the outcome the responses support. */
export function roundSummary(method: ConsentMethod, rows: readonly ConsentRow[]): RoundSummary {
  const record = consentRecord(method, rows, 'not-agreed', new Date(0).toISOString());
  return {
    answered: record.responses.length,
    waiting: rows.filter((r) => !validValue(method, r.value)).map((r) => r.name),
    objections: objectionsOf(record),
    suggested: suggestedOutcome(record),
  };
}

export interface ProposedCommitment {
  commitment: Commitment;
  /** What it still lacks before the room can agree (empty: complete). */
  missing: string[];
}

/** The proposed commitments a round can be run on, each with what it still lacks. */
export function proposedCommitments(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>): ProposedCommitment[] {
  return snapshot.commitments
    .filter((c) => c.status === 'proposed')
    .map((commitment) => ({ commitment, missing: validateCommitmentDraft(commitment, snapshot) }));
}
