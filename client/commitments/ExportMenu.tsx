import { useEffect, useId, useRef, useState } from 'react';
import { EXPORT_CHOICES, type ExportFormat } from '../api/exports.ts';
import { useExportDownload } from '../ui/useExportDownload.ts';
import { ExportIcon } from './icons.tsx';
import './ExportMenu.css';

/**
 * The Export button of the top bar: every format the server renders, for any
 * role. The file is fetched with this page's secret and saved under the name
 * the server gives it.
 */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const [bom, setBom] = useState(false);
  const exporting = useExportDownload();
  const busy = exporting.busy;
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const download = async (format: ExportFormat) => {
    if (!(await exporting.download(format, bom))) return;
    setOpen(false);
    trigger.current?.focus();
  };

  return (
    <div
      className="export-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          trigger.current?.focus();
        }
      }}
    >
      <button
        ref={trigger}
        className="button tool-export"
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label="Export"
        title="Export the board"
        onClick={() => setOpen(!open)}
      >
        <ExportIcon /> <span className="label">Export</span>
      </button>
      {open && (
        <div className="export-popover" id={menuId} role="group" aria-label="Export the board" aria-busy={busy !== null}>
          <p className="eyebrow">Download</p>
          <ul>
            {EXPORT_CHOICES.map((choice) => (
              <li key={choice.format}>
                <button className="export-choice" type="button" disabled={busy !== null} onClick={() => void download(choice.format)} aria-describedby={`${menuId}-${choice.format}`}>
                  <span className="export-label">
                    {choice.label}
                    <span className="export-ext">.{choice.format === 'json' ? 'vcp.json' : choice.format}</span>
                  </span>
                  <span className="export-description" id={`${menuId}-${choice.format}`}>
                    {busy === choice.format ? 'Preparing…' : choice.description}
                  </span>
                </button>
                {choice.format === 'csv' && (
                  <label className="option-check export-bom">
                    <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
                    <span>For spreadsheets (BOM, so Excel reads UTF-8)</span>
                  </label>
                )}
              </li>
            ))}
          </ul>
          <p className="visually-hidden" role="status">
            {busy ? `Preparing the ${busy} export…` : ''}
          </p>
        </div>
      )}
    </div>
  );
}
