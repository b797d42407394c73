/**
 * Clusters of cards (issue 4): the facilitator merges cards of one column into
 * a labelled group and splits it again. Additive to the content document
 * layout of board.ts, in two root maps of their own:
 * - `groups`  Y.Map<groupId, Y.Map>: label (string), column, createdAt (ms)
 * - `groupOf` Y.Map<cardId, groupId>: membership, one key per card, so two
 *   people grouping different cards at once both land.
 * Reads validate: a group shows only while at least two live cards of its
 * column belong to it (a card moved to another column leaves its group).
 * Only the facilitator writes them: the server puts back anyone else's write
 * (server/sync/contentPolicy.ts, through clusterEntry/restoreClusterEntry).
 */
import * as Y from 'yjs';
import { randomId } from '../ids.ts';
import { isColumnId, type Card, type ColumnId } from '../model.ts';
import { BUILD_ORIGIN, LOCAL_ORIGIN, type Origin } from './origin.ts';
import { readCards } from './records/card.ts';

export interface CardGroup {
  id: string;
  label: string;
  column: ColumnId;
  /** Member card ids in column order. */
  cards: string[];
}

const MAX_LABEL = 200;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function groupsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('groups');
}
function groupOfMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap('groupOf');
}

/** The two root maps of the clusters (for the client's undo scope, ext-client.ts). */
export function groupRoots(doc: Y.Doc): [Y.Map<Y.Map<unknown>>, Y.Map<string>] {
  return [groupsMap(doc), groupOfMap(doc)];
}

function cleanLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').slice(0, MAX_LABEL);
}

/** The groups with two or more live members, in the order of their first card. */
export function readGroups(doc: Y.Doc, cards: readonly Card[] = readCards(doc)): CardGroup[] {
  const members = new Map<string, string[]>();
  const groupOf = groupOfMap(doc);
  const groups = groupsMap(doc);
  const byId = new Map<string, { label: string; column: ColumnId }>();
  for (const [id, g] of groups) {
    if (!ID.test(id) || !(g instanceof Y.Map)) continue;
    const column = g.get('column');
    const label = g.get('label');
    if (!isColumnId(column)) continue;
    byId.set(id, { column, label: typeof label === 'string' ? cleanLabel(label) : '' });
  }
  for (const card of cards) {
    const groupId = groupOf.get(card.id);
    const group = typeof groupId === 'string' ? byId.get(groupId) : undefined;
    if (!group || group.column !== card.column || card.status !== 'active') continue;
    (members.get(groupId!) ?? members.set(groupId!, []).get(groupId!)!).push(card.id);
  }
  const out: CardGroup[] = [];
  for (const [id, ids] of members) {
    const group = byId.get(id)!;
    if (ids.length >= 2) out.push({ id, label: group.label || 'Untitled group', column: group.column, cards: ids });
  }
  return out;
}

/**
 * Puts cards of one column into one labelled group and returns its id. If some
 * of them already are in a group, that group grows (and takes the new label).
 * Throws when the cards are not all in one column or fewer than two exist.
 */
export function groupCards(doc: Y.Doc, cardIds: readonly string[], label: string, origin: Origin = LOCAL_ORIGIN): string {
  const cards = readCards(doc);
  const chosen = cards.filter((c) => cardIds.includes(c.id));
  if (chosen.length < 2) throw new Error('a group needs at least two cards');
  const column = chosen[0]!.column;
  if (chosen.some((c) => c.column !== column)) throw new Error('a group holds cards of one column');
  const existing = readGroups(doc, cards).find((g) => g.column === column && g.cards.some((id) => cardIds.includes(id)));
  const id = existing?.id ?? randomId();
  doc.transact(() => {
    let group = groupsMap(doc).get(id);
    if (!(group instanceof Y.Map)) {
      group = new Y.Map<unknown>();
      group.set('column', column);
      group.set('createdAt', Date.now());
      groupsMap(doc).set(id, group);
    }
    const clean = cleanLabel(label);
    if (clean || !existing) group.set('label', clean);
    for (const card of chosen) groupOfMap(doc).set(card.id, id);
  }, origin);
  return id;
}

