/**
 * Server-side rules on what a participant's update to a board document may do,
 * decided before the update is applied (a refused update is never applied,
 * stored or broadcast):
 * - no change inside, into or deleting a card of a locked column;
 * - no new card in the shared board while private writing is on (drafts go to
 *   the author's own draft document);
 * - no author written while anonymous mode is on.
 *
 * It reads the decoded update (Yjs structs and delete set) and resolves each
 * change to the card it belongs to, through the server's copy of the document.
 */
import * as Y from 'yjs';
import type { Card, ColumnId } from '../../shared/model.ts';
import { readCard } from '../../shared/doc/board.ts';
import { removeCard, restoreCard, stripAuthor } from '../../shared/doc/restore.ts';
import type { CommitmentGuard } from './commitmentGuard.ts';

export interface ContentRules {
  lockedColumns: readonly ColumnId[];
  /** Refuse new cards (true for the shared board during private writing). */
  noNewCards: boolean;
  /** Refuse `author` keys (anonymous mode). */
  noAuthor: boolean;
}

export function rulesActive(rules: ContentRules): boolean {
  return rules.lockedColumns.length > 0 || rules.noNewCards || rules.noAuthor;
}

type AnyItem = Y.Item;
type Decoded = { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/** Where a change lands: the card's id (undefined if not inside a card) and the key set on it. */
interface Target {
  cardId?: string;
  /** The card map item, when the card already exists on the server. */
  cardMap?: Y.Map<unknown>;
  /** The key set directly on the card map (column, author, …), if any. */
  key?: string;
  /** A new card-level entry in the `cards` root map. */
  newCard?: boolean;
}

/** What to undo of a refused update: cards to remove, cards to restore (before-state), authors to strip. */
export interface RefusalPlan {
  reason: string;
  remove: Set<string>;
  restore: Map<string, Card | undefined>;
  stripAuthor: Set<string>;
}

/** Decides, before applying, what of an update the rules refuse. */
export function planRefusal(doc: Y.Doc, update: Uint8Array, rules: ContentRules): RefusalPlan | undefined {
  if (!rulesActive(rules)) return undefined;
  const decoded = Y.decodeUpdate(update) as unknown as Decoded;
  const inUpdate = new Map<string, AnyItem>();
  for (const s of decoded.structs) if (s instanceof Y.Item) inUpdate.set(idKey(s.id), s);
  const locked = new Set<string>(rules.lockedColumns);

  const storeItem = (id: Y.ID): AnyItem | undefined => {
    try {
      const item = Y.getItem(doc.store, id);
      return item instanceof Y.Item ? item : undefined;
    } catch {
      return undefined;
    }
  };

  /** Climbs from an integrated item to the card map it lives in. */
  const cardOfIntegrated = (item: AnyItem): Target => {
    let current: AnyItem | null = item;
    let key: string | undefined;
    while (current) {
      const parent = current.parent as Y.AbstractType<unknown> | null;
      if (!parent) return {};
      if (parent._item === null) {
        // `current` sits directly in a root type: a card entry if the root is `cards`.
        if (parent === (doc.getMap('cards') as unknown)) {
          const type = (current.content as unknown as { type?: unknown }).type;
          return { cardId: current.parentSub ?? undefined, cardMap: type instanceof Y.Map ? type : undefined, key };
        }
        return {};
      }
      key = current.parentSub ?? undefined;
      current = parent._item;
    }
    return {};
  };

  /** Resolves a decoded (not yet integrated) item to the card it changes. */
  const targetOf = (item: AnyItem, depth = 0): Target => {
    if (depth > 1000) return {};
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      return parent === 'cards' ? { cardId: item.parentSub ?? undefined, newCard: true } : {};
    }
    const parentSub = item.parentSub ?? undefined;
    let parentItem: AnyItem | undefined;
    if (parent instanceof Y.ID) {
      parentItem = inUpdate.get(idKey(parent)) ?? storeItem(parent);
      if (!parentItem) return {};
    } else {
      // Parent omitted: it is the parent of the item this one was inserted next to.
      const neighbourId = item.origin ?? item.rightOrigin;
      if (!neighbourId) return {};
      const neighbour = inUpdate.get(idKey(neighbourId)) ?? storeItem(neighbourId);
      if (!neighbour) return {};
      if (inUpdate.has(idKey(neighbour.id)) && neighbour !== item) {
        const t = targetOf(neighbour, depth + 1);
        return parentSub === undefined && neighbour.parentSub ? { ...t, key: t.key ?? neighbour.parentSub } : t;
      }
      const t = cardOfIntegrated(neighbour);
      // Overwriting a key of a card map: the neighbour is the old value, a direct child of the card.
      if (t.cardMap && neighbour.parent === t.cardMap) return { ...t, key: neighbour.parentSub ?? undefined };
      return t;
    }
    if (inUpdate.has(idKey(parentItem.id))) {
      const t = targetOf(parentItem, depth + 1);
      if (t.newCard && t.key === undefined) return { cardId: t.cardId, key: parentSub, newCard: false, cardMap: undefined };
      return t.cardId ? { ...t, newCard: false } : t;
    }
    const t = cardOfIntegrated(parentItem);
    const type = (parentItem.content as unknown as { type?: unknown }).type;
    if (t.cardMap && type === t.cardMap) return { ...t, key: parentSub };
    return t;
  };

  /** The column a card has after this update (new value in the update wins). */
  const newColumns = new Map<string, string>();
  const targets: Target[] = [];
  for (const item of inUpdate.values()) {
    const target = targetOf(item);
    targets.push(target);
    if (target.cardId && target.key === 'column') {
      const value = (item.content as unknown as { arr?: unknown[] }).arr?.[0];
      if (typeof value === 'string') newColumns.set(target.cardId, value);
    }
  }

  const cards = doc.getMap('cards') as Y.Map<unknown>;
  const plan: RefusalPlan = { reason: '', remove: new Set(), restore: new Map(), stripAuthor: new Set() };
  const refuse = (reason: string, cardId: string, how: 'remove' | 'restore' | 'strip') => {
    plan.reason ||= reason;
    const existed = cards.has(cardId);
    if (how === 'strip' && !existed) plan.stripAuthor.add(cardId);
    else if (!existed) plan.remove.add(cardId);
    else if (!plan.restore.has(cardId)) plan.restore.set(cardId, readCard(doc, cardId));
  };

  for (const target of targets) {
    const id = target.cardId;
    if (!id) continue;
    if (rules.noNewCards && target.newCard && !cards.has(id)) refuse('private writing is on: new cards go to your drafts', id, 'remove');
    if (rules.noAuthor && target.key === 'author') refuse('anonymous mode is on: cards carry no author', id, 'strip');
    const before = currentColumnOf(doc, id);
    const after = newColumns.get(id);
    if (before && locked.has(before)) refuse(`the ${before} column is locked`, id, 'restore');
    if (after && locked.has(after)) refuse(`the ${after} column is locked`, id, 'restore');
  }

  // Deletions: anything inside (or the whole of) a card in a locked column.
  if (locked.size > 0) {
    for (const [client, ranges] of decoded.ds.clients) {
      for (const range of ranges) {
        for (let clock = range.clock; clock < range.clock + range.len; clock++) {
          const item = storeItem(new Y.ID(client, clock));
          if (!item) continue;
          // Delete sets travel whole: only deleting what is still alive here is a change.
          if (item.deleted) {
            clock = item.id.clock + item.length - 1;
            continue;
          }
          const t = cardOfIntegrated(item);
          const column = t.cardMap?.get('column');
          if (t.cardId && typeof column === 'string' && locked.has(column)) refuse(`the ${column} column is locked`, t.cardId, 'restore');
          clock = item.id.clock + item.length - 1;
        }
      }
    }
  }
  return plan.reason ? plan : undefined;
}

