import { useState } from 'react';
import { saveDownload } from '../api/exports.ts';
import { fetchRollupExport, ROLLUP_EXPORTS, type RollupExportFormat } from '../api/rollup.ts';
import './RollupExports.css';

/** The roll-up's exports: Markdown, CSV, PDF, and the portfolio's JSON, each a download. */
export function RollupExports({ portfolioId, secret, today }: { portfolioId: string; secret: string; today: string }) {
  const [busy, setBusy] = useState<RollupExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: RollupExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      saveDownload(await fetchRollupExport(portfolioId, secret, format, today));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The export failed.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="rollup-exports" role="group" aria-labelledby="rollup-exports-label">
      <span id="rollup-exports-label" className="rollup-exports-label">Export</span>
      {ROLLUP_EXPORTS.map((e) => (
        <button key={e.format} type="button" className="button rollup-button" title={e.description} aria-describedby={`rollup-export-${e.format}`} disabled={busy !== null} onClick={() => void download(e.format)}>
          {busy === e.format ? `${e.label}…` : e.label}
        </button>
      ))}
      {ROLLUP_EXPORTS.map((e) => <span key={e.format} id={`rollup-export-${e.format}`} className="visually-hidden">{e.description}</span>)}
      {error && <p className="rollup-exports-error" role="alert">{error}</p>}
    </div>
  );
}
