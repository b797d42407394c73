/**
 * JSON responses and the error shape of the contract (docs/API.md):
 * `{ error: { code, message } }`, the message starting with the path of the
 * bad field where there is one (`title: must not be empty`).
 */
import type { ServerResponse } from 'node:http';

/** An answer other than success: status, the contract's error code, a message, and extra headers. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const badRequest = (path: string, message: string) => new HttpError(400, 'bad_request', `${path}: ${message}`);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'missing or unknown secret', { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (what = 'no such board') => new HttpError(404, 'not_found', what);
export const tooLarge = (message = 'request body too large') => new HttpError(413, 'too_large', message);
export const rateLimited = () => new HttpError(429, 'rate_limited', 'too many requests; slow down', { 'Retry-After': '1' });

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...SECURITY_HEADERS,
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** Raw bytes (a Yjs state): shown to nobody, so no file name. */
export function sendBytes(res: ServerResponse, body: Uint8Array): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.byteLength, ...SECURITY_HEADERS });
  res.end(body);
}

/** A download: `fileName` reduced to safe characters for the Content-Disposition header. */
export function sendFile(res: ServerResponse, body: string | Uint8Array, contentType: string, fileName: string): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': buf.byteLength,
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    ...SECURITY_HEADERS,
  });
  res.end(buf);
}
