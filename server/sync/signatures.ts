/**
 * Records appended to the board's plain logs name who wrote them: the
 * activity feed (`who`) and commitment check-ins (`by`). Like the author of a
 * card or comment (contentPolicy.ts), that name comes from the connection's
 * person, not from the client: in anonymous mode an activity entry names
 * nobody; a participant's entry or check-in names the person they joined as
 * (an entry without a person names nobody; a check-in without one is refused,
 * since a check-in is someone's report). A reviewer reports only on their own
 * commitments: their check-in is refused unless the commitment's owner is
 * their person's name (`isOwnerName`: ignoring case and a role in brackets, as
 * the app offers the form). Checked after the update is applied, on the
 * records it appended; a wrong one is replaced by a corrected copy in the same
 * transaction (the logs are read sorted by time, so the copy reads in place),
 * a refused one is removed with the feed entry that tells of it, and the
 * originals are garbage-collected before anything is stored.
 */
import type * as Y from 'yjs';
import { readCommitments, signedLogs, logChanged, type SignedLog } from '../../shared/doc/rules.ts';
import { isOwnerName } from '../../shared/review/mentions.ts';
import type { Refusal } from './contentPolicy.ts';
import { idsBefore, peerAppends } from './structs/reverts.ts';

interface SignatureRules {
  /** Anonymous mode: no names. */
  anonymous: boolean;
  /** Records must be signed by this person (a participant, a reviewer); undefined: by nobody; null: not checked (facilitator). */
  signer: string | undefined | null;
  /** A check-in only on a commitment the signer owns (a reviewer). */
  ownCommitmentsOnly?: boolean;
}

/**
 * Corrects the signatures of what `transaction` appended to the signed logs;
 * returns why, if anything was corrected or refused. Must run inside the transaction.
 */
export function fixSignatures(doc: Y.Doc, transaction: Y.Transaction, rules: SignatureRules): Refusal | undefined {
  let refusal: Refusal | undefined;
  let owners: Map<string, string> | undefined;
  const owns = (commitment: unknown) => {
    owners ??= new Map(readCommitments(doc).map((c) => [c.id, c.owner ?? '']));
    return typeof commitment === 'string' && typeof rules.signer === 'string' && isOwnerName(owners.get(commitment), rules.signer);
  };
  /** Check-ins refused in this transaction: the feed does not tell of them. */
  const refusedCheckIns = new Set<unknown>();
  for (const log of signedLogs(doc)) {
    if (!logChanged(transaction, log.log)) continue;
    const corrected: unknown[] = [];
    const runs = peerAppends(transaction, log.log);
    // A record's id is its own: one appended under an id the log holds would hide that record
    // from every reader (they keep the first of an id), so someone's report could be replaced.
    const taken = runs.length > 0 ? idsBefore(transaction, log.log) : new Set<unknown>();
    for (const run of runs) {
      const records = run.records;
      const fixed = records.map((r) => {
        if (isRecord(r) && 'id' in r) {
          if (taken.has(r.id)) {
            refusal ??= { path: log.part === 'check-in' ? 'checkins' : 'activity', message: 'an entry keeps its id: this one is taken' };
            if (log.part === 'check-in') refusedCheckIns.add(r.id);
            return null;
          }
          taken.add(r.id);
        }
        if (log.part === 'activity' && isRecord(r) && r.kind === 'check-in' && refusedCheckIns.has(r.checkIn)) return null;
        if (log.part === 'check-in' && rules.ownCommitmentsOnly && isRecord(r) && !owns(r.commitment)) {
          refusedCheckIns.add(r.id);
          refusal ??= { path: 'checkins', message: 'a reviewer checks in only on a commitment they own' };
          return null;
        }
        const f = fix(r, log, rules);
        if (f === null && isRecord(r)) refusedCheckIns.add(r.id);
        return f;
      });
      if (fixed.every((f, i) => f === records[i])) continue;
      run.remove();
      for (const f of fixed) if (f !== null) corrected.push(f);
      refusal ??= { path: 'author', message: rules.anonymous && log.anonymous ? 'anonymous mode is on: the activity feed names nobody' : 'you sign with your own name' };
    }
    if (corrected.length > 0) log.log.push(corrected);
  }
  return refusal;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record as it may be stored: itself, a corrected copy, or null (refused). */
function fix(record: unknown, log: SignedLog, rules: SignatureRules): unknown {
  if (!isRecord(record)) return record;
  const value = record[log.field];
  const wanted = rules.anonymous && log.anonymous ? undefined : rules.signer === null ? value : rules.signer;
  if (value === wanted) return record;
  if (wanted === undefined && log.required) return null;
  const copy: Record<string, unknown> = { ...record };
  if (wanted === undefined) delete copy[log.field];
  else copy[log.field] = wanted;
  return copy;
}
