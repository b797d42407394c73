/** React bindings of a portfolio's own document (issue 15): which boards it lists, live. */
import { useCallback, useSyncExternalStore } from 'react';
import { readPortfolioMembers } from '../../shared/doc/index.ts';
import { useSession } from './hooks.ts';

/**
 * The ids of the portfolio's boards, comma-joined (a new string only when the
 * list changes): the portfolio page fetches their titles again when it does.
 */
export function usePortfolioMemberIds(): string {
  const session = useSession();
  const doc = session.contentDoc;
  const subscribe = useCallback((changed: () => void) => {
    doc.on('update', changed);
    return () => doc.off('update', changed);
  }, [doc]);
  return useSyncExternalStore(subscribe, () => readPortfolioMembers(doc).map((m) => m.board).join(','));
}
