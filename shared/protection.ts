/**
 * What the room has decided and no single click may remove: pure, no Yjs, so
 * the server's write rules and the client's buttons ask the same question.
 *
 * - A card that carries a commitment (any status) is protected: deleting it
 *   would delete the commitment with it.
 * - A card on the trace of a consented commitment (agreed, in progress, done),
 *   or named as one of its success indicators, is protected.
 * - A link on such a trace is protected.
 *
 * A participant may delete none of these; a facilitator may, after a
 * confirmation that names what goes with it, and the decision log records it.
 *
 * What was agreed is also read-only for participants (`agreedContentOf`): the
 * text and Details fields of a card that carries a consented commitment or
 * lies on the trace of one. The facilitator may amend it (decision log).
 */
import { CONSENTED } from './commitments.ts';
import { goalTracer } from './derive.ts';
import type { BoardSnapshot, Commitment } from './model.ts';

/** Why one card or link is protected: the commitments that would lose it. */
interface ProtectionReason {
  /** Commitments promoted from this card (deleting the card deletes them). */
  carries: Pick<Commitment, 'id' | 'title' | 'status'>[];
  /** Consented commitments whose trace or success indicators include this card or link. */
  traces: Pick<Commitment, 'id' | 'title' | 'status'>[];
}

export interface Protection {
  cards: Map<string, ProtectionReason>;
  links: Map<string, ProtectionReason>;
}

const brief = (c: Commitment): Pick<Commitment, 'id' | 'title' | 'status'> => ({ id: c.id, title: c.title, status: c.status });

/**
 * The commitments a consent round asks the room about and whose outcome is not
 * recorded yet: while it runs their trace is held as if agreed (for
 * participants), so what the room answers on is what gets agreed (a red-team
 * session rewrote a proposal's initiative, indicator and goal link during the round).
 */
export interface AskedRound {
  id: string;
  commitments: readonly string[];
}

/** Whether `c` is being asked about in `round` (in it, still proposed, its outcome not recorded). */
export function isAsked(c: Pick<Commitment, 'id' | 'status' | 'consents'>, round: AskedRound | undefined): boolean {
  return !!round && c.status === 'proposed' && round.commitments.includes(c.id) && !c.consents?.some((r) => r.round === round.id);
}

/** The ids of the commitments `round` asks about now (`isAsked`). */
export function askedIds(commitments: readonly Pick<Commitment, 'id' | 'status' | 'consents'>[], round: AskedRound | undefined): Set<string> {
  return new Set(round ? commitments.filter((c) => isAsked(c, round)).map((c) => c.id) : []);
}

/** Every protected card and link of a board, with the commitments that protect it (and those a consent round asks about). */
export function protectedRecords(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>, round?: AskedRound): Protection {
  const cards = new Map<string, ProtectionReason>();
  const links = new Map<string, ProtectionReason>();
  const reasonOf = (map: Map<string, ProtectionReason>, id: string) => {
    let reason = map.get(id);
    if (!reason) map.set(id, (reason = { carries: [], traces: [] }));
    return reason;
  };
  const trace = goalTracer(snapshot.cards, snapshot.links);
  for (const commitment of snapshot.commitments) {
    reasonOf(cards, commitment.card).carries.push(brief(commitment));
    if (!CONSENTED.includes(commitment.status) && !isAsked(commitment, round)) continue;
    const onTrace = new Set([commitment.card, ...trace(commitment.card), ...commitment.indicators]);
    for (const id of onTrace) if (id !== commitment.card) reasonOf(cards, id).traces.push(brief(commitment));
    for (const link of snapshot.links) {
      if (onTrace.has(link.from) && onTrace.has(link.to)) reasonOf(links, link.id).traces.push(brief(commitment));
    }
  }
  return { cards, links };
}

/**
 * The part of a card's protection that makes its content (text and Details
 * fields) read-only for participants: the consented commitments it carries or
 * lies on the trace of; undefined if there are none (a card carrying only a
 * proposal stays editable: the room is still shaping it).
 */
export function agreedContentOf(reason: ProtectionReason | undefined, asked?: ReadonlySet<string>): ProtectionReason | undefined {
  if (!reason) return undefined;
  const carries = reason.carries.filter((c) => CONSENTED.includes(c.status) || !!asked?.has(c.id));
  return carries.length > 0 || reason.traces.length > 0 ? { carries, traces: reason.traces } : undefined;
}

/** One sentence for a person: why this card or link cannot be deleted ("carries the agreed commitment 'X'"). */
export function describeProtection(reason: ProtectionReason): string {
  const name = (c: Pick<Commitment, 'title' | 'status'>) => `the ${c.status === 'proposed' ? 'proposed' : c.status} commitment “${c.title || 'untitled'}”`;
  if (reason.carries.length > 0) return `carries ${reason.carries.map(name).join(' and ')}`;
  // A proposal on a trace is one a consent round asks about (protectedRecords).
  const traced = (c: Pick<Commitment, 'title' | 'status'>) => (c.status === 'proposed' ? `the commitment “${c.title || 'untitled'}” the room is answering on` : name(c));
  return `is on the trace of ${reason.traces.map(traced).join(' and ')}`;
}