export function renameGroup(doc: Y.Doc, groupId: string, label: string, origin: Origin = LOCAL_ORIGIN): void {
  const group = groupsMap(doc).get(groupId);
  if (!(group instanceof Y.Map)) return;
  doc.transact(() => group.set('label', cleanLabel(label)), origin);
}

/** Splits a group: its cards stand alone again and the group is gone. */
export function splitGroup(doc: Y.Doc, groupId: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    const groupOf = groupOfMap(doc);
    for (const [cardId, id] of [...groupOf.entries()]) if (id === groupId) groupOf.delete(cardId);
    groupsMap(doc).delete(groupId);
  }, origin);
}

/** Takes one card out of its group (the rest stays grouped). */
export function ungroupCard(doc: Y.Doc, cardId: string, origin: Origin = LOCAL_ORIGIN): void {
  if (!groupOfMap(doc).has(cardId)) return;
  doc.transact(() => groupOfMap(doc).delete(cardId), origin);
}

/**
 * Puts groups read from a board export back into a document (ids, labels and
 * members kept), for the board JSON import. Expects validated input: members
 * exist, share the group's column, and belong to one group each.
 */
export function importGroups(doc: Y.Doc, groups: readonly Pick<CardGroup, 'id' | 'label' | 'column' | 'cards'>[], origin: Origin = BUILD_ORIGIN): void {
  doc.transact(() => {
    for (const g of groups) {
      const group = new Y.Map<unknown>();
      group.set('column', g.column);
      group.set('label', cleanLabel(g.label));
      group.set('createdAt', Date.now());
      groupsMap(doc).set(g.id, group);
      for (const cardId of g.cards) groupOfMap(doc).set(cardId, g.id);
    }
  }, origin);
}

// ---------------------------------------------------------------- the server's rules (the clusters are the facilitator's)

/**
 * One entry of a cluster root as stored, to put back after a refused write: a
 * group's record (its keys as plain values) or a card's group id; undefined
 * when nothing readable is there (it reads as no group either way).
 */
export function clusterEntry(doc: Y.Doc, root: string, key: string): unknown {
  if (root === 'groups') {
    const group = groupsMap(doc).get(key);
    return group instanceof Y.Map ? group.toJSON() : undefined;
  }
  const groupId = root === 'groupOf' ? groupOfMap(doc).get(key) : undefined;
  return typeof groupId === 'string' ? groupId : undefined;
}

/**
 * Puts an entry of a cluster root back as `before` (from clusterEntry), inside
 * the caller's transaction: a group's keys rewritten where they differ (a new
 * map if the group itself was deleted or replaced), a membership set or
 * removed. What already is as it was is left alone (no write).
 */
export function restoreClusterEntry(doc: Y.Doc, root: string, key: string, before: unknown): void {
  if (root === 'groupOf') {
    const groupOf = groupOfMap(doc);
    if (before === undefined) {
      if (groupOf.has(key)) groupOf.delete(key);
    } else if (groupOf.get(key) !== before) {
      groupOf.set(key, before as string);
    }
    return;
  }
  if (root !== 'groups') return;
  const groups = groupsMap(doc);
  if (before === undefined) {
    if (groups.has(key)) groups.delete(key);
    return;
  }
  const record = before as Record<string, unknown>;
  const now = groups.get(key);
  const group = now instanceof Y.Map ? now : groups.set(key, new Y.Map<unknown>());
  for (const k of [...group.keys()]) if (!(k in record)) group.delete(k);
  for (const [k, value] of Object.entries(record)) {
    if (JSON.stringify(group.get(k)) !== JSON.stringify(value)) group.set(k, value);
  }
}
