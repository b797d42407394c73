/**
 * The link record: two cards in neighbouring columns, pointing toward the
 * goal, with the assumption the link rests on.
 *
 * Layout: the content document's `links` Y.Map<id, Y.Map> with from, to
 * (card ids) and assumption (Y.Text). The ends of a link never change: a
 * different link is a new one.
 *
 * Reads show only valid links: both cards exist and sit in neighbouring
 * columns (a concurrent move can leave a stale link behind; it is ignored).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { canLinkColumns } from '../../columns.ts';
import { randomId } from '../../ids.ts';
import { CUT, excerpt } from '../../text.ts';
import { entityId, isEntityId, longText, MAX_TEXT } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { textSplice } from '../textDiff.ts';
import { readCard, readCards, type Card } from './card.ts';
import { lazySchema } from '../../lazySchema.ts';

export interface Link {
  id: string;
  /** The card further from the goal (e.g. an initiative). */
  from: string;
  /** The card one column closer to the goal (e.g. an indicator). */
  to: string;
  assumption?: string;
}

/** A link in the board JSON. */
export const linkSchema = lazySchema(() => z.strictObject({
  id: entityId,
  from: entityId,
  to: entityId,
  assumption: longText.optional(),
}));

/** The `links` root. */
export function linksRoot(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('links');
}

/**
 * Links two cards in neighbouring columns (either order is accepted; the link is
 * stored pointing toward the goal). Returns the link id, or the existing one.
 * Throws if the cards are missing or not in neighbouring columns.
 */
export function addLink(doc: Y.Doc, a: string, b: string, assumption = '', origin: Origin = LOCAL_ORIGIN, id?: string): string {
  const ca = readCard(doc, a);
  const cb = readCard(doc, b);
  if (!ca || !cb) throw new Error('both cards must exist');
  let from = ca;
  let to = cb;
  if (canLinkColumns(cb.column, ca.column)) [from, to] = [cb, ca];
  else if (!canLinkColumns(ca.column, cb.column)) throw new Error('links join cards in neighbouring columns');
  const existing = readStoredLinks(doc).find((l) => l.from === from.id && l.to === to.id);
  if (existing) return existing.id;
  const linkId = id ?? randomId();
  doc.transact(() => writeLink(doc, { id: linkId, from: from.id, to: to.id, assumption }), origin);
  return linkId;
}

/**
 * Writes links checked already (both ends exist in neighbouring columns, stored
 * toward the goal, no pair twice: validateBoardJson): an import. `addLink` would
 * search every stored link for each one, which made a large import take minutes
 * on the server's event loop.
 */
export function importLinks(doc: Y.Doc, links: readonly Link[], origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => {
    for (const link of links) writeLink(doc, link);
  }, origin);
}

function writeLink(doc: Y.Doc, link: Link): void {
  const map = new Y.Map<unknown>();
  map.set('from', link.from);
  map.set('to', link.to);
  map.set('assumption', new Y.Text(link.assumption ?? ''));
  linksRoot(doc).set(link.id, map);
}

export function setLinkAssumption(doc: Y.Doc, id: string, assumption: string, origin: Origin = LOCAL_ORIGIN): void {
  const text = linkAssumptionText(doc, id);
  if (!text) return;
  const splice = textSplice(text.toString(), assumption);
  if (!splice) return;
  doc.transact(() => {
    if (splice.remove > 0) text.delete(splice.index, splice.remove);
    if (splice.insert) text.insert(splice.index, splice.insert);
  }, origin);
}

/** The collaborative assumption text of a link, for editor bindings (client/sync only). */
export function linkAssumptionText(doc: Y.Doc, id: string): Y.Text | undefined {
  const link = linksRoot(doc).get(id);
  const text = link instanceof Y.Map ? link.get('assumption') : undefined;
  return text instanceof Y.Text ? text : undefined;
}

export function deleteLink(doc: Y.Doc, id: string, origin: Origin = LOCAL_ORIGIN): void {
  doc.transact(() => linksRoot(doc).delete(id), origin);
}

/** Deletes the links of a card (inside the caller's transaction): they go with the card or its move. */
export function deleteLinksOfCard(doc: Y.Doc, cardId: string): void {
  for (const link of readStoredLinks(doc)) {
    if (link.from === cardId || link.to === cardId) linksRoot(doc).delete(link.id);
  }
}

/** Makes link `link.id` equal to `link` again (re-creating it if it was deleted or replaced). */
export function restoreLink(doc: Y.Doc, link: Link, origin: Origin): void {
  doc.transact(() => {
    const existing = linksRoot(doc).get(link.id);
    const text = existing instanceof Y.Map && existing.get('from') === link.from && existing.get('to') === link.to ? existing.get('assumption') : undefined;
    if (!(text instanceof Y.Text)) {
      writeLink(doc, link);
      return;
    }
    if (text.toString() !== (link.assumption ?? '')) {
      text.delete(0, text.length);
      text.insert(0, link.assumption ?? '');
    }
  }, origin);
}

// ---------------------------------------------------------------- reads

/** A link's stored state as it is (even if it is not valid to show), to put it back later. */
export function readLinkEntry(doc: Y.Doc, id: string): Link | undefined {
  const map = linksRoot(doc).get(id);
  if (!(map instanceof Y.Map)) return undefined;
  const from = map.get('from');
  const to = map.get('to');
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  const assumption = map.get('assumption');
  const text = assumption instanceof Y.Text ? assumption.toString() : '';
  return text ? { id, from, to, assumption: text } : { id, from, to };
}

/** The card ids every stored link names at either end, whether the link is valid or not (its text is not read). */
export function linkEnds(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const link of linksRoot(doc).values()) {
    if (!(link instanceof Y.Map)) continue;
    for (const end of [link.get('from'), link.get('to')]) if (typeof end === 'string') out.push(end);
  }
  return out;
}

/** Every stored link with an id and two ends, whether its cards exist or not. */
function readStoredLinks(doc: Y.Doc): Link[] {
  const out: Link[] = [];
  for (const [id, link] of linksRoot(doc)) {
    if (!(link instanceof Y.Map)) continue;
    const from = link.get('from');
    const to = link.get('to');
    if (!isEntityId(id) || typeof from !== 'string' || typeof to !== 'string') continue;
    const assumption = link.get('assumption');
    const text = assumption instanceof Y.Text ? excerpt(assumption.toString(), MAX_TEXT, CUT) : '';
    out.push(text ? { id, from, to, assumption: text } : { id, from, to });
  }
  return out;
}

/**
 * Valid links only: both cards exist and sit in neighbouring columns, one link
 * per pair of cards (the lowest id wins).
 */
export function readLinks(doc: Y.Doc, cards: readonly Pick<Card, 'id' | 'column'>[] = readCards(doc)): Link[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const seen = new Set<string>();
  return readStoredLinks(doc)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((l) => {
      const from = byId.get(l.from);
      const to = byId.get(l.to);
      const key = `${l.from}>${l.to}`;
      if (!from || !to || !canLinkColumns(from.column, to.column) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A link in the board JSON. */
export function linkJson(l: Link): z.infer<typeof linkSchema> {
  return l.assumption ? { id: l.id, from: l.from, to: l.to, assumption: l.assumption } : { id: l.id, from: l.from, to: l.to };
}
