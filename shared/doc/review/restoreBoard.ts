/**
 * Restoring the board to a history snapshot through the document layer's own
 * operations, as one undoable transaction.
 */
import * as Y from 'yjs';
import type { Card } from '../../model.ts';
import { canonicalJson } from '../../review/model.ts';
import { validateBoardJson } from '../json.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { cardsRoot, deleteCard, readCard, restoreCard } from '../records/card.ts';
import { commitmentsRoot, deleteCommitment, putCommitment, readCommitments } from '../records/commitment.ts';
import { addLink, deleteLink, linksRoot, setLinkAssumption } from '../records/link.ts';
import { isEntityId, pushActivity, type ReviewContext } from './common.ts';
import { excerpt } from '../../text.ts';
import { canLinkColumns } from '../../columns.ts';
import { CONSENTED } from '../../commitments.ts';
import { agreedContentOf, protectedRecords } from '../../protection.ts';
import { readCards } from '../records/card.ts';
import { readLinks } from '../records/link.ts';

/**
 * The agreed work a restore leaves as it is now: commitments on record (agreed,
 * in progress or done, or with a consent or reopening recorded) and the cards
 * and links of their traces. A version from before the room agreed would
 * otherwise take agreement back without a word in the decision log; changing
 * agreed work is the consent round's and the reopening's, each on record.
 */
export function agreedWorkOf(doc: Y.Doc): { commitments: Set<string>; cards: Set<string>; links: Set<string> } {
  const cards = readCards(doc);
  const links = readLinks(doc, cards);
  const commitments = readCommitments(doc, cards);
  const protection = protectedRecords({ cards, links, commitments });
  return {
    commitments: new Set(commitments.filter((c) => CONSENTED.includes(c.status) || (c.consents?.length ?? 0) > 0 || (c.reopenings?.length ?? 0) > 0).map((c) => c.id)),
    cards: new Set([...protection.cards].filter(([, reason]) => agreedContentOf(reason)).map(([id]) => id)),
    links: new Set(protection.links.keys()),
  };
}

/** What `restoreBoardTo` may log as a `board-restored` activity entry. */
interface RestoreLog extends ReviewContext {
  who?: string;
  /** The snapshot's id and label, for the activity feed. */
  snapshot?: string;
  label?: string;
}

/**
 * Makes the board's cards, links and commitments equal to a history snapshot
 * (board JSON from `GET /api/boards/<id>/history/<snapshotId>`), as ONE
 * transaction with `origin`, through the document layer's own operations: an
 * undo manager tracking `origin` (the client's tracks LOCAL_ORIGIN) undoes the
 * whole restore in one step. Ids are kept, so comments and check-ins find
 * their cards and commitments again. Agreed work stays as it is now
 * (`agreedWorkOf`). Nothing else is touched: title and
 * settings, the decision log, comments, check-ins and the activity feed stay
 * (history is never destroyed). Cards untouched since the snapshot are not
 * rewritten. Throws (before writing) if the snapshot is not valid board JSON.
 * Returns whether anything changed. With `log`, a `board-restored` entry is added.
 */
export function restoreBoardTo(doc: Y.Doc, snapshot: unknown, origin: Origin = LOCAL_ORIGIN, log?: RestoreLog): boolean {
  const checked = validateBoardJson(snapshot);
  if (!checked.ok) throw new Error(`invalid snapshot: ${checked.issue.path}: ${checked.issue.message}`);
  const json = checked.value;
  let changed = false;
  doc.transact(() => {
    const agreed = agreedWorkOf(doc);
    // Cards: delete what the snapshot lacks (with their links and commitments), restore the rest.
    const wantedCards = new Set(json.cards.map((c) => c.id));
    for (const id of [...cardsRoot(doc).keys()]) {
      if (!wantedCards.has(id) && !agreed.cards.has(id)) {
        deleteCard(doc, id, origin);
        changed = true;
      }
    }
    for (const card of json.cards as Card[]) {
      if (agreed.cards.has(card.id)) continue;
      const current = readCard(doc, card.id);
      if (current && canonicalJson({ ...current, createdAt: 0 }) === canonicalJson({ ...card, createdAt: 0 })) continue;
      restoreCard(doc, card, origin);
      changed = true;
    }
    // Links: keep those with the snapshot's id and ends, drop every other, add the missing.
    const links = linksRoot(doc);
    const wantedLinks = new Map(json.links.map((l) => [l.id, l]));
    for (const [id, link] of [...links.entries()]) {
      if (agreed.links.has(id)) continue;
      const wanted = wantedLinks.get(id);
      const same = wanted && link instanceof Y.Map && link.get('from') === wanted.from && link.get('to') === wanted.to && link.get('assumption') instanceof Y.Text;
      if (!same) {
        deleteLink(doc, id, origin);
        changed = true;
      }
    }
    for (const link of json.links) {
      if (agreed.links.has(link.id)) continue;
      const existing = links.get(link.id);
      if (existing instanceof Y.Map) {
        if (String(existing.get('assumption')) !== (link.assumption ?? '')) {
          setLinkAssumption(doc, link.id, link.assumption ?? '', origin);
          changed = true;
        }
      } else {
        // An agreed card kept where it is now may no longer neighbour the version's other end.
        const from = readCard(doc, link.from);
        const to = readCard(doc, link.to);
        if (!from || !to || !(canLinkColumns(from.column, to.column) || canLinkColumns(to.column, from.column))) continue;
        addLink(doc, link.from, link.to, link.assumption ?? '', origin, link.id);
        changed = true;
      }
    }
    // Commitments: the snapshot's, field for field (the trace is derived, not stored).
    const wantedCommitments = new Map(json.commitments.map(({ trace: _trace, ...c }) => [c.id, c]));
    for (const id of [...commitmentsRoot(doc).keys()]) {
      if (!wantedCommitments.has(id) && !agreed.commitments.has(id)) {
        deleteCommitment(doc, id, origin);
        changed = true;
      }
    }
    const current = new Map(readCommitments(doc).map((c) => [c.id, c]));
    for (const commitment of wantedCommitments.values()) {
      if (agreed.commitments.has(commitment.id)) continue;
      const now = current.get(commitment.id);
      if (now && canonicalJson(now) === canonicalJson(commitment)) continue;
      putCommitment(doc, commitment, origin);
      changed = true;
    }
    if (log && changed) {
      const label = log.label ?? '';
      pushActivity(doc, {
        kind: 'board-restored',
        ...(log.who ? { who: log.who } : {}),
        ...(log.snapshot && isEntityId(log.snapshot) ? { snapshot: log.snapshot } : {}),
        ...(label ? { excerpt: excerpt(label, 80, { lines: 'first' }) } : {}),
      }, log);
    }
  }, origin);
  return changed;
}
