/**
 * Agreement is the facilitator's to record, and what the room agreed stays as
 * agreed. A participant's update may:
 * - create a commitment only as a proposal, with no consent or reopening on record;
 * - edit a proposed commitment's fields (EDITABLE_COMMITMENT_FIELDS), never its card,
 *   and not while the board's consent round asks the room about it (open, or
 *   closed with its outcome not yet recorded on the commitment): the facilitator
 *   records agreement to what the room answered on (a red-team session changed
 *   the owner and due date between the close and the record);
 * - change a status only by a plain move the one transition table allows a
 *   participant (shared/commitments.ts: agreed → in progress → done), and only
 *   on a commitment they own (its owner is the name their connection's person
 *   joined as, `ownsCommitment`);
 * - delete a commitment only while it is a draft: proposed (or dropped from a
 *   proposal) with no consent round or reopening on record.
 * Everything else is reverted in the same transaction as the update: making a
 * commitment agreed, reopening it (in one update or several: each update's
 * before and after are compared), editing a consented commitment, writing its
 * consent records or reopenings, deleting it, and any change to the decision
 * log. The decision log is append-only for everyone, the facilitator too
 * (`keepLog`): an update that changes or removes an entry (an undo that would
 * take back a removal's entry, say) gets the log back with its own appended
 * entries kept. A commitment deleted together with a card whose deletion was refused is
 * put back as well (see contentPolicy.ts for why refused changes are reverted
 * rather than dropped).
 *
 * The guard keeps a plain copy of the commitments and the decision log, refreshed
 * only when those change, so checking an ordinary card edit costs nothing.
 */
import type * as Y from 'yjs';
import { EDITABLE_COMMITMENT_FIELDS, mayMoveStatus, ownsCommitment } from '../../shared/commitments.ts';
import {
  commitmentsOrLogChanged, readStoredCommitments, readStoredDecisions, recordsChangedBy, removeStoredCommitment, restoreStoredCommitment, restoreStoredDecisions,
  type StoredCommitment,
} from '../../shared/doc/rules.ts';
import type { CommitmentStatus } from '../../shared/model.ts';

type Plain = Record<string, unknown>;
const HISTORY_KEYS = ['consents', 'reopenings'] as const;
const EDITABLE_WHILE_PROPOSED: ReadonlySet<string> = new Set(EDITABLE_COMMITMENT_FIELDS);

interface GuardState {
  commitments: Map<string, Plain>;
  decisions: unknown[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const hasHistory = (c: Plain) => HISTORY_KEYS.some((k) => Array.isArray(c[k]) && (c[k] as unknown[]).length > 0);

/** Whether the outcome of consent round `roundId` is recorded on this commitment. */
function recordedIn(c: Plain, roundId: string): boolean {
  return Array.isArray(c.consents) && c.consents.some((r) => typeof r === 'object' && r !== null && (r as Plain).round === roundId);
}

/** Whether a participant may delete this commitment: a draft with nothing on record. */
function isDraft(c: Plain): boolean {
  return (c.status === 'proposed' || c.status === 'dropped') && !hasHistory(c);
}

export class CommitmentGuard {
  private commitments: Map<string, Plain> = new Map();
  private decisions: unknown[] = [];
  private dirty = true;

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.invalidate);
  }

  private invalidate = (transaction: Y.Transaction) => {
    if (!this.dirty && commitmentsOrLogChanged(transaction)) this.dirty = true;
  };

  private refresh(): void {
    if (!this.dirty) return;
    this.commitments = readStoredCommitments(this.doc);
    this.decisions = readStoredDecisions(this.doc);
    this.dirty = false;
  }

  /** Call before applying an update: the state to compare with. */
  before(): GuardState {
    this.refresh();
    return { commitments: this.commitments, decisions: this.decisions };
  }

  /** Whether the transaction touched commitments or the decision log at all. */
  touched(transaction: Y.Transaction): boolean {
    const changed = recordsChangedBy(transaction);
    return changed.commitments || changed.decisions;
  }

