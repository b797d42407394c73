/**
 * Restoring one removed card, commitment or link from a history snapshot, as
 * ONE transaction through the document layer's own operations (the plan is
 * shared/review/restoreItem.ts). Nothing else on the board changes.
 */
import type * as Y from 'yjs';
import { excerpt } from '../../text.ts';
import { planItemRestore, type ItemRestorePlan, type RestorableItem } from '../../review/restoreItem.ts';
import { validateBoardJson } from '../json.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCards, restoreCard } from '../records/card.ts';
import { putCommitment, readCommitments } from '../records/commitment.ts';
import { addLink, readLinks } from '../records/link.ts';
import { isEntityId, pushActivity, type ReviewContext } from './common.ts';

/** What `restoreItem` logs as an `item-restored` activity entry. */
interface ItemRestoreLog extends ReviewContext {
  who?: string;
  snapshot?: string;
}

/**
 * Puts `item` back as it was in `snapshot` (board JSON of a history version),
 * with what belongs to it (see the plan), in one transaction with `origin`:
 * an undo manager tracking `origin` takes it back in one step. Throws, before
 * writing, if the snapshot is invalid or the item cannot be restored (with why).
 * Returns the plan that was written.
 */
export function restoreItem(doc: Y.Doc, snapshot: unknown, item: RestorableItem, origin: Origin = LOCAL_ORIGIN, log?: ItemRestoreLog): ItemRestorePlan {
  const checked = validateBoardJson(snapshot);
  if (!checked.ok) throw new Error(`invalid snapshot: ${checked.issue.path}: ${checked.issue.message}`);
  const cards = readCards(doc);
  const planned = planItemRestore(checked.value, { cards, links: readLinks(doc, cards), commitments: readCommitments(doc, cards) }, item);
  if (!planned.ok) throw new Error(`cannot restore: ${planned.reason}`);
  const { plan } = planned;
  doc.transact(() => {
    for (const card of plan.cards) restoreCard(doc, card, origin);
    for (const link of plan.links) addLink(doc, link.from, link.to, link.assumption ?? '', origin, link.id);
    if (plan.commitment) putCommitment(doc, plan.commitment, origin);
    if (log) {
      const card = plan.cards[0];
      pushActivity(doc, {
        kind: 'item-restored',
        ...(log.who ? { who: log.who } : {}),
        ...(log.snapshot && isEntityId(log.snapshot) ? { snapshot: log.snapshot } : {}),
        ...(plan.commitment ? { commitment: plan.commitment.id, excerpt: excerpt(plan.commitment.title, 80, { lines: 'first' }) } : card ? { card: card.id, excerpt: excerpt(card.text, 80, { lines: 'first' }) } : {}),
      }, log);
    }
  }, origin);
  return plan;
}
