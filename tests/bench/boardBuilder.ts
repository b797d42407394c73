/**
 * Builds a realistic board document through the document layer: cards written
 * by several participants (separate Y.Docs, so several client ids), realistic
 * text and column fields, some later text edits (tombstones), and links.
 */
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { addCard, addLink, initBoard, setCardText, type NewCard } from '../../shared/doc/index.ts';
import { COLUMN_IDS, type ColumnId } from '../../shared/model.ts';
import { mulberry32 } from '../property/prng.ts';

const WORDS = (
  'customers onboarding faster trial conversion churn enterprise segment mid-market admins weekly active teams ' +
  'invite colleagues dashboard adoption reporting integration salesforce renewal expansion revenue activation ' +
  'self-serve pricing page demo request support tickets resolution time usage depth workflow templates mobile ' +
  'notifications retention cohort quarter target baseline experiment discovery interviews prototype launch ' +
  'partners marketplace analytics export security review compliance procurement champion power users feedback'
).split(' ');

/** Deterministic pseudo-random numbers (so every run builds the same board): the property tests' mulberry32. */
export const rng = mulberry32;

export function sentence(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fieldsFor(column: ColumnId, rand: () => number): Partial<NewCard> {
  switch (column) {
    case 'goal':
      return { metric: rand() < 0.5 ? 'ARR' : 'Net revenue retention' };
    case 'behaviour':
      return rand() < 0.6 ? { actor: 'Team admins', current: sentence(rand, 4, 10), desired: sentence(rand, 4, 10) } : {};
    case 'indicator':
      return rand() < 0.7
        ? { definition: sentence(rand, 6, 14), unit: '%', direction: 'increase', baselineValue: Math.round(rand() * 100), baselineAsOf: '2025-01-15', targetValue: Math.round(rand() * 100), targetBy: '2025-12-31' }
        : {};
    case 'initiative':
      return { initiativeType: 'experiment', function: 'product', confidence: 'medium', evidence: 'anecdote' };
    default:
      return {};
  }
}

export interface BuiltBoard {
  doc: Y.Doc;
  cardIds: string[];
  links: number;
}

/** A board of `cards` cards by `authors` participants, ~1 link per 10 cards, 20 % of texts edited later. */
export function buildBoard(cards: number, options: { authors?: number; seed?: number } = {}): BuiltBoard {
  const rand = rng(options.seed ?? 42);
  const doc = new Y.Doc();
  initBoard(doc, { title: `Bench board with ${cards} cards`, createdAt: 1_700_000_000_000 });
  const authors = Array.from({ length: options.authors ?? 6 }, () => new Y.Doc());
  const lastOrder = new Map<ColumnId, string | null>(COLUMN_IDS.map((c) => [c, null]));
  const byColumn = new Map<ColumnId, string[]>(COLUMN_IDS.map((c) => [c, []]));
  const cardIds: string[] = [];
  for (let i = 0; i < cards; i++) {
    const author = authors[i % authors.length]!;
    const column = COLUMN_IDS[Math.floor(rand() * COLUMN_IDS.length)]!;
    // Appending at the end of the column; the key is computed here so that each
    // add does not re-read the whole board (addCard would, via `orderFor`).
    const order = generateKeyBetween(lastOrder.get(column) ?? null, null);
    lastOrder.set(column, order);
    let update: Uint8Array | undefined;
    const grab = (u: Uint8Array) => (update = u);
    author.once('update', grab);
    const id = addCard(author, {
      column,
      order,
      text: sentence(rand, 3, 18),
      author: `Participant ${i % authors.length}`,
      createdAt: 1_700_000_000_000 + i * 1000,
      ...fieldsFor(column, rand),
    });
    Y.applyUpdate(doc, update!);
    cardIds.push(id);
    byColumn.get(column)!.push(id);
  }
  // Later edits (by the facilitator's client): a fifth of the texts reworded.
  for (const id of cardIds) {
    if (rand() < 0.2) setCardText(doc, id, sentence(rand, 3, 18));
  }
  // Links between neighbouring columns.
  let links = 0;
  const target = Math.floor(cards / 10);
  for (let tries = 0; links < target && tries < target * 5; tries++) {
    const c = 1 + Math.floor(rand() * (COLUMN_IDS.length - 1));
    const from = byColumn.get(COLUMN_IDS[c]!)!;
    const to = byColumn.get(COLUMN_IDS[c - 1]!)!;
    if (from.length === 0 || to.length === 0) continue;
    addLink(doc, from[Math.floor(rand() * from.length)]!, to[Math.floor(rand() * to.length)]!, rand() < 0.3 ? sentence(rand, 4, 12) : '');
    links++;
  }
  for (const a of authors) a.destroy();
  return { doc, cardIds, links };
}
