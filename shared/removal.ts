/**
 * What removing a card or a link takes with it, in words a room understands:
 * pure, no Yjs, so the facilitator's confirmation, the decision log entry and
 * the exports all say the same thing ("Removes the agreed commitment
 * “SOC 2 evidence pack” and 3 links").
 */
import { protectedRecords } from './protection.ts';
import { COLUMNS, type BoardSnapshot, type CommitmentBrief, type RemovalDecision } from './model.ts';
import { excerpt } from './text.ts';

/** A card or a link to remove. */
export type RemovalTarget = { card: string } | { link: string };

/** What a removal takes with it: the decision-log entry without id, time, who and why. */
type RemovalImpact = Pick<RemovalDecision, 'card' | 'link' | 'commitments' | 'traces' | 'links'>;

const brief = (c: CommitmentBrief): CommitmentBrief => ({ id: c.id, title: c.title, status: c.status });

/**
 * What removing `target` from `snapshot` takes with it, or undefined if there
 * is no such card or link. A card takes its links and the commitments promoted
 * from it; either cuts the trace of the consented commitments it lies on.
 */
export function removalImpact(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>, target: RemovalTarget): RemovalImpact | undefined {
  const protection = protectedRecords(snapshot);
  if ('card' in target) {
    const card = snapshot.cards.find((c) => c.id === target.card);
    if (!card) return undefined;
    const commitments = snapshot.commitments.filter((c) => c.card === card.id).map(brief);
    const gone = new Set(commitments.map((c) => c.id));
    return {
      card: { id: card.id, column: card.column, text: card.text },
      commitments,
      traces: (protection.cards.get(card.id)?.traces ?? []).filter((c) => !gone.has(c.id)).map(brief),
      links: snapshot.links.filter((l) => l.from === card.id || l.to === card.id).length,
    };
  }
  const link = snapshot.links.find((l) => l.id === target.link);
  if (!link) return undefined;
  const text = (id: string) => snapshot.cards.find((c) => c.id === id)?.text ?? '';
  return {
    link: { id: link.id, from: link.from, to: link.to, fromText: text(link.from), toText: text(link.to) },
    commitments: [],
    traces: (protection.links.get(link.id)?.traces ?? []).map(brief),
    links: 1,
  };
}

const named = (c: CommitmentBrief) => `the ${c.status === 'in-progress' ? 'in-progress' : c.status} commitment “${c.title || 'untitled'}”`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * One sentence for the confirmation: what goes, and whose trace it cuts
 * ("Removes the agreed commitment “SOC 2 evidence pack” and 3 links.").
 */
export function describeRemoval(impact: RemovalImpact): string {
  const goes = [...impact.commitments.map(named)];
  if (impact.card) {
    if (impact.links > 0) goes.push(plural(impact.links, 'link', 'links'));
  } else goes.push(`the link “${excerpt(impact.link?.fromText ?? '', 80)}” → “${excerpt(impact.link?.toText ?? '', 80)}”`);
  const removes = goes.length ? `Removes ${list(goes)}` : 'Removes the card only';
  const cuts = impact.traces.length ? `; cuts the trace of ${list(impact.traces.map(named))} to its goal` : '';
  return `${removes}${cuts}.`;
}

/** A decision-log line for a removal (exports and the board's log): what was removed, and what went with it. */
export function removalSummary(entry: Pick<RemovalDecision, 'card' | 'link' | 'commitments' | 'traces' | 'links'>): string {
  const what = entry.card
    ? `card “${excerpt(entry.card.text, 80) || 'empty card'}” (${COLUMNS.find((c) => c.id === entry.card!.column)?.title ?? entry.card.column})`
    : `link “${excerpt(entry.link?.fromText ?? '', 80)}” → “${excerpt(entry.link?.toText ?? '', 80)}”`;
  const withIt = [...entry.commitments.map(named)];
  if (entry.card && entry.links > 0) withIt.push(plural(entry.links, 'link', 'links'));
  const cuts = entry.traces.length ? `; it was on the trace of ${list(entry.traces.map(named))}` : '';
  return `${what}${withIt.length ? ` with ${list(withIt)}` : ''}${cuts}`;
}
