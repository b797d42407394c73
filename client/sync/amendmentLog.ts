/**
 * The facilitator's amendments of what was agreed, in the decision log: the
 * text and Details fields of a card that carries or lies on the trace of a
 * consented commitment are read only for participants (the server refuses
 * their edits); the facilitator may still change them, and each change is
 * logged with what it was, what it became and who, so the read-back and the
 * exports are never silently changed. Typing is one amendment: a field's
 * changes are gathered and logged once the facilitator pauses (or leaves).
 */
import type * as Y from 'yjs';
import * as doc from '../../shared/doc/index.ts';
import { COLUMN_FIELDS, type BoardSnapshot, type Card, type CardFieldName, type CommitmentBrief } from '../../shared/model.ts';
import { agreedContentOf, protectedRecords, type Protection } from '../../shared/protection.ts';

/** How long (ms) after the last change of an agreed field its amendment is logged. */
const AMEND_PAUSE_MS = 1_500;

/** One card's agreed content: its text and its column's fields, as strings. */
type Content = Map<string, string>;

interface Pending {
  card: { id: string; column: Card['column'] };
  commitments: CommitmentBrief[];
  /** Each changed field's value before the first change of this stretch. */
  before: Map<string, string>;
}

function contentOf(card: Card): Content {
  const content: Content = new Map([['text', card.text]]);
  for (const name of COLUMN_FIELDS[card.column] as readonly CardFieldName[]) content.set(name, card[name] === undefined ? '' : String(card[name]));
  return content;
}

export class AmendmentLog {
  private protection: { cards: BoardSnapshot['cards']; links: BoardSnapshot['links']; commitments: BoardSnapshot['commitments']; value: Protection } | undefined;
  /** The agreed cards' content as it was before the running local transaction. */
  private before = new Map<string, Content>();
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `board`: the current board (cached); `by`: the facilitator's display name; `own`: whether a transaction's origin is theirs (their writes, undos and redos). */
  constructor(private readonly ydoc: Y.Doc, private readonly board: () => BoardSnapshot, private readonly by: () => string, private readonly own: (origin: unknown) => boolean) {
    ydoc.on('beforeTransaction', this.onBefore);
    ydoc.on('afterTransaction', this.onAfter);
  }

  private onBefore = (transaction: Y.Transaction): void => {
    if (this.own(transaction.origin)) this.beforeLocal();
  };

  private onAfter = (transaction: Y.Transaction): void => {
    if (this.own(transaction.origin)) this.afterLocal();
  };

  /** The board's agreed cards (with the commitments that make them so), recomputed only when cards, links or commitments change. */
  private agreedCards(): Map<string, CommitmentBrief[]> {
    const board = this.board();
    const p = this.protection;
    if (!p || p.cards !== board.cards || p.links !== board.links || p.commitments !== board.commitments) {
      this.protection = { cards: board.cards, links: board.links, commitments: board.commitments, value: protectedRecords(board) };
    }
    const out = new Map<string, CommitmentBrief[]>();
    for (const [id, reason] of this.protection!.value.cards) {
      const agreed = agreedContentOf(reason);
      if (agreed) out.set(id, [...agreed.carries, ...agreed.traces].filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i));
    }
    return out;
  }

  /** Before a local transaction: remembers the agreed cards' content. */
  beforeLocal(): void {
    this.before = new Map();
    const cards = new Map(this.board().cards.map((c) => [c.id, c]));
    for (const id of this.agreedCards().keys()) {
      const card = cards.get(id);
      if (card) this.before.set(id, contentOf(card));
    }
  }

  /** After a local transaction: notes which agreed fields it changed; logs them after a pause. */
  afterLocal(): void {
    if (this.before.size === 0) return;
    const agreed = this.agreedCards();
    let changed = false;
    for (const [id, before] of this.before) {
      const card = doc.readCard(this.ydoc, id);
      if (!card) continue;
      const now = contentOf(card);
      for (const [field, value] of before) {
        if (now.get(field) === value) continue;
        let pending = this.pending.get(id);
        if (!pending) this.pending.set(id, (pending = { card: { id, column: card.column }, commitments: agreed.get(id) ?? [], before: new Map() }));
        if (!pending.before.has(field)) pending.before.set(field, value);
        changed = true;
      }
    }
    this.before = new Map();
    if (!changed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), AMEND_PAUSE_MS);
  }

  /** Logs every gathered amendment whose field really ends up different. */
  flush(): void {
    clearTimeout(this.timer);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      const card = doc.readCard(this.ydoc, p.card.id);
      if (!card) continue;
      const now = contentOf(card);
      for (const [field, before] of p.before) {
        const after = now.get(field) ?? '';
        if (after === before) continue;
        try {
          doc.addDecision(this.ydoc, { kind: 'amendment', by: this.by(), card: p.card, field, before, after, commitments: p.commitments });
        } catch {
          // An entry that does not validate (a blank name) is left out; the edit stands.
        }
      }
    }
  }

  destroy(): void {
    this.ydoc.off('beforeTransaction', this.onBefore);
    this.ydoc.off('afterTransaction', this.onAfter);
    this.flush();
  }
}
