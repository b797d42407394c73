/**
 * What the server tells browsers about itself: security headers on every
 * response (API and static files alike), and which pages may open a board
 * session over the websocket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLoopbackHost } from './addresses.ts';

export interface WebPolicy {
  /** PUBLIC_URL's origin, when set (ServerConfig.publicUrl). */
  publicUrl?: string;
  /** Trusted proxy hops (ServerConfig.trustProxy): X-Forwarded-Host is believed only then. */
  trustProxy?: number;
}

/** A Host header we are willing to echo into a header: a name or address and an optional port. */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(',')[0]?.trim() || undefined;
}

/** The host (and port) the browser asked for: Host, or X-Forwarded-Host behind a trusted proxy. */
function requestedHost(req: IncomingMessage, policy: WebPolicy): string | undefined {
  const forwarded = (policy.trustProxy ?? 0) > 0 ? firstHeader(req.headers['x-forwarded-host']) : undefined;
  const host = forwarded ?? firstHeader(req.headers.host);
  return host && SAFE_HOST.test(host) ? host.toLowerCase() : undefined;
}

/**
 * The Content-Security-Policy: everything from this server only, no inline
 * script or style, no plugins, no framing by any site (clickjacking), and the
 * sync websocket on the page's own host (listed explicitly for browsers whose
 * 'self' does not cover ws:/wss:). QR codes are data: SVG images.
 */
function contentSecurityPolicy(req: IncomingMessage, policy: WebPolicy): string {
  const sockets = new Set<string>();
  const host = requestedHost(req, policy);
  if (host) sockets.add(`ws://${host}`).add(`wss://${host}`);
  if (policy.publicUrl) sockets.add(policy.publicUrl.replace(/^http/, 'ws'));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${[...sockets].map((s) => ` ${s}`).join('')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Powerful features the board never uses, switched off for it and anything it embeds. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=()';

/**
 * Whether the browser treats the page as a secure context: over TLS (seen by a
 * trusted proxy) or on this computer. Only there does it honour
 * Cross-Origin-Opener-Policy; on plain http over a LAN it ignores the header
 * with a console warning on every page.
 */
function trustworthyPage(req: IncomingMessage, policy: WebPolicy): boolean {
  if ((policy.trustProxy ?? 0) > 0 && firstHeader(req.headers['x-forwarded-proto']) === 'https') return true;
  const hostname = (requestedHost(req, policy) ?? '').replace(/:\d+$/, '');
  return hostname !== '' && isLoopbackHost(hostname);
}

/** Sets the security headers on a response before anything writes its head. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, policy: WebPolicy): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req, policy));
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  if (trustworthyPage(req, policy)) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/**
 * Whether a browser page may open a board session: a websocket carries no
 * same-origin protection of its own, so another site could otherwise open one
 * from a participant's browser. Allowed: no Origin at all (not a browser: the
 * CLI, scripts, the stock Node client), the page's own host, or PUBLIC_URL.
 */
function isAllowedOrigin(req: IncomingMessage, policy: WebPolicy): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes "null": sandboxed frames, file: pages
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (policy.publicUrl && url.origin === policy.publicUrl) return true;
  const host = requestedHost(req, policy);
  return host !== undefined && url.host.toLowerCase() === host;
}

/**
 * Refuses a websocket upgrade from another site's page with HTTP 403; returns
 * true when it did (the caller stops there).
 */
export function refuseCrossOriginUpgrade(req: IncomingMessage, socket: Duplex, policy: WebPolicy): boolean {
  if (isAllowedOrigin(req, policy)) return false;
  socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nthis page may not open a board session: its origin is not this server\'s\r\n');
  return true;
}
