/**
 * The base URL of every link and QR code other devices are given (share panel,
 * projector, join-code hints): never one they cannot open. A page opened on
 * 127.0.0.1 would otherwise show phones a QR code for 127.0.0.1.
 *
 * - PUBLIC_URL set on the server: always that.
 * - The page was opened on a name or address others use (a LAN address, a
 *   host name): the page's own origin.
 * - The page is on this computer's loopback address: the server's LAN address
 *   when it serves the room's network, else no link for others, and the panel
 *   says how to start the server for the room.
 *
 * Links elsewhere (`roomLink`) read the base resolved here, so any new link
 * added to the share panel or the projector is right without more code.
 */
import { useSyncExternalStore } from 'react';

/** What `GET /api/server` answers (docs/API.md). */
export interface ServerInfo {
  publicUrl: string | null;
  /** Base URLs other devices can open: PUBLIC_URL, else the LAN addresses, else none. */
  roomUrls: string[];
}

export type LinkBase =
  /** Others can open links on `base`; `alternatives`: the server's other LAN addresses. */
  | { kind: 'reachable'; base: string; alternatives: string[] }
  /** Only this computer can open the server: links work here, for nobody else. */
  | { kind: 'this-computer-only'; base: string }
  /** Not known yet (the server has not answered). */
  | { kind: 'unknown'; base: string };

/** True for names and addresses only this computer can open. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The link base for a page at `page` given what the server said (undefined: no answer yet / none). */
export function resolveLinkBase(page: { origin: string; hostname: string }, info: ServerInfo | undefined, chosen?: string): LinkBase {
  if (info?.publicUrl) return { kind: 'reachable', base: info.publicUrl, alternatives: [] };
  if (!isLoopbackHostname(page.hostname)) return { kind: 'reachable', base: page.origin, alternatives: [] };
  if (!info) return { kind: 'unknown', base: page.origin };
  const first = info.roomUrls[0];
  if (!first) return { kind: 'this-computer-only', base: page.origin };
  const base = chosen && info.roomUrls.includes(chosen) ? chosen : first;
  return { kind: 'reachable', base, alternatives: info.roomUrls.filter((u) => u !== base) };
}

/** A board link: `<base>/b/<boardId><page>#<secret>` (the secret in the fragment never reaches a server log). */
export function boardUrl(base: string, boardId: string, secret: string, page = ''): string {
  return `${base}/b/${boardId}${page}#${secret}`;
}

/** The host people type the join code at (`<host>` of the base). */
export function baseHost(base: string): string {
  return new URL(base).host;
}

// --- The page's link base: asked once per page load, shared by every panel ---

let info: ServerInfo | undefined;
let asking = false;
let chosenBase: string | undefined;
let snapshot: LinkBase | undefined;
const listeners = new Set<() => void>();

function changed(): void {
  snapshot = undefined;
  for (const listener of [...listeners]) listener();
}

function ask(): void {
  if (info || asking) return;
  asking = true;
  fetch('/api/server', { headers: { Accept: 'application/json' } })
    .then((res) => (res.ok ? (res.json() as Promise<ServerInfo>) : undefined))
    .then((answer) => {
      if (answer && typeof answer === 'object' && Array.isArray(answer.roomUrls)) {
        info = { publicUrl: typeof answer.publicUrl === 'string' ? answer.publicUrl : null, roomUrls: answer.roomUrls.filter((u) => typeof u === 'string') };
        changed();
      }
    })
    .catch(() => undefined)
    .finally(() => {
      // Unanswered (offline): asked again by the next panel that opens.
      asking = false;
    });
}

/** The link base now (the page origin while the server has not answered). */
function currentLinkBase(): LinkBase {
  snapshot ??= resolveLinkBase(window.location, info, chosenBase);
  return snapshot;
}

/** Picks which of the server's LAN addresses links use (a laptop on Wi-Fi and cable has two). */
export function chooseLinkBase(base: string): void {
  chosenBase = base;
  changed();
}

/** A link other devices open: on the resolved base (see the module comment). */
export function roomLink(boardId: string, secret: string, page = ''): string {
  return boardUrl(currentLinkBase().base, boardId, secret, page);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  ask();
  return () => listeners.delete(listener);
}

/** The page's link base, re-rendering when the server answers. */
export function useLinkBase(): LinkBase {
  return useSyncExternalStore(subscribe, currentLinkBase);
}
