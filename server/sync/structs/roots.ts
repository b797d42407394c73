/**
 * Which top-level types an update writes to, decided structurally from the
 * decoded update before it is applied: every new struct's parent chain must
 * end in an allowed root, and every item it deletes must live under one
 * (reviewScope.ts allows a reviewer the review parts only).
 */
import * as Y from 'yjs';
import type { DecodedUpdate } from './dependencies.ts';

/** The root a type hangs under (by name), climbing from nested types. */
function rootNameOfType(type: Y.AbstractType<unknown>): string | undefined {
  let current = type;
  while (current._item) {
    const parent = current._item.parent;
    if (!(parent instanceof Y.AbstractType)) return undefined;
    current = parent;
  }
  try {
    return Y.findRootTypeKey(current);
  } catch {
    return undefined;
  }
}

/**
 * Where an update writes outside the roots `allowed` accepts (by name), or
 * undefined. `decoded` has passed the dependency check: everything it refers
 * to is on the server or in the update itself.
 */
export function writesOutside(doc: Y.Doc, decoded: DecodedUpdate, allowed: (root: string) => boolean): string | undefined {
  const store = doc.store;
  // The update's own items per client, oldest first (the decoder yields them so).
  const own = new Map<number, Y.Item[]>();
  for (const s of decoded.structs) if (s instanceof Y.Item) (own.get(s.id.client) ?? own.set(s.id.client, []).get(s.id.client)!).push(s);
  const ownItem = (id: Y.ID): Y.Item | undefined => {
    const items = own.get(id.client) ?? [];
    let lo = 0;
    let hi = items.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = items[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  };
  /** The root of an item on the server: of the type it holds (`isType`), or of where it sits. */
  const rootOfStored = (id: Y.ID, isType: boolean): string | undefined => {
    const stored = Y.getItem(store, id) as Y.Item | Y.GC;
    if (!(stored instanceof Y.Item)) return undefined; // garbage-collected: where it was is no longer known
    if (isType) return stored.content instanceof Y.ContentType ? rootNameOfType(stored.content.type) : undefined;
    return stored.parent instanceof Y.AbstractType ? rootNameOfType(stored.parent) : undefined;
  };

  const roots = new Map<Y.Item, string | undefined>();
  /**
   * The root an item of the update lands under: its parent's, or (without parent
   * info) that of the neighbour it was inserted next to, followed through the
   * update's own items iteratively (a long typed run is a long chain).
   */
  const rootOfNew = (start: Y.Item): string | undefined => {
    const path = new Set<Y.Item>();
    let item: Y.Item | undefined = start;
    let root: string | undefined;
    while (item && !path.has(item)) {
      if (roots.has(item)) {
        root = roots.get(item);
        break;
      }
      path.add(item);
      const parent = item.parent as unknown;
      if (typeof parent === 'string') {
        root = parent;
        break;
      }
      const isType = parent instanceof Y.ID;
      const next = isType ? (parent as Y.ID) : (item.origin ?? item.rightOrigin);
      if (!next) break;
      if (next.clock < Y.getState(store, next.client)) {
        root = rootOfStored(next, isType);
        break;
      }
      item = ownItem(next);
      if (isType && !(item?.content instanceof Y.ContentType)) item = undefined;
    }
    for (const p of path) roots.set(p, root);
    return root;
  };

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs change no content
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue; // already here: Yjs skips it
    const root = rootOfNew(struct);
    if (root === undefined || !allowed(root)) return `writes to ${root ? `"${root}"` : 'an unknown place'}`;
  }

  for (const [client, ranges] of decoded.ds.clients) {
    const structs = store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      const end = clock + len;
      // Deleted items already on the server (deleting them again is nothing).
      if (structs.length > 0 && clock < Y.getState(store, client)) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
          const s = structs[i]!;
          if (!(s instanceof Y.Item) || s.deleted) continue;
          const root = s.parent instanceof Y.AbstractType ? rootNameOfType(s.parent) : undefined;
          if (root === undefined || !allowed(root)) return `deletes from ${root ? `"${root}"` : 'an unknown place'}`;
        }
      }
      // Items of the update itself that it deletes at once.
      for (const s of own.get(client) ?? []) {
        if (s.id.clock + s.length <= clock || s.id.clock >= end) continue;
        const root = rootOfNew(s);
        if (root === undefined || !allowed(root)) return `deletes from ${root ? `"${root}"` : 'an unknown place'}`;
      }
    }
  }
  return undefined;
}
