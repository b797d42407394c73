import { useMemo } from 'react';
import { readBackAll } from '../../shared/readBack.ts';
import type { BoardSnapshot } from '../../shared/model.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import './ReadBackSlide.css';

interface ReadBackSlideProps {
  snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>;
  /** Which consented commitment (0-based, in `readBackAll` order); clamped to the ones there are. */
  index: number;
}

/**
 * One agreed commitment read back along its chain, in large type: what we
 * believe, how we will know, who owns it, and the assumptions it rests on.
 * For the read-back mode on the board page and for the projector.
 * Type scales with `--readback-size` (default: with the viewport width).
 */
export function ReadBackSlide({ snapshot, index }: ReadBackSlideProps) {
  const { cards, links, commitments } = snapshot;
  const all = useMemo(() => readBackAll({ cards, links, commitments }), [cards, links, commitments]);
  if (all.length === 0) {
    return (
      <article className="readback-slide" data-empty="">
        <p className="readback-sentence">No agreed commitments to read back yet.</p>
      </article>
    );
  }
  const at = Math.min(Math.max(0, Math.trunc(index) || 0), all.length - 1);
  const item = all[at]!;
  const commitment = commitments.find((c) => c.id === item.commitment);
  const position = `Commitment ${at + 1} of ${all.length}`;
  return (
    <article className="readback-slide" aria-roledescription="slide" aria-label={`${position}: ${commitment?.title ?? ''}`}>
      <p className="readback-count">
        {position}
        {commitment && commitment.status !== 'agreed' ? ` · ${STATUS_LABELS[commitment.status]}` : ''}
      </p>
      {commitment && <h3 className="readback-title">{commitment.title}</h3>}
      <p className="readback-sentence">{item.sentences.belief}</p>
      <p className="readback-evidence">{item.sentences.evidence}</p>
      <p className="readback-ownership">{item.sentences.ownership}</p>
      {item.sentences.assumptions && <p className="readback-assumptions">{item.sentences.assumptions}</p>}
    </article>
  );
}
