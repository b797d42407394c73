/**
 * The facilitator's removal of a protected card or link (see
 * shared/protection.ts): the delete and its decision-log entry (who, why, and
 * what went with it) in ONE transaction; and what the decision log says when
 * such a step is undone or redone (the log only grows: a removal undone reads
 * "removed … restored").
 */
import type * as Y from 'yjs';
import { decisionHeadline } from '../decisionText.ts';
import type { DecisionEntry, RemovalDecision } from '../model.ts';
import { randomId } from '../ids.ts';
import { removalImpact, type RemovalTarget } from '../removal.ts';
import { decisionEntrySchema } from '../schema.ts';
import { LOCAL_ORIGIN, type Origin } from './origin.ts';
import { deleteCard, readCards } from './records/card.ts';
import { readCommitments } from './records/commitment.ts';
import { addDecision } from './records/decision.ts';
import { deleteLink, readLinks } from './records/link.ts';

/**
 * Deletes a card (with its links and the commitments promoted from it) or a
 * link, and records a `removal` entry in the decision log. Throws, before
 * writing anything, if there is no such card or link or the reason is blank.
 * Returns the entry.
 */
export function removeWithReason(
  doc: Y.Doc,
  target: RemovalTarget,
  input: { by: string; reason: string; at?: string },
  origin: Origin = LOCAL_ORIGIN,
): RemovalDecision {
  const cards = readCards(doc);
  const links = readLinks(doc, cards);
  const impact = removalImpact({ cards, links, commitments: readCommitments(doc, cards) }, target);
  if (!impact) throw new Error('card' in target ? `no such card: ${target.card}` : `no such link: ${target.link}`);
  const entry = { id: randomId(), at: input.at ?? new Date().toISOString(), kind: 'removal' as const, by: input.by, reason: input.reason.trim(), ...impact };
  const checked = decisionEntrySchema.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`invalid removal: ${issue ? `${issue.path.map(String).join('.') || issue.code}: ${issue.message}` : 'invalid'}`);
  }
  doc.transact(() => {
    if ('card' in target) deleteCard(doc, target.card, origin);
    else deleteLink(doc, target.link, origin);
    addDecision(doc, entry, origin);
  }, origin);
  return entry;
}

/**
 * Appends to the decision log what undoing (or redoing) one step that logged
 * `entries` means, as `by`: undoing a removal appends a `restoral` (the card or
 * link is back), undoing any other logged act an `undone` entry quoting it;
 * redoing appends the step's entries again (new ids, now). The entries
 * themselves stay: the log is append-only.
 */
export function logUndoneDecisions(
  doc: Y.Doc, entries: readonly DecisionEntry[], by: string, direction: 'undo' | 'redo', origin: Origin = LOCAL_ORIGIN,
): void {
  if (entries.length === 0) return;
  doc.transact(() => {
    for (const entry of entries) {
      if (direction === 'redo') {
        const { id: _id, at: _at, ...again } = entry;
        addDecision(doc, again, origin);
      } else if (entry.kind === 'removal') {
        addDecision(doc, {
          kind: 'restoral', by, removal: entry.id, commitments: entry.commitments, links: entry.links,
          ...(entry.card ? { card: entry.card } : {}), ...(entry.link ? { link: entry.link } : {}),
        }, origin);
      } else {
        addDecision(doc, { kind: 'undone', by, entry: entry.id, what: decisionHeadline(entry) }, origin);
      }
    }
  }, origin);
}
