/**
 * Agreement is the facilitator's to record: a commitment becomes agreed only
 * through a consent round, and reopening one is a recorded act. Participants
 * may edit proposed commitments and move an agreed one along (in progress,
 * done, dropped), but a participant's update may not make a commitment agreed,
 * reopen it, or write consent records, reopenings or the decision log. Such a
 * change is reverted in the same transaction as the update (see contentPolicy.ts
 * for why refused changes are reverted rather than dropped).
 *
 * The guard keeps a plain copy of the commitments and the decision log, refreshed
 * only when those change, so checking an ordinary card edit costs nothing.
 */
import * as Y from 'yjs';

type Plain = Record<string, unknown>;
const GUARDED_KEYS = ['consents', 'reopenings'] as const;

export class CommitmentGuard {
  private commitments: Map<string, Plain> = new Map();
  private decisions: unknown[] = [];
  private dirty = true;
  private readonly commitmentsRoot: Y.Map<unknown>;
  private readonly decisionsRoot: Y.Array<unknown>;

  constructor(private readonly doc: Y.Doc) {
    this.commitmentsRoot = doc.getMap('commitments');
    this.decisionsRoot = doc.getArray('decisions');
    this.commitmentsRoot.observeDeep(this.invalidate);
    this.decisionsRoot.observeDeep(this.invalidate);
  }

  private invalidate = () => {
    this.dirty = true;
  };

  private refresh(): void {
    if (!this.dirty) return;
    this.commitments = new Map();
    for (const [id, value] of this.commitmentsRoot) {
      if (value instanceof Y.Map) this.commitments.set(id, value.toJSON() as Plain);
    }
    this.decisions = this.decisionsRoot.toJSON();
    this.dirty = false;
  }

  /** Call before applying an update: the state to compare with. */
  before(): { commitments: Map<string, Plain>; decisions: unknown[] } {
    this.refresh();
    return { commitments: this.commitments, decisions: this.decisions };
  }

  /** Whether the transaction touched commitments or the decision log at all. */
  touched(transaction: Y.Transaction): boolean {
    const roots: unknown[] = [this.decisionsRoot, this.commitmentsRoot];
    for (const type of transaction.changed.keys()) {
      if (roots.includes(type) || type._item?.parent === this.commitmentsRoot) return true;
    }
    return false;
  }

  /**
   * Reverts what a participant may not do, comparing with `before`; must run
   * inside the transaction that applied the update. Returns why, if anything was reverted.
   */
  revert(before: { commitments: Map<string, Plain>; decisions: unknown[] }): string | undefined {
    let reason: string | undefined;
    for (const [id, value] of this.commitmentsRoot) {
      if (!(value instanceof Y.Map)) continue;
      const old = before.commitments.get(id);
      const now = value.toJSON() as Plain;
      if (!old) {
        // A new commitment starts as proposed, with no consent history.
        if (now.status !== 'proposed' || GUARDED_KEYS.some((k) => now[k] !== undefined)) {
          this.commitmentsRoot.delete(id);
          reason = 'only a consent round run by the facilitator makes a commitment agreed';
        }
        continue;
      }
      const becameAgreed = now.status === 'agreed' && old.status !== 'agreed';
      const reopened = old.status === 'agreed' && now.status === 'proposed';
      const history = GUARDED_KEYS.some((k) => JSON.stringify(now[k]) !== JSON.stringify(old[k]));
      if (becameAgreed || reopened || history) {
        for (const key of ['status', ...GUARDED_KEYS]) {
          if (old[key] === undefined) value.delete(key);
          else if (JSON.stringify(now[key]) !== JSON.stringify(old[key])) value.set(key, old[key]);
        }
        reason = 'agreeing and reopening commitments is recorded by the facilitator';
      }
    }
    if (JSON.stringify(this.decisionsRoot.toJSON()) !== JSON.stringify(before.decisions)) {
      this.decisionsRoot.delete(0, this.decisionsRoot.length);
      this.decisionsRoot.insert(0, before.decisions);
      reason = 'the decision log is written by the facilitator';
    }
    return reason;
  }

  destroy(): void {
    this.commitmentsRoot.unobserveDeep(this.invalidate);
    this.decisionsRoot.unobserveDeep(this.invalidate);
  }
}
