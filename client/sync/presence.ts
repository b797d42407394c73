/**
 * Presence through Yjs awareness: who is here (name, colour, role), where their
 * cursor is in board coordinates, which card they edit, which card they drag.
 * Remote states are validated: any peer can put anything into awareness.
 */
import type { Role } from '../../shared/protocol.ts';

export interface BoardPoint {
  x: number;
  y: number;
}

export interface PresenceUser {
  name: string;
  color: string;
  role: Role;
}

export interface PresenceState {
  user: PresenceUser;
  cursor: BoardPoint | null;
  editing: string | null;
  drag: { cardId: string; x: number; y: number } | null;
}

export interface Peer extends PresenceState {
  clientId: number;
}

/** Calm, distinguishable colours that keep white text readable. */
export const PRESENCE_COLORS = ['#2563eb', '#c2410c', '#047857', '#7c3aed', '#db2777', '#0e7490', '#a16207', '#4d7c0f', '#b91c1c', '#475569'];

export function colorFor(clientId: number): string {
  return PRESENCE_COLORS[Math.abs(clientId) % PRESENCE_COLORS.length]!;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function point(value: unknown): BoardPoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  return finite(p.x) && finite(p.y) ? { x: p.x, y: p.y } : null;
}

/**
 * A colour nobody else uses, keeping `current` when it is free; if all are
 * taken, `current` stays (names still tell people apart).
 */
export function freeColor(current: string, taken: readonly string[]): string {
  if (!taken.includes(current)) return current;
  return PRESENCE_COLORS.find((c) => !taken.includes(c)) ?? current;
}

/** A validated peer from a raw awareness state, or undefined if it is not one of ours. */
export function readPeer(clientId: number, raw: unknown): Peer | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const state = raw as Record<string, unknown>;
  const user = state.user as Record<string, unknown> | undefined;
  if (typeof user !== 'object' || user === null || typeof user.name !== 'string') return undefined;
  const color = typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : colorFor(clientId);
  const role: Role = user.role === 'facilitator' || user.role === 'viewer' || user.role === 'reviewer' ? user.role : 'participant';
  const drag = state.drag as Record<string, unknown> | null | undefined;
  const dragPoint = point(drag);
  return {
    clientId,
    user: { name: user.name.slice(0, 40) || 'Guest', color, role },
    cursor: point(state.cursor),
    editing: typeof state.editing === 'string' ? state.editing : null,
    drag: drag && typeof drag.cardId === 'string' && dragPoint ? { cardId: drag.cardId, ...dragPoint } : null,
  };
}

/** The letters of a word (diacritics kept with their letter), so "(host)" gives "host" and "42" nothing. */
function lettersOf(word: string): string[] {
  return word.match(/\p{L}\p{M}*/gu) ?? [];
}

/**
 * Two-letter initials for an avatar, from letters only: a remark in brackets
 * ("Fran (host)") or punctuation never becomes an initial. Falls back to the
 * first two digits of a name without letters, and to "?".
 */
export function initials(name: string): string {
  const bare = name.replace(/[([{][^)\]}]*[)\]}]?/g, ' ');
  const words = (lettersOf(bare).length > 0 ? bare : name).trim().split(/\s+/).map(lettersOf).filter((w) => w.length > 0);
  if (words.length === 0) {
    const digits = name.match(/\p{N}/gu) ?? [];
    return digits.length > 0 ? digits.slice(0, 2).join('') : '?';
  }
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const pair = words.length === 1 ? first.slice(0, 2) : [first[0]!, last[0]!];
  return pair.join('').toLocaleUpperCase();
}

/** A key of who edits or drags which card: equal keys, equal card presence. */
export function cardPresenceKey(peers: readonly Peer[]): string {
  return peers
    .filter((p) => p.editing || p.drag)
    .map((p) => [p.clientId, p.editing ?? '', p.drag?.cardId ?? '', p.user.name, p.user.color].join('\u0001'))
    .join('\u0002');
}
