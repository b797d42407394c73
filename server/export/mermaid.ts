/**
 * The Mermaid `flowchart` of the committed chains (or, without commitments,
 * of every linked card): one subgraph per column, links toward the goal.
 * Labels are quoted and every character Mermaid or Markdown could read as
 * syntax is written as a Mermaid entity code, so card text stays text.
 */
import { COLUMN_IDS, type Card } from '../../shared/model.ts';
import { excerpt } from '../../shared/text.ts';
import { columnTitle, type BoardView } from './view.ts';

const MAX_NODES = 150;

/** Escapes a label for `id["…"]`: Mermaid entity codes (`#quot;`, `#35;`) for anything syntactic. */
export function mermaidLabel(text: string): string {
  return excerpt(text, 60).replace(/[#"&<>`\\[\]{}()|;:*_~%]/g, (ch) => `#${ch.codePointAt(0)};`) || ' ';
}

/** The lines of the diagram (without the ``` fence). */
export function mermaidTrace(view: BoardView): string[] {
  const active = new Map(view.active.map((c) => [c.id, c]));
  const links = view.snapshot.links.filter((l) => active.has(l.from) && active.has(l.to));
  const chosen = new Set<string>();
  const live = view.commitments.filter((c) => c.commitment.status !== 'dropped');
  if (live.length) {
    for (const c of live) {
      for (const col of COLUMN_IDS) for (const card of c.trace[col]) chosen.add(card.id);
      for (const card of c.indicators) chosen.add(card.id);
    }
  } else {
    for (const l of links) {
      chosen.add(l.from);
      chosen.add(l.to);
    }
  }
  const nodes = view.active.filter((c) => chosen.has(c.id)).slice(0, MAX_NODES);
  const ids = new Map(nodes.map((c, i) => [c.id, `n${i + 1}`]));
  // Links point toward the goal; LR puts the goal on the right, as on an rtl board.
  const out = [`flowchart ${view.snapshot.board.direction === 'rtl' ? 'LR' : 'RL'}`];
  if (nodes.length === 0) {
    out.push('  empty["No linked cards yet"]');
    return out;
  }
  const committed = new Set(live.map((c) => c.commitment.card));
  for (const column of COLUMN_IDS) {
    const inColumn = nodes.filter((c) => c.column === column);
    if (inColumn.length === 0) continue;
    out.push(`  subgraph ${column} ["${mermaidLabel(columnTitle(column))}"]`);
    for (const card of inColumn) out.push(`    ${ids.get(card.id)}["${mermaidLabel(card.text)}"]`);
    out.push('  end');
  }
  for (const l of links) {
    const from = ids.get(l.from);
    const to = ids.get(l.to);
    if (from && to) out.push(`  ${from} --> ${to}`);
  }
  const committedIds = nodes.filter((c: Card) => committed.has(c.id)).map((c) => ids.get(c.id)!);
  if (committedIds.length) {
    out.push('  classDef committed stroke-width:3px,stroke:#1a7f37');
    out.push(`  class ${committedIds.join(',')} committed`);
  }
  const hidden = chosen.size - nodes.length;
  if (hidden > 0) out.push(`  %% ${hidden} more cards not shown`);
  return out;
}
