/**
 * Transaction origins: who made a change to a board document. Every write of
 * the document layer takes one, and the places that react to changes tell
 * them apart by identity: a browser's undo manager tracks only LOCAL_ORIGIN
 * (remote changes never enter a person's undo stack), and a service ignores
 * the echo of its own writes (the history service its activity trimming).
 *
 * Each origin is a frozen object with a `kind`, so an origin is never a bare
 * string two modules could spell alike by accident. A peer's update is applied
 * with the peer itself as origin (the server's sync connection, `PeerOrigin`),
 * so the room knows whose presence an update carries.
 */

/** An origin the code names: one frozen object per kind. */
interface NamedOrigin<K extends string = string> {
  readonly kind: K;
}

function origin<K extends string>(kind: K): NamedOrigin<K> {
  return Object.freeze({ kind });
}

/** A person's own change in this browser: the only origin their undo history tracks. */
export const LOCAL_ORIGIN = origin('local');
/** A local change kept out of the undo history (a blank card taken back). */
export const DISCARD_ORIGIN = origin('discard');
/** The server's own writes: joining, votes, consent rounds, the timer, reveal, invites. */
export const SERVER_ORIGIN = origin('server');
/** A migration step (migrations.ts). */
export const MIGRATION_ORIGIN = origin('migration');
/** Replaying a stored document (its snapshot and update log) into memory. */
export const LOAD_ORIGIN = origin('load');
/** The history service's own writes (trimming the activity feed): no change worth a snapshot. */
export const HISTORY_ORIGIN = origin('history');
/** A REST write (add a card, import rows), applied like a client's update. */
export const HTTP_ORIGIN = origin('http');
/** Building a new document (a new board, an import, the worked example). */
export const BUILD_ORIGIN = origin('build');

/** A remote peer whose update is applied (on the server: its sync connection). */
export interface PeerOrigin {
  readonly kind: 'peer';
}

/** Every transaction origin of a board document. */
export type Origin =
  | typeof LOCAL_ORIGIN | typeof DISCARD_ORIGIN | typeof SERVER_ORIGIN | typeof MIGRATION_ORIGIN
  | typeof LOAD_ORIGIN | typeof HISTORY_ORIGIN | typeof HTTP_ORIGIN | typeof BUILD_ORIGIN
  | PeerOrigin;
