/**
 * A portfolio's roll-up as the browser fetches it (docs/API.md): the JSON
 * for the page, and its exports as files, with the portfolio's secret in the
 * Authorization header.
 */
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { ApiError } from './boards.ts';
import { fileNameFromDisposition, type ExportedDownload } from './exports.ts';

export type RollupExportFormat = 'md' | 'csv' | 'pdf' | 'json';

/** The roll-up's export buttons: the roll-up as Markdown, CSV, PDF, and the portfolio export (JSON). */
export const ROLLUP_EXPORTS: readonly { format: RollupExportFormat; label: string; description: string }[] = [
  { format: 'md', label: 'Markdown', description: 'Goals and segments with boards and commitments, gaps, overlaps, cadence, Mermaid graph' },
  { format: 'csv', label: 'CSV', description: 'One row per goal × board × commitment' },
  { format: 'pdf', label: 'PDF', description: 'Printable roll-up, one block per goal' },
  { format: 'json', label: 'JSON', description: 'The portfolio export: its board JSON, its boards and the roll-up' },
];

async function get(path: string, secret: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${secret}` } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
    const message = typeof body?.error?.message === 'string' ? body.error.message : `Request failed (${response.status}).`;
    throw new ApiError(response.status, typeof body?.error?.code === 'string' ? body.error.code : String(response.status), message);
  }
  return response;
}

const base = (portfolioId: string) => `/api/portfolios/${encodeURIComponent(portfolioId)}`;

/** The roll-up of a portfolio as of `today` (the reader's calendar day, ISO). */
export async function fetchRollup(portfolioId: string, secret: string, today: string): Promise<Rollup> {
  const response = await get(`${base(portfolioId)}/rollup?${new URLSearchParams({ today }).toString()}`, secret);
  const body = (await response.json()) as Rollup;
  if (body?.format !== 'product-vcp-rollup') throw new ApiError(500, 'bad-response', 'The server answered with something that is no roll-up.');
  return body;
}

/** One export of the roll-up as a file (JSON: the portfolio export). */
export async function fetchRollupExport(portfolioId: string, secret: string, format: RollupExportFormat, today: string): Promise<ExportedDownload> {
  const path = format === 'json' ? `${base(portfolioId)}/export` : `${base(portfolioId)}/rollup?${new URLSearchParams({ format, today }).toString()}`;
  const response = await get(path, secret);
  const blob = await response.blob();
  return { blob, fileName: fileNameFromDisposition(response.headers.get('Content-Disposition'), `portfolio-rollup.${format}`) };
}

/**
 * Listens to the roll-up's change notices (`GET …/rollup/events`,
 * server-sent events, read with fetch because EventSource sends no
 * Authorization header): calls `onChanged` for each, `onLive(true)` while the
 * stream is open and `onLive(false)` when it is not. Reconnects after a drop
 * (5 s, doubling to a minute); gives up on a refusal (401/403/404/429) — the
 * page's poll goes on either way. Stops when `signal` aborts.
 */
export function watchRollup(portfolioId: string, secret: string, onChanged: () => void, onLive: (live: boolean) => void, signal: AbortSignal): void {
  let backoffMs = 5_000;
  const run = async (): Promise<void> => {
    while (!signal.aborted) {
      let refused = false;
      try {
        const response = await fetch(`${base(portfolioId)}/rollup/events`, { headers: { Authorization: `Bearer ${secret}` }, signal, cache: 'no-store' });
        refused = [401, 403, 404, 429].includes(response.status);
        if (response.ok && response.body) {
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffered += value;
            let end: number;
            while ((end = buffered.indexOf('\n\n')) >= 0) {
              const event = /^event: (\w+)$/m.exec(buffered.slice(0, end))?.[1];
              buffered = buffered.slice(end + 2);
              if (event === 'ready') {
                backoffMs = 5_000;
                onLive(true);
              } else if (event === 'changed') onChanged();
            }
          }
        }
      } catch {
        // Dropped, or aborted (the loop ends below).
      }
      onLive(false);
      if (refused || signal.aborted) return;
      await new Promise((r) => setTimeout(r, backoffMs));
      backoffMs = Math.min(60_000, backoffMs * 2);
    }
  };
  void run();
}
