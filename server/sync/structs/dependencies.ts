/**
 * Refuses updates that build on state the server does not have (issue 16,
 * items 3, 4 and 8). Yjs keeps such an update in its pending state and
 * integrates it later, inside whichever transaction brings the missing item:
 * typically the facilitator's, where no participant rule runs. Worse, a pending
 * delete set is applied to items that do not exist yet. A real client never
 * needs this: everything it builds on came from this server (persist before
 * broadcast), so an update with a missing dependency is refused whole.
 *
 * Decided from the decoded update against the server document's state vector,
 * before anything is applied:
 * - per client, structs must continue the server's clock without a gap (a
 *   `Skip` in a merged update leaves a gap too);
 * - every origin, right origin and parent id must be below the server's state
 *   for its client, or inside what the update itself brings;
 * - every deleted range must end within what the server has plus what the
 *   update brings.
 * The update is decoded once here and the result handed on, so the common case
 * (a keystroke) costs one decode, which the server did anyway to validate.
 *
 * It must also integrate in one go, or it is malformed (`malformed: true`,
 * closed with 4400, never held for later):
 * - an item's origin, right origin or parent in its own client's clock range
 *   lies before it: its client wrote them first. Yjs looks such an anchor up
 *   in its store without checking, and throws when it is not there yet, in
 *   the middle of applying the update: what was integrated before the throw
 *   stayed, with none of the rules' reverts run after it (a forged struct
 *   anchored on itself let a participant change agreed work);
 * - the anchors inside the update form no cycle (through other clients' structs
 *   and each client's order): Yjs would keep such structs pending for good.
 */
import * as Y from 'yjs';

/** A decoded update (Y.decodeUpdate's shape). */
export interface DecodedUpdate {
  structs: (Y.Item | Y.GC | Y.Skip)[];
  ds: { clients: Map<number, { clock: number; len: number }[]> };
}

type DependencyCheck =
  | { ok: true; decoded: DecodedUpdate }
  | { ok: false; reason: string; malformed?: true };

/**
 * Decodes `update` (throws on malformed input) and checks that the server's
 * `doc` has everything it builds on.
 */
export function checkDependencies(doc: Y.Doc, update: Uint8Array): DependencyCheck {
  const decoded = Y.decodeUpdate(update) as unknown as DecodedUpdate;
  // reach: per client, the clock up to which the server has, or the update brings, every struct.
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const known = reachOf(client);
    if (clock > known) return { ok: false, reason: `client ${client} continues at clock ${clock}, but the server has up to ${known}` };
    if (clock + struct.length > known) reach.set(client, clock + struct.length);
  }
  const missing = (id: Y.ID | null) => id !== null && id.clock >= reachOf(id.client);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (missing(struct.origin)) return { ok: false, reason: `an item is anchored on ${describe(struct.origin)}, which the server does not have` };
    if (missing(struct.rightOrigin)) return { ok: false, reason: `an item is anchored on ${describe(struct.rightOrigin)}, which the server does not have` };
    const parent = struct.parent as unknown;
    if (parent instanceof Y.ID && missing(parent)) return { ok: false, reason: `an item is placed in ${describe(parent)}, which the server does not have` };
  }
  const malformed = integratesInOneGo(decoded.structs, (client) => Y.getState(doc.store, client));
  if (malformed) return { ok: false, reason: malformed, malformed: true };
  for (const [client, ranges] of decoded.ds.clients) {
    const known = reachOf(client);
    for (const { clock, len } of ranges) {
      if (clock + len > known) return { ok: false, reason: `a deletion reaches client ${client} clock ${clock + len - 1}, which the server does not have` };
    }
  }
  return { ok: true, decoded };
}

const describe = (id: Y.ID | null) => (id ? `client ${id.client} clock ${id.clock}` : 'nothing');

/**
 * Why the update's items could not all be integrated by one `Y.applyUpdate`
 * (see the file comment), or undefined. `stored`: the server's clock per client;
 * anchors below it are in the document.
 */
function integratesInOneGo(structs: DecodedUpdate['structs'], stored: (client: number) => number): string | undefined {
  // The update's structs per client, in clock order (as decoded), to find the one holding an anchor.
  const byClient = new Map<number, number[]>();
  structs.forEach((s, i) => {
    const list = byClient.get(s.id.client);
    if (list) list.push(i);
    else byClient.set(s.id.client, [i]);
  });
  const holder = (id: Y.ID): number | undefined => {
    if (id.clock < stored(id.client)) return undefined;
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = structs[list[mid]!]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return list[mid];
    }
    return undefined;
  };
  // What each struct needs integrated before it: the previous struct of its client, and its anchors inside the update.
  const needs: number[][] = structs.map(() => []);
  for (const list of byClient.values()) for (let k = 1; k < list.length; k++) needs[list[k]!]!.push(list[k - 1]!);
  for (const [i, s] of structs.entries()) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent as unknown;
    for (const anchor of [s.origin, s.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (!anchor) continue;
      if (anchor.client === s.id.client && anchor.clock >= s.id.clock) {
        return `an item of client ${s.id.client} at clock ${s.id.clock} is anchored on its own clock ${anchor.clock}, which it cannot have seen`;
      }
      const j = holder(anchor);
      if (j !== undefined && j !== i) needs[i]!.push(j);
    }
  }
  // Depth-first search for a cycle (iterative: an update may hold many structs).
  const state = new Uint8Array(structs.length); // 0 unvisited, 1 on the path, 2 done
  for (let start = 0; start < structs.length; start++) {
    if (state[start] !== 0) continue;
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, next] = top;
      const deps = needs[node]!;
      if (next === deps.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const dep = deps[next]!;
      if (state[dep] === 1) return `the update's items are anchored on each other in a cycle (client ${structs[dep]!.id.client} clock ${structs[dep]!.id.clock})`;
      if (state[dep] === 0) {
        state[dep] = 1;
        stack.push([dep, 0]);
      }
    }
  }
  return undefined;
}
