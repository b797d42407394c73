/**
 * What this browser remembers: the display name, and per board the secret it
 * opened the board with, its role and title (so a reload works offline and the
 * secret need not stay in the address bar, e.g. on a projector). The
 * facilitator's browser also keeps the participant and viewer secrets it was
 * given at creation: the server stores only their hashes.
 */
import type { Role } from '../../shared/protocol.ts';
import type { BoardSecrets } from './boards.ts';

const NAME_KEY = 'vcp.displayName';
const boardKey = (boardId: string) => `vcp.board.${boardId}`;

export interface RememberedBoard {
  secret: string;
  role?: Role;
  title?: string;
  secrets?: BoardSecrets;
  /** The facilitator has seen the share panel: it opens by itself only once, on a new board. */
  sharePanelSeen?: boolean;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: the app still works, it just forgets.
  }
}

export function rememberedName(): string {
  return read(NAME_KEY)?.trim() ?? '';
}

export function rememberName(name: string): void {
  write(NAME_KEY, name.trim().slice(0, 40));
}

export function rememberedBoard(boardId: string): RememberedBoard | undefined {
  const raw = read(boardKey(boardId));
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RememberedBoard>;
    return typeof value.secret === 'string' ? (value as RememberedBoard) : undefined;
  } catch {
    return undefined;
  }
}

export function rememberBoard(boardId: string, patch: Partial<RememberedBoard> & { secret: string }): void {
  const current = rememberedBoard(boardId);
  // A different secret (another link to the same board) replaces what we knew.
  const base = current && current.secret === patch.secret ? current : current?.secrets ? { secrets: current.secrets } : {};
  write(boardKey(boardId), JSON.stringify({ ...base, ...patch }));
}

/** Notes that this browser's facilitator has seen the share panel of `boardId` (a reload no longer opens it). */
export function rememberSharePanelSeen(boardId: string): void {
  const current = rememberedBoard(boardId);
  if (current && !current.sharePanelSeen) rememberBoard(boardId, { secret: current.secret, sharePanelSeen: true });
}
