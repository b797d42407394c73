/**
 * `GET /api/server`: how other devices reach this server, so the share panel
 * and the projector never offer a link they cannot open (a page opened on
 * 127.0.0.1 must not show phones a QR code for 127.0.0.1).
 */
import { roomUrls } from '../net/addresses.ts';
import { sendJson } from './respond.ts';
import { route, type Route, type RouteContext } from './router.ts';

export interface ServerInfoContext {
  /** PUBLIC_URL, when set: every link is built on it (read per request: tests set it once listening). */
  publicUrl(): string | undefined;
  /** The address and port the server listens on. */
  listening: () => { host: string; port: number };
}

/** What `GET /api/server` answers (docs/API.md). */
interface ServerInfo {
  /** PUBLIC_URL, or null. */
  publicUrl: string | null;
  /**
   * Base URLs other devices can open: PUBLIC_URL alone when set, else this
   * server's LAN addresses when it listens beyond loopback, else none.
   */
  roomUrls: string[];
}

function serverInfo(ctx: ServerInfoContext): ServerInfo {
  const publicUrl = ctx.publicUrl();
  if (publicUrl) return { publicUrl, roomUrls: [publicUrl] };
  const { host, port } = ctx.listening();
  return { publicUrl: null, roomUrls: roomUrls(host, port) };
}

/** `GET /api/server` (and `HEAD`). */
export function serverRoutes(ctx: ServerInfoContext): Route[] {
  const answer = ({ res }: RouteContext<Record<never, never>>) => sendJson(res, 200, serverInfo(ctx));
  return [route('GET', '/api/server', answer), route('HEAD', '/api/server', answer)];
}
