/** One-line summaries of a card's structured fields, for the table and outline. Pure. */
import type { Card } from '../../shared/model.ts';

function formatNumber(value: number | undefined, unit?: string): string | undefined {
  if (value === undefined) return undefined;
  return unit ? `${value} ${unit}` : String(value);
}

export function cardSummary(card: Card): string {
  switch (card.column) {
    case 'goal':
      return card.metric ? `Metric: ${card.metric}` : '';
    case 'behaviour': {
      const change = [card.current, card.desired].filter(Boolean).join(' → ');
      return [card.actor, change].filter(Boolean).join(': ');
    }
    case 'indicator': {
      const baseline = formatNumber(card.baselineValue, card.unit);
      const target = formatNumber(card.targetValue, card.unit);
      const parts: string[] = [];
      if (baseline !== undefined) parts.push(`${baseline}${card.baselineAsOf ? ` (${card.baselineAsOf})` : ''}`);
      if (target !== undefined) parts.push(`${target}${card.targetBy ? ` by ${card.targetBy}` : ''}`);
      const arrow = card.direction === 'decrease' ? '↓' : card.direction === 'increase' ? '↑' : '';
      return [arrow, parts.join(' → ')].filter(Boolean).join(' ');
    }
    case 'initiative':
      return [card.initiativeType, card.function === 'cs' ? 'customer success' : card.function, card.confidence && `${card.confidence} confidence`, card.evidence && `evidence: ${card.evidence}`]
        .filter(Boolean)
        .join(' · ');
    default:
      return '';
  }
}
