/**
 * What an update would change, read before it is applied: every new item and
 * every deletion of a live item, resolved to the root type it lands in, the
 * entry of that root (a card, a link, a setting, …) and the key of the entry
 * (column, text, author, …). The rules (contentPolicy.ts) decide on these.
 *
 * An update carries its items' parents only sometimes: an item inserted next to
 * another (`origin`/`rightOrigin`) inherits that neighbour's parent, and a map
 * value that replaces an older one names the old value as its origin. So each
 * item is resolved through the update itself or through the server's copy of
 * the document. An item whose parent is in neither (missing dependencies) is
 * left unresolved; Yjs keeps it pending and does not integrate it.
 */
import * as Y from 'yjs';

/** One change an update makes. */
export interface Change {
  kind: 'insert' | 'delete';
  /** Name of the root type (`cards`, `links`, `board`, …). */
  root: string;
  /** The entry's key in a root map (card id, link id, setting name); undefined in a root array. */
  id?: string;
  /** The key inside the entry (`column`, `text`, `author`…); undefined when the change is the entry itself. */
  key?: string;
  /** 0: the entry itself; 1: directly under `key` (the key's value); more: inside that value (text). */
  depth: number;
  /** For an insert at depth 0 or 1: the new value (a primitive, or the Yjs type it creates). */
  value?: unknown;
  /** An insert of an entry (or of a key) that already had a live value: it replaces that value. */
  replaces?: boolean;
}

interface UpdateChanges {
  changes: Change[];
  /** Whether the update inserts any content (a pure deletion never grows a board). */
  inserts: boolean;
  /** How many items it may add to the store: those it inserts, and two per deleted range (a deletion inside an item splits it); what a document costs in memory grows with them (sizeLimits.ts ItemBudget). */
  items: number;
}

