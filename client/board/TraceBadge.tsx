export type TraceBadgeKind = 'orphan' | 'dead-end';

const TEXT: Record<TraceBadgeKind, { label: string; description: string }> = {
  orphan: { label: 'Orphan', description: 'No chain from this card reaches a business goal.' },
  'dead-end': { label: 'Dead end', description: 'No initiative reaches this goal.' },
};

/** Flags a card that breaks the chain: an orphan (reaches no goal) or a dead-end goal. */
export function TraceBadge({ kind }: { kind: TraceBadgeKind }) {
  const text = TEXT[kind];
  return (
    <span className="trace-badge" data-kind={kind} title={text.description}>
      {text.label}
      <span className="visually-hidden">: {text.description}</span>
    </span>
  );
}
