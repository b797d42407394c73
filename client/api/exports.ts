/**
 * Board exports as the browser fetches them: `GET /api/boards/<id>/export`
 * with the board secret in the Authorization header (the secret lives in the
 * link's fragment, never in a cookie, so a plain link could not carry it),
 * then saved as a file named by the server's Content-Disposition.
 */
import { ApiError } from './boards.ts';

export const EXPORT_FORMATS = ['md', 'csv', 'json', 'ics', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportChoice {
  format: ExportFormat;
  label: string;
  /** What the file is for, shown under the label. */
  description: string;
}

/** The export menu's entries, in the order people reach for them. */
export const EXPORT_CHOICES: readonly ExportChoice[] = [
  { format: 'md', label: 'Markdown', description: 'Chains, commitments, decision log, Mermaid diagram' },
  { format: 'csv', label: 'CSV', description: 'One row per commitment, trace flattened' },
  { format: 'pdf', label: 'PDF', description: 'Printable VCP table and commitments page' },
  { format: 'html', label: 'HTML', description: 'The same printable page, in the browser' },
  { format: 'ics', label: 'Calendar (ICS)', description: 'Due dates, checkpoints and the next review' },
  { format: 'json', label: 'Board JSON', description: 'The whole board, to import again' },
];

export interface ExportedDownload {
  blob: Blob;
  fileName: string;
}

/** The export URL of a board (`bom` only matters for CSV). */
export function exportPath(boardId: string, format: ExportFormat, bom = false): string {
  const query = new URLSearchParams({ format });
  if (bom && format === 'csv') query.set('bom', '1');
  return `/api/boards/${encodeURIComponent(boardId)}/export?${query.toString()}`;
}

/**
 * The file name in a Content-Disposition header (`filename*=UTF-8''…` wins
 * over `filename="…"`), without any path; `fallback` when there is none.
 */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
    name = plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim() : undefined;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base && base !== '.' && base !== '..' ? base : fallback;
}

/** Fetches one export of a board; throws an ApiError with the server's message when refused. */
export async function fetchExport(boardId: string, secret: string, format: ExportFormat, bom = false): Promise<ExportedDownload> {
  let response: Response;
  try {
    response = await fetch(exportPath(boardId, format, bom), { headers: { Authorization: `Bearer ${secret}` } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached: exports need a connection.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
    const message = typeof body?.error?.message === 'string' ? body.error.message : `The export failed (${response.status}).`;
    throw new ApiError(response.status, typeof body?.error?.code === 'string' ? body.error.code : String(response.status), message);
  }
  const blob = await response.blob();
  return { blob, fileName: fileNameFromDisposition(response.headers.get('Content-Disposition'), `board.${format}`) };
}

/** Hands a fetched file to the browser's download (an object URL on a temporary link). */
export function saveDownload(download: ExportedDownload): void {
  const url = URL.createObjectURL(download.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = download.fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
