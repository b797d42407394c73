import { useId, useState } from 'react';
import { badgeText, type BadgeTone, type TraceBadgeKind } from '../derive/traceBadges.ts';
import './TraceBadge.css';

export type { TraceBadgeKind };

/**
 * Flags a card that breaks the chain: an orphan (reaches no goal) or a
 * dead-end goal (no initiative reaches it), neutral while the phase to fix it
 * is on and a warning after it. A button (it opens the card's trace links,
 * where it is fixed) explained by a tooltip on hover and keyboard focus, which
 * is also its description for screen readers; Escape hides the tooltip.
 */
export function TraceBadge({ kind, tone = 'warning', onOpen }: { kind: TraceBadgeKind; tone?: BadgeTone; onOpen?: () => void }) {
  const text = badgeText(kind, tone);
  const tipId = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span className="trace-badge-wrap" data-tip-dismissed={dismissed || undefined} onMouseLeave={() => setDismissed(false)}>
      <button
        type="button"
        className="trace-badge"
        data-kind={kind}
        data-tone={tone}
        aria-describedby={tipId}
        onClick={(event) => {
          event.stopPropagation();
          onOpen?.();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !dismissed) {
            setDismissed(true);
            event.stopPropagation();
          }
        }}
        onBlur={() => setDismissed(false)}
      >
        {text.label}
      </button>
      <span role="tooltip" id={tipId} className="badge-tip">
        {text.description}
      </span>
    </span>
  );
}
