/**
 * The protected cards and links of the open board (shared/protection.ts), read
 * once per change of its cards, links or commitments, with the sentence that
 * says why each one is protected.
 */
import { useMemo } from 'react';
import { describeProtection, protectedRecords } from '../../shared/protection.ts';
import { useBoard } from '../sync/hooks.ts';

export interface ProtectionWords {
  /** Why a card is protected ("carries the agreed commitment “X”"), or undefined. */
  card: (id: string) => string | undefined;
  link: (id: string) => string | undefined;
}

export function useProtection(): ProtectionWords {
  const { cards, links, commitments } = useBoard();
  return useMemo(() => {
    const records = protectedRecords({ cards, links, commitments });
    const words = (map: Map<string, Parameters<typeof describeProtection>[0]>) => {
      const cache = new Map<string, string>();
      return (id: string) => {
        const reason = map.get(id);
        if (!reason) return undefined;
        let text = cache.get(id);
        if (text === undefined) cache.set(id, (text = describeProtection(reason)));
        return text;
      };
    };
    return { card: words(records.cards), link: words(records.links) };
  }, [cards, links, commitments]);
}
