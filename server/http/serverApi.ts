/**
 * `GET /api/server`: how other devices reach this server, so the share panel
 * and the projector never offer a link they cannot open (a page opened on
 * 127.0.0.1 must not show phones a QR code for 127.0.0.1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { roomUrls } from '../net/addresses.ts';
import { sendJson } from './respond.ts';

export interface ServerInfoContext {
  /** PUBLIC_URL, when set: every link is built on it. */
  publicUrl?: string;
  /** The address and port the server listens on. */
  listening: () => { host: string; port: number };
}

/** What `GET /api/server` answers (docs/API.md). */
export interface ServerInfo {
  /** PUBLIC_URL, or null. */
  publicUrl: string | null;
  /**
   * Base URLs other devices can open: PUBLIC_URL alone when set, else this
   * server's LAN addresses when it listens beyond loopback, else none.
   */
  roomUrls: string[];
}

export function serverInfo(ctx: ServerInfoContext): ServerInfo {
  if (ctx.publicUrl) return { publicUrl: ctx.publicUrl, roomUrls: [ctx.publicUrl] };
  const { host, port } = ctx.listening();
  return { publicUrl: null, roomUrls: roomUrls(host, port) };
}

/** Handles `GET /api/server`; false for any other route. */
export function handleServerApi(ctx: ServerInfoContext, req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (pathname !== '/api/server' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  sendJson(res, 200, serverInfo(ctx));
  return true;
}
