import { useState } from 'react';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { saveDownload, type ExportFormat } from '../api/exports.ts';

/**
 * Downloading one export of the board with this page's secret, saved under
 * the server's file name, with a notice either way: the top bar's Export menu
 * and the console at Close. `busy`: the format being prepared.
 */
export function useExportDownload(): { busy: ExportFormat | null; download: (format: ExportFormat, bom?: boolean) => Promise<boolean> } {
  const session = useSession();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const download = async (format: ExportFormat, bom = false): Promise<boolean> => {
    setBusy(format);
    try {
      const file = await session.fetchExport(format, { bom: format === 'csv' && bom });
      saveDownload(file);
      ui.notify(`Downloaded ${file.fileName}`);
      return true;
    } catch (error) {
      ui.notify(error instanceof Error ? error.message : 'The export failed');
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, download };
}