/** Returns why the update is refused, or undefined when it is allowed. */
export function checkContentUpdate(doc: Y.Doc, update: Uint8Array, rules: ContentRules): string | undefined {
  return planRefusal(doc, update, rules)?.reason;
}

/**
 * Applies a participant's update under the rules. A refused change cannot
 * simply be dropped: the author's later updates depend on its Yjs clock range.
 * So the update is applied and what it must not do is reverted in the same
 * transaction; Yjs garbage-collects the reverted content before the update is
 * emitted, so it is never stored or broadcast. Returns the refusal reason, if any.
 */
export function applyWithRules(doc: Y.Doc, update: Uint8Array, rules: ContentRules, origin: unknown, guard?: CommitmentGuard): string | undefined {
  const plan = planRefusal(doc, update, rules);
  if (!plan && !guard) {
    Y.applyUpdate(doc, update, origin);
    return undefined;
  }
  const before = guard?.before();
  let reason = plan?.reason;
  doc.transact((transaction) => {
    Y.applyUpdate(doc, update, origin);
    if (plan) {
      for (const id of plan.remove) removeCard(doc, id, origin);
      for (const [id, card] of plan.restore) {
        if (card) restoreCard(doc, card, origin);
        else removeCard(doc, id, origin);
      }
      for (const id of plan.stripAuthor) stripAuthor(doc, id, origin);
    }
    if (guard && before && guard.touched(transaction)) reason = guard.revert(before) ?? reason;
  }, origin);
  return reason;
}

function currentColumnOf(doc: Y.Doc, cardId: string): string | undefined {
  const card = doc.getMap('cards').get(cardId);
  const column = card instanceof Y.Map ? card.get('column') : undefined;
  return typeof column === 'string' ? column : undefined;
}
