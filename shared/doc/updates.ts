/**
 * Board documents as bytes: building a new document into one update, opening
 * a stored one (its snapshot and the updates logged after it) with the
 * content migrated, and comparing versions. The rooms, the CLI and the
 * history service all open stored documents through `openStoredDoc`, so they
 * read a board alike.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import type { ColumnId } from '../columns.ts';
import { migrateBoardDoc } from './migrations.ts';
import { HTTP_ORIGIN, LOAD_ORIGIN } from './origin.ts';
import { addCard, type NewCard } from './records/card.ts';
import { sortedCards } from './records/cardOrder.ts';

/** What is kept of a document: a compacted snapshot (or none) and the updates after it, oldest first. */
export interface StoredState {
  snapshot?: Uint8Array | null;
  updates: readonly Uint8Array[];
}

interface OpenOptions {
  /** Replay into this document (a room's own) instead of a new one. */
  into?: Y.Doc;
  /** Called after the replay, before the migration: a room starts persisting here, so the migration is stored. */
  loaded?: (doc: Y.Doc) => void;
}

/**
 * A stored document replayed into memory (one transaction, LOAD_ORIGIN); a
 * board's content document (`content`) is then migrated to the current
 * schema version (throws NewerSchemaError for a board written by newer code).
 */
export function openStoredDoc(stored: StoredState, kind: 'content' | 'other', options: OpenOptions = {}): Y.Doc {
  const doc = options.into ?? new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    if (stored.updates.length > 0) Y.applyUpdate(doc, mergeLog(stored.updates));
  }, LOAD_ORIGIN);
  options.loaded?.(doc);
  if (kind === 'content') migrateBoardDoc(doc);
  return doc;
}

/** How many updates one Y.mergeUpdates call takes in `mergeLog`. */
const MERGE_CHUNK = 64;

/**
 * A log of updates as one update (the same changes, the same state once
 * applied). Merged in chunks, then the chunks' results, and so on: measured on
 * a 500-card board, 10,000 typed updates applied one by one took ~6 s and one
 * Y.mergeUpdates of all of them ~1.2 s, merged in chunks of 64 ~30 ms (then
 * applied in ~8 ms); 500 updates ~50 ms one by one, ~7 ms merged.
 */
export function mergeLog(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
  let level = updates;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_CHUNK) {
      const chunk = level.slice(i, i + MERGE_CHUNK);
      next.push(chunk.length === 1 ? chunk[0]! : Y.mergeUpdates(chunk));
    }
    level = next;
  }
  return level[0]!;
}

/** Builds a new document with `build` and returns it as one update (what a new board stores). */
export function buildDocUpdate(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  try {
    build(doc);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** The whole state of a document as one update (a compaction, a history snapshot). */
export function encodeDoc(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

/**
 * A new card at the end of `column` of `doc`, as the Yjs update a client
 * would send (built aside, not applied): a REST write goes through the same
 * rules as a websocket update.
 */
export function newCardUpdate(doc: Y.Doc, column: ColumnId, text: string): { id: string; update: Uint8Array } {
  const order = generateKeyBetween(sortedCards(doc, column).at(-1)?.order ?? null, null);
  let id = '';
  const update = buildDocUpdate((scratch) => {
    id = addCard(scratch, { column, text, order }, HTTP_ORIGIN);
  });
  return { id, update };
}

/**
 * The update that adds `cards` at the end of their columns, in order, built
 * apart from `doc` (as `newCardUpdate`): an import's cards, checked by the
 * rule engine like any client's update before it is applied.
 */
export function newCardsUpdate(doc: Y.Doc, cards: readonly Omit<NewCard, 'order' | 'after' | 'id'>[]): { ids: string[]; update: Uint8Array } {
  const last = new Map<ColumnId, string | null>();
  const ids: string[] = [];
  const update = buildDocUpdate((scratch) => {
    for (const card of cards) {
      const previous = last.has(card.column) ? last.get(card.column)! : (sortedCards(doc, card.column).at(-1)?.order ?? null);
      const order = generateKeyBetween(previous, null);
      last.set(card.column, order);
      ids.push(addCard(scratch, { ...card, order }, HTTP_ORIGIN));
    }
  });
  return { ids, update };
}

/** What a document holds at a moment (its state vector and deletions): equal versions mean equal content. */
export type DocVersion = Y.Snapshot;

export function docVersion(doc: Y.Doc): DocVersion {
  return Y.snapshot(doc);
}

/** The version of a stored state (a history snapshot's), read in a scratch document. */
export function versionOfState(state: Uint8Array): DocVersion {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return Y.snapshot(doc);
  } finally {
    doc.destroy();
  }
}

export function sameVersion(a: DocVersion, b: DocVersion): boolean {
  return Y.equalSnapshots(a, b);
}
