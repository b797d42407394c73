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
 */
import * as Y from 'yjs';

/** A decoded update (Y.decodeUpdate's shape). */
export interface DecodedUpdate {
  structs: (Y.Item | Y.GC | Y.Skip)[];
  ds: { clients: Map<number, { clock: number; len: number }[]> };
}

type DependencyCheck =
  | { ok: true; decoded: DecodedUpdate }
  | { ok: false; reason: string };

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
  for (const [client, ranges] of decoded.ds.clients) {
    const known = reachOf(client);
    for (const { clock, len } of ranges) {
      if (clock + len > known) return { ok: false, reason: `a deletion reaches client ${client} clock ${clock + len - 1}, which the server does not have` };
    }
  }
  return { ok: true, decoded };
}

const describe = (id: Y.ID | null) => (id ? `client ${id.client} clock ${id.clock}` : 'nothing');
