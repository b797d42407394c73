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
import { isColumnId, type ColumnId } from '../../shared/model.ts';

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

/** Returns why the update is refused, or undefined when it is allowed. */
export function checkContentUpdate(doc: Y.Doc, update: Uint8Array, rules: ContentRules): string | undefined {
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
  const targets: [AnyItem, Target][] = [];
  for (const item of inUpdate.values()) {
    const target = targetOf(item);
    targets.push([item, target]);
    if (target.cardId && target.key === 'column') {
      const value = (item.content as unknown as { arr?: unknown[] }).arr?.[0];
      if (typeof value === 'string') newColumns.set(target.cardId, value);
    }
  }
  const currentColumn = (t: Target): string | undefined => {
    const c = t.cardMap?.get('column');
    return isColumnId(c) ? c : undefined;
  };

  for (const [, target] of targets) {
    if (!target.cardId) continue;
    if (rules.noNewCards && target.newCard && !(doc.getMap('cards') as Y.Map<unknown>).has(target.cardId)) {
      return 'private writing is on: new cards go to your drafts';
    }
    if (rules.noAuthor && target.key === 'author') return 'anonymous mode is on: cards carry no author';
    const before = currentColumn(target) ?? (target.cardId ? currentColumnOf(doc, target.cardId) : undefined);
    const after = newColumns.get(target.cardId);
    if ((before && locked.has(before)) || (after && locked.has(after))) return `the ${after && locked.has(after) ? after : before} column is locked`;
  }

  // Deletions: anything inside (or the whole of) a card in a locked column.
  if (locked.size > 0) {
    for (const [client, ranges] of decoded.ds.clients) {
      for (const range of ranges) {
        for (let clock = range.clock; clock < range.clock + range.len; clock++) {
          const item = storeItem(new Y.ID(client, clock));
          if (!item) continue;
          const t = cardOfIntegrated(item);
          const column = t.cardMap?.get('column');
          if (typeof column === 'string' && locked.has(column)) return `the ${column} column is locked`;
          clock = item.id.clock + item.length - 1;
        }
      }
    }
  }
  return undefined;
}

function currentColumnOf(doc: Y.Doc, cardId: string): string | undefined {
  const card = doc.getMap('cards').get(cardId);
  const column = card instanceof Y.Map ? card.get('column') : undefined;
  return typeof column === 'string' ? column : undefined;
}