type Decoded = { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

const idKey = (id: Y.ID) => `${id.client}:${id.clock}`;

/** Where an item sits: its root, its entry, the key under the entry, and how deep (0: the item is the entry). */
interface Place {
  root: string;
  id?: string;
  key?: string;
  depth: number;
}

const rootNames = new WeakMap<Y.Doc, Map<unknown, string>>();

/** The name a root type is shared under (peers may create new roots: looked up again when unknown). */
function rootNameOf(doc: Y.Doc, type: unknown): string | undefined {
  let names = rootNames.get(doc);
  if (!names?.has(type)) {
    names = new Map([...doc.share].map(([name, t]) => [t as unknown, name]));
    rootNames.set(doc, names);
  }
  return names.get(type);
}

/**
 * Reads the changes of `update` against `doc` (not applied; `doc` is only read).
 * `decoded`: the update as `Y.decodeUpdate` returned it, when the caller
 * decoded it already (dependencies.ts): read, never changed, so not decoded twice.
 */
export function changesOf(doc: Y.Doc, update: Uint8Array, decoded: Decoded = Y.decodeUpdate(update) as unknown as Decoded): UpdateChanges {
  const inUpdate = new Map<string, Y.Item>();
  for (const s of decoded.structs) {
    // What the server already has changes nothing (Yjs skips it): a browser sends its whole
    // offline copy when that copy loads after the websocket connected.
    if (s instanceof Y.Item && s.id.clock + s.length > Y.getState(doc.store, s.id.client)) inUpdate.set(idKey(s.id), s);
  }

  const storeItem = (id: Y.ID): Y.Item | undefined => {
    const structs = doc.store.clients.get(id.client);
    if (!structs || structs.length === 0) return undefined;
    const last = structs[structs.length - 1]!;
    if (id.clock >= last.id.clock + last.length) return undefined;
    const item = structs[Y.findIndexSS(structs, id.clock)];
    return item instanceof Y.Item ? item : undefined;
  };

  /** Climbs from an integrated item to the entry it belongs to. */
  const placeOfIntegrated = (item: Y.Item): Place | undefined => {
    let current: Y.Item = item;
    let key: string | undefined;
    for (let depth = 0; depth < 1000; depth++) {
      const parent = current.parent as Y.AbstractType<unknown> | null;
      if (!parent || typeof parent !== 'object') return undefined;
      if (parent._item === null) {
        const root = rootNameOf(doc, parent);
        return root === undefined ? undefined : { root, id: current.parentSub ?? undefined, key, depth };
      }
      key = current.parentSub ?? undefined;
      current = parent._item;
    }
    return undefined;
  };

  /** Places already resolved: a run of typed characters resolves each through the one before, once. */
  const memo = new Map<Y.Item, (Place & { replaces?: boolean }) | undefined>();
  const placeOf = (item: Y.Item, depth = 0): (Place & { replaces?: boolean }) | undefined => {
    if (memo.has(item)) return memo.get(item);
    if (depth > 1000) return undefined;
    const place = resolve(item, depth);
    memo.set(item, place);
    return place;
  };

  /** The place of a decoded (not integrated) item, through its parent or its neighbour. */
  const resolve = (item: Y.Item, depth: number): (Place & { replaces?: boolean }) | undefined => {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return { root: parent, id: item.parentSub ?? undefined, depth: 0 };
    if (parent instanceof Y.ID) {
      const parentItem = inUpdate.get(idKey(parent)) ?? storeItem(parent);
      if (!parentItem) return undefined;
      const p = inUpdate.has(idKey(parentItem.id)) ? placeOf(parentItem, depth + 1) : placeOfIntegrated(parentItem);
      if (!p) return undefined;
      // Directly inside the entry: the key is this item's own.
      return { root: p.root, id: p.id, key: p.depth === 0 ? (item.parentSub ?? undefined) : p.key, depth: p.depth + 1 };
    }
    // No parent written: the parent (and map key) is the neighbour's.
    const neighbourId = item.origin ?? item.rightOrigin;
    if (!neighbourId) return undefined;
    const neighbour = inUpdate.get(idKey(neighbourId)) ?? storeItem(neighbourId);
    if (!neighbour || neighbour === item) return undefined;
    const p = inUpdate.has(idKey(neighbour.id)) ? placeOf(neighbour, depth + 1) : placeOfIntegrated(neighbour);
    if (!p) return undefined;
    // A map value written over an older one has that one as origin: same key, same depth.
    const replaces = neighbour.parentSub !== null && !inUpdate.has(idKey(neighbour.id)) && !neighbour.deleted;
    return { ...p, replaces };
  };

  const changes: Change[] = [];
  let inserts = false;
  for (const item of inUpdate.values()) {
    inserts = true;
    const p = placeOf(item);
    if (!p) continue;
    const change: Change = { kind: 'insert', root: p.root, depth: p.depth, ...(p.id !== undefined ? { id: p.id } : {}), ...(p.key !== undefined ? { key: p.key } : {}) };
    if (p.depth <= 1) change.value = valueOf(item);
    if (p.replaces) change.replaces = true;
    changes.push(change);
  }

  // A deleted range inside a stored item splits it, at both ends: items the update adds to the store.
  let splits = 0;
  for (const [client, ranges] of decoded.ds.clients) {
    splits += 2 * ranges.length;
    const structs = doc.store.clients.get(client);
    if (!structs || structs.length === 0) continue;
    const last = structs[structs.length - 1]!;
    const end = last.id.clock + last.length;
    for (const range of ranges) {
      // Walk whole structs, not clocks: a delete set travels whole, and most of it is long gone.
      let i = range.clock < end ? Y.findIndexSS(structs, range.clock) : structs.length;
      for (; i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= range.clock + range.len) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const p = placeOfIntegrated(struct);
        if (!p) continue;
        changes.push({ kind: 'delete', root: p.root, depth: p.depth, ...(p.id !== undefined ? { id: p.id } : {}), ...(p.key !== undefined ? { key: p.key } : {}) });
      }
    }
  }
  return { changes, inserts, items: inUpdate.size + splits };
}

/** The value a decoded item writes: a primitive, or the Yjs type it creates. */
function valueOf(item: Y.Item): unknown {
  const content = item.content as unknown as { getContent(): unknown[] };
  const values = content.getContent();
  return values[values.length - 1];
}
