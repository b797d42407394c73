/**
 * The commitments of an open board, as this person acts on them. Promotion,
 * consent rounds, reopening and overrides are the facilitator's acts
 * (PRODUCT.md), and so is taking Done back; anyone who edits may fill in a
 * proposed commitment, and its owner moves an agreed one along its life cycle. The document layer enforces the rules (it
 * throws with the reason); each act is one undo step.
 */
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import type { CommitmentStatus, ConsentRecord, FindingRef } from '../../shared/model.ts';
import type { CommitmentFields } from '../../shared/commitments.ts';

export interface ActingPerson {
  canEdit: boolean;
  facilitator: boolean;
  /** The display name this person acts under (consent rounds, reopenings, overrides). */
  name(): string;
  /** Runs a write as one step of this person's undo history. */
  step<T>(write: () => T): T;
  /** Marks the step just run as one Undo does not take back, saying why. */
  pin(reason: string): void;
}

export class CommitmentActs {
  constructor(private readonly ydoc: Y.Doc, private readonly person: ActingPerson) {}

  /** Facilitator: promotes an initiative to a proposed commitment; returns its id. */
  promote(cardId: string, fields: CommitmentFields = {}): string | undefined {
    if (!this.person.canEdit || !this.person.facilitator) return undefined;
    return this.person.step(() => doc.promoteToCommitment(this.ydoc, cardId, fields));
  }

  /** Edits a proposed commitment's fields (typing merges into one undo step). */
  update(id: string, patch: CommitmentFields): void {
    if (this.person.canEdit) doc.updateCommitment(this.ydoc, id, patch);
  }

  /**
   * Facilitator: records one consent round on each of `ids` (the only way to
   * `agreed`), all in one undo step; returns those not recorded, with why.
   */
  recordConsent(ids: readonly string[], record: ConsentRecord): { id: string; reason: string }[] {
    if (!this.person.canEdit || !this.person.facilitator) return ids.map((id) => ({ id, reason: 'only the facilitator records consent' }));
    const failed = this.person.step(() => ids.flatMap((id) => {
      try {
        doc.recordConsent(this.ydoc, id, record);
        return [];
      } catch (error) {
        return [{ id, reason: error instanceof Error ? error.message : String(error) }];
      }
    }));
    // What the room agreed is not taken back by an Undo meant for typing (Ctrl+Z in a card took back an
    // agreement two steps later, red team): a reopening, with its reason, changes it.
    if (failed.length < ids.length) this.person.pin('Undo does not take back a recorded consent round: reopen the commitment (with a reason) to change what was agreed');
    return failed;
  }

  /** Facilitator: reopens an agreed commitment, recording who and why. */
  reopen(id: string, reason: string): void {
    if (this.person.canEdit && this.person.facilitator) this.person.step(() => doc.reopenCommitment(this.ydoc, id, this.person.name(), reason));
  }

  /** Facilitator: takes a Done commitment back (to in progress or agreed), recording who and why. */
  takeBack(id: string, to: CommitmentStatus, reason: string): void {
    if (this.person.canEdit && this.person.facilitator) this.person.step(() => doc.takeBackDone(this.ydoc, id, to, this.person.name(), reason));
  }

  /** Moves a commitment along its life cycle (in progress, done, dropped); a participant only their own (the server refuses the rest). */
  setStatus(id: string, status: CommitmentStatus): void {
    if (!this.person.canEdit) return;
    this.person.step(() => doc.setCommitmentStatus(this.ydoc, id, status));
    // The server lets a participant move a commitment only forward (agreed → in progress → done): Undo would be refused.
    if (!this.person.facilitator) {
      this.person.pin(
        status === 'done'
          ? 'Undo does not take Done back: ask the facilitator, who can take it back with a reason'
          : `Undo does not move a commitment back from ${status === 'in-progress' ? 'In progress' : status}: mark it done when it is, or ask the facilitator`,
      );
    }
  }

  /**
   * Facilitator: overrides open trace-check findings with a written reason;
   * returns the log entry's id. The decision log is append-only and outside
   * the undo history: no Undo takes an override back.
   */
  recordOverride(reason: string, findings: readonly FindingRef[]): string | undefined {
    if (!this.person.canEdit || !this.person.facilitator) return undefined;
    return this.person.step(() => doc.recordOverride(this.ydoc, { by: this.person.name(), reason, findings }));
  }
}