  /**
   * Reverts what a participant may not do, comparing with `before`; must run
   * inside the transaction that applied the update. `keptCards`: cards whose
   * deletion was refused (their commitments stay too); `person`: the name the
   * writer joined as (a status moves only on their own commitments). Returns why, if anything was reverted.
   */
  revert(before: GuardState, keptCards: ReadonlySet<string> = new Set(), person?: string, round?: { id: string; commitments: readonly string[] }): string | undefined {
    let reason: string | undefined;
    const now = readStoredCommitments(this.doc);
    for (const [id, current] of now) {
      const old = before.commitments.get(id);
      if (!old) {
        // A new commitment starts as proposed, with no consent history.
        if (current.status !== 'proposed' || HISTORY_KEYS.some((k) => current[k] !== undefined)) {
          removeStoredCommitment(this.doc, id);
          reason = 'only a consent round run by the facilitator makes a commitment agreed';
        }
        continue;
      }
      const changed = [...new Set([...Object.keys(old), ...Object.keys(current)])].filter((k) => !same(old[k], current[k]));
      if (changed.length === 0) continue;
      const from = old.status as CommitmentStatus;
      const owns = ownsCommitment(old, person);
      const statusMove = typeof current.status === 'string' && mayMoveStatus('participant', from, current.status as CommitmentStatus, owns);
      const asked = from === 'proposed' && round !== undefined && round.commitments.includes(id) && !recordedIn(old, round.id);
      const refused = changed.filter((key) => !(key === 'status' ? statusMove : from === 'proposed' && !asked && EDITABLE_WHILE_PROPOSED.has(key)));
      if (refused.length === 0) continue;
      // Only the refused keys go back: the allowed edits of the same update stay.
      const kept: StoredCommitment = { ...current };
      for (const key of refused) {
        if (old[key] === undefined) delete kept[key];
        else kept[key] = old[key];
      }
      restoreStoredCommitment(this.doc, id, kept);
      const notOwner = refused.includes('status') && !owns && mayMoveStatus('participant', from, current.status as CommitmentStatus, true);
      reason = asked && !refused.includes('status')
        ? `the room is answering on “${String(old.title)}” as it stands: it changes once the facilitator has recorded the consent round`
        : notOwner
        ? `only its owner${typeof old.owner === 'string' && old.owner.trim() ? ` (${old.owner.trim()})` : ''} or the facilitator changes the status of “${String(old.title)}”`
        : refused.includes('status') || refused.some((k) => (HISTORY_KEYS as readonly string[]).includes(k))
          ? `a ${from} commitment changes status only as the facilitator records it (agreement, reopening, dropping)`
          : `the ${from} commitment is what the room agreed: only a recorded reopening by the facilitator changes it`;
    }
    for (const [id, old] of before.commitments) {
      if (now.has(id)) continue;
      const askedAbout = round !== undefined && round.commitments.includes(id) && !recordedIn(old, round.id);
      if (isDraft(old) && !keptCards.has(old.card as string) && !askedAbout) continue;
      restoreStoredCommitment(this.doc, id, old);
      reason ??= askedAbout
        ? `the room is answering on “${String(old.title)}”: it stays until the facilitator has recorded the consent round`
        : `the ${String(old.status)} commitment is kept: only the facilitator may delete it`;
    }
    if (!same(readStoredDecisions(this.doc), before.decisions)) {
      restoreStoredDecisions(this.doc, before.decisions);
      reason = 'the decision log is written by the facilitator';
    }
    return reason;
  }

  /**
   * The decision log is append-only, for the facilitator too: if the
   * transaction changed or removed an entry that was there `before`, the log
   * is put back with the entries it appended after it. Must run inside the
   * transaction; returns why, if anything was reverted.
   */
  keepLog(before: GuardState, transaction: Y.Transaction): string | undefined {
    if (!recordsChangedBy(transaction).decisions) return undefined;
    const now = readStoredDecisions(this.doc);
    if (before.decisions.every((entry, i) => same(entry, now[i]))) return undefined;
    const known = new Set(before.decisions.map((entry) => JSON.stringify(entry)));
    const appended = now.filter((entry) => !known.has(JSON.stringify(entry)));
    restoreStoredDecisions(this.doc, [...before.decisions, ...appended]);
    return 'the decision log is append-only: an entry, once written, stays as it is';
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.invalidate);
  }
}
