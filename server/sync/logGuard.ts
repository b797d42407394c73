/**
 * The check-ins and the activity feed are logs: what was reported stays
 * reported. A participant's or reviewer's update may append to them
 * (signatures.ts checks who signs) but takes nothing out, except the trim of
 * an over-full feed that every client does when it appends (the oldest
 * entries, down to ACTIVITY_CAP). A removal that is not such a trim is undone
 * in the same transaction by putting the removed records back (the logs are
 * read sorted by time, so they read in place). The facilitator is not bound:
 * they moderate.
 */
import type * as Y from 'yjs';
import { signedLogs, logChanged } from '../../shared/doc/rules.ts';
import type { Refusal } from './contentPolicy.ts';
import { peerRemovals } from './structs/reverts.ts';

const atOf = (record: unknown): number => {
  const at = typeof record === 'object' && record !== null ? (record as { at?: unknown }).at : undefined;
  return typeof at === 'number' ? at : Number.NaN;
};

/** Whether taking `removed` out of the feed, leaving `left`, is the trim of an over-full feed. */
function isTrim(removed: readonly unknown[], left: readonly unknown[], cap: number): boolean {
  if (left.length < cap) return false;
  const oldestLeft = Math.min(...left.map(atOf));
  return removed.every((r) => atOf(r) <= oldestLeft);
}

/**
 * Puts back what `transaction` took out of the board's logs against the rule
 * above; returns why, if anything was put back. Must run inside the transaction.
 */
export function restoreLogRemovals(doc: Y.Doc, transaction: Y.Transaction, activityCap: number): Refusal | undefined {
  let refusal: Refusal | undefined;
  for (const log of signedLogs(doc)) {
    if (!logChanged(transaction, log.log)) continue;
    const removed = peerRemovals(transaction, log.log);
    if (removed.length === 0) continue;
    if (log.part === 'activity' && isTrim(removed, log.log.toArray(), activityCap)) continue;
    log.log.push(removed);
    refusal ??= {
      path: log.part === 'check-in' ? 'checkins' : 'activity',
      message: `the ${log.part === 'check-in' ? 'check-ins are' : 'activity feed is'} a record of what happened: only the facilitator takes an entry out`,
    };
  }
  return refusal;
}
