/**
 * Records appended to the board's plain logs name who wrote them: the
 * activity feed (`who`) and commitment check-ins (`by`). Like the author of a
 * card or comment (contentPolicy.ts), that name comes from the connection's
 * person, not from the client: in anonymous mode an activity entry names
 * nobody; a participant's entry or check-in names the person they joined as
 * (an entry without a person names nobody; a check-in without one is refused,
 * since a check-in is someone's report). Checked after the update is applied,
 * on the records it appended; a wrong one is replaced by a corrected copy in
 * the same transaction (the logs are read sorted by time, so the copy reads in
 * place) and the original is garbage-collected before anything is stored.
 */
import * as Y from 'yjs';

interface SignedLog {
  root: string;
  field: string;
  /** Dropped in anonymous mode. */
  anonymous: boolean;
  /** A record without a signer is refused (removed). */
  required: boolean;
}

const SIGNED_LOGS: readonly SignedLog[] = [
  { root: 'activity', field: 'who', anonymous: true, required: false },
  { root: 'checkins', field: 'by', anonymous: false, required: true },
];

export interface SignatureRules {
  /** Anonymous mode: no names. */
  anonymous: boolean;
  /** Records must be signed by this person (a participant); undefined: by nobody; null: not checked (facilitator). */
  signer: string | undefined | null;
}

/**
 * Corrects the signatures of what `transaction` appended to the signed logs;
 * returns why, if anything was corrected. Must run inside the transaction.
 */
export function fixSignatures(doc: Y.Doc, transaction: Y.Transaction, rules: SignatureRules): string | undefined {
  let reason: string | undefined;
  for (const log of SIGNED_LOGS) {
    const array = doc.getArray<unknown>(log.root);
    if (![...transaction.changed.keys()].some((type) => (type as unknown) === array)) continue;
    const corrected: unknown[] = [];
    for (let item = array._start; item; item = item.right) {
      if (item.deleted || item.id.client === doc.clientID || item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0)) continue;
      if (!(item.content instanceof Y.ContentAny)) continue;
      const records = item.content.getContent();
      const fixed = records.map((r) => fix(r, log, rules));
      if (fixed.every((f, i) => f === records[i])) continue;
      item.delete(transaction);
      for (const f of fixed) if (f !== null) corrected.push(f);
      reason = rules.anonymous && log.anonymous ? 'anonymous mode is on: the activity feed names nobody' : 'you sign with your own name';
    }
    if (corrected.length > 0) array.push(corrected);
  }
  return reason;
}

/** The record as it may be stored: itself, a corrected copy, or null (refused). */
function fix(record: unknown, log: SignedLog, rules: SignatureRules): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  const value = (record as Record<string, unknown>)[log.field];
  const wanted = rules.anonymous && log.anonymous ? undefined : rules.signer === null ? value : rules.signer;
  if (value === wanted) return record;
  if (wanted === undefined && log.required) return null;
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  if (wanted === undefined) delete copy[log.field];
  else copy[log.field] = wanted;
  return copy;
}
