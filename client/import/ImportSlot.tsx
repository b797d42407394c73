import { lazy, Suspense, useState } from 'react';
import { importCards } from '../api/boards.ts';
import { useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';

const ImportDialog = lazy(() => import('./ImportDialog.tsx'));

/** The facilitator's "Import cards" button in the top bar, with its dialog (loaded when first opened). */
export function ImportCardsButton() {
  const session = useSession();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="icon-button" type="button" aria-label="Import cards" title="Import cards from a spreadsheet" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <svg className="icon" width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M6 3 H14 L18 7 V21 H6 Z M14 3 V7 H18 M9 14 H15 M12 11 V17" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog
            target={{
              kind: 'board',
              add: async (body) => {
                const { ids } = await session.withSecret((secret) => importCards(session.boardId, secret, body));
                ui.notify(`Added ${ids.length} card${ids.length === 1 ? '' : 's'}`);
                return ids.length;
              },
            }}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
