/**
 * Request bodies: JSON only, with a size limit (bad JSON is a 400, too big a
 * 413, another content type a 415), and validation results turned into the
 * contract's 400 with the path of the bad field.
 */
import type { IncomingMessage } from 'node:http';
import type { Validated } from '../../shared/validate.ts';
import { badRequest, HttpError, tooLarge } from './respond.ts';

/** The value of a validation, or a 400 naming the bad field (`title: must not be empty`). */
export function parse<T>(checked: Validated<T>): T {
  if (!checked.ok) throw badRequest(checked.issue.path, checked.issue.message);
  return checked.value;
}

/**
 * A body that may be left out altogether (no content type, no length, no
 * chunks) reads as `{}`; anything sent is read as JSON.
 */
export async function readOptionalJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const length = req.headers['content-length'];
  if (req.headers['content-type'] === undefined && (length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) return {};
  return readJsonBody(req, limitBytes);
}

/** Reads a JSON request body of at most `limitBytes`. */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send a JSON body with Content-Type: application/json');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw tooLarge(`request body over ${limitBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      req.resume();
      throw tooLarge(`request body over ${limitBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('(root)', 'body is not valid JSON');
  }
}
