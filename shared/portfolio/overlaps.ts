/**
 * Overlaps between member boards: two boards whose behaviours (or value
 * indicators) toward the same portfolio segment say nearly the same thing,
 * so the teams are about to compete for the same users' same behaviour.
 *
 * "The same" is judged on the cards' words, not their ids (each board wrote
 * its own card): both texts are reduced to their significant words (accents,
 * case and punctuation dropped, common English filler words left out, a light
 * stemming so "invites" / "inviting" / "invited" meet), then compared by the
 * Dice coefficient. Two cards overlap when their words are the same, or when
 * they share at least two significant words and the coefficient is at least
 * OVERLAP_THRESHOLD. Pure.
 */
import type { Card } from '../model.ts';
import type { OverlapSide, RollupCard, RollupOverlap } from './rollupModel.ts';

/** Dice coefficient from which two cards' texts count as near-identical. */
export const OVERLAP_THRESHOLD = 0.5;
/** Overlaps reported at most (a portfolio with more needs another conversation). */
export const MAX_OVERLAPS = 200;

const FILLER = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'into', 'within', 'per', 'as',
  'their', 'our', 'its', 'his', 'her', 'your', 'is', 'are', 'be', 'been', 'was', 'were', 'that', 'this', 'these', 'those',
  'they', 'we', 'it', 'them', 'who', 'which', 'than', 'more', 'less', 'so', 'do', 'does', 'can', 'will', 'should', 'every', 'each',
]);

/** A word reduced to its stem for comparison ("invites", "inviting", "invited" → "invit"). */
function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** The significant words of a text, as written (lower case, no accents), each with its stem. */
export function significantWords(text: string): { word: string; stem: string }[] {
  const words = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const out: { word: string; stem: string }[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    if (!word || FILLER.has(word)) continue;
    const s = stem(word);
    if (seen.has(s)) continue;
    seen.add(s);
    out.push({ word, stem: s });
  }
  return out;
}

/** How alike two texts' significant words are: 1 for the same words, else the Dice coefficient, and the words they share. */
function wordSimilarity(a: readonly { word: string; stem: string }[], b: ReadonlySet<string>): { similarity: number; shared: string[] } {
  if (a.length === 0 || b.size === 0) return { similarity: 0, shared: [] };
  const shared = a.filter((w) => b.has(w.stem)).map((w) => w.word);
  const similarity = (2 * shared.length) / (a.length + b.size);
  return { similarity: Math.round(similarity * 100) / 100, shared };
}

/** How alike two texts are: 1 for the same significant words, else the Dice coefficient, and the words they share. */
export function textSimilarity(a: string, b: string): { similarity: number; shared: string[] } {
  return wordSimilarity(significantWords(a), new Set(significantWords(b).map((w) => w.stem)));
}

const near = ({ similarity, shared }: { similarity: number; shared: string[] }) => similarity === 1 || (shared.length >= 2 && similarity >= OVERLAP_THRESHOLD);

/** Whether two texts are near-identical (see the module comment). */
export function isNearIdentical(a: string, b: string): boolean {
  return near(textSimilarity(a, b));
}

/** A board's behaviour or indicator card and the portfolio segments it reaches. */
export interface SegmentCard {
  board: string;
  boardTitle: string;
  card: Card;
  segments: ReadonlySet<string>;
}

/**
 * The overlaps among cards of different boards: for each pair of the same
 * column that reach a common portfolio segment and read near-identical, one
 * overlap under the first such segment (in the portfolio's order). Most alike first.
 */
export function findOverlaps(cards: readonly SegmentCard[], segments: readonly RollupCard[], excerptText: (text: string) => string): RollupOverlap[] {
  const found: { i: number; j: number; segment: RollupCard; column: 'behaviour' | 'indicator'; alike: { similarity: number; shared: string[] } }[] = [];
  const side = (c: SegmentCard): OverlapSide => ({ board: c.board, boardTitle: c.boardTitle, card: { id: c.card.id, text: excerptText(c.card.text) } });
  // Each card's words once, and only cards of one column toward one segment compared: the pairs are many, the cards few.
  const words = cards.map((c) => significantWords(c.card.text));
  const stems = words.map((w) => new Set(w.map((x) => x.stem)));
  const seen = new Set<string>();
  for (const segment of segments) {
    for (const column of ['behaviour', 'indicator'] as const) {
      const group = cards.flatMap((c, i) => (c.card.column === column && c.segments.has(segment.id) ? [i] : []));
      for (let x = 0; x < group.length; x++) {
        const i = group[x]!;
        for (let y = x + 1; y < group.length; y++) {
          const j = group[y]!;
          const pair = `${i}:${j}`;
          if (cards[i]!.board === cards[j]!.board || seen.has(pair)) continue;
          const alike = wordSimilarity(words[i]!, stems[j]!);
          if (!near(alike)) continue;
          // Reported once, under the first segment (in the portfolio's order) both reach.
          seen.add(pair);
          found.push({ i, j, segment, column, alike });
        }
      }
    }
  }
  // Sides are written only for the overlaps reported.
  return found.sort((x, y) => y.alike.similarity - x.alike.similarity).slice(0, MAX_OVERLAPS)
    .map(({ i, j, segment, column, alike }) => ({ segment, column, sides: [side(cards[i]!), side(cards[j]!)], ...alike }));
}
