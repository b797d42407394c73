/**
 * The protected cards and links of the open board (shared/protection.ts), read
 * once per change of its cards, links or commitments, with the sentence that
 * says why each one is protected, and why a card's agreed content is read only.
 */
import { useMemo } from 'react';
import { agreedContentOf, askedIds, describeProtection, protectedRecords } from '../../shared/protection.ts';
import { useBoardSlice, useSession } from '../sync/hooks.ts';
import { useFacilitation } from '../sync/controlHooks.ts';
import { selectCommitments, selectLinks, selectShape } from './boardShape.ts';

export interface ProtectionWords {
  /** Why a card is protected ("carries the agreed commitment “X”"), or undefined. */
  card: (id: string) => string | undefined;
  link: (id: string) => string | undefined;
  /**
   * Why a card's content (text and Details fields) is read only for
   * participants ("is on the trace of the agreed commitment “X”"), or undefined
   * (shared/protection.ts agreedContentOf; the server refuses such edits).
   */
  agreed: (id: string) => string | undefined;
}

export function useProtection(): ProtectionWords {
  // Protection reads no card text: a keystroke keeps the same words (and re-renders nothing here).
  const shape = useBoardSlice(selectShape);
  const links = useBoardSlice(selectLinks);
  const commitments = useBoardSlice(selectCommitments);
  // What a consent round asks about is held as agreed for participants until it is recorded (the server's rule too).
  const facilitator = useSession().role === 'facilitator';
  const consent = useFacilitation()?.consent;
  const round = facilitator || !consent ? undefined : consent;
  const roundKey = round ? `${round.id}:${round.commitments.join()}` : '';
  return useMemo(() => {
    const records = protectedRecords({ cards: shape, links, commitments }, round);
    const asked = askedIds(commitments, round);
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
    const agreed = new Map<string, Parameters<typeof describeProtection>[0]>();
    for (const [id, reason] of records.cards) {
      const content = agreedContentOf(reason, asked);
      if (content) agreed.set(id, content);
    }
    return { card: words(records.cards), link: words(records.links), agreed: words(agreed) };
  }, [shape, links, commitments, roundKey]);
}

/** The sentence a participant reads beside agreed content (the same words as a protected delete). */
export function agreedContentNote(reason: string): string {
  return `Read only: this card ${reason}. Only the facilitator can change it.`;
}

/** The sentence the facilitator reads beside agreed content they may amend. */
export function amendNote(reason: string): string {
  return `Agreed content: this card ${reason}. Your changes are kept in the decision log.`;
}
