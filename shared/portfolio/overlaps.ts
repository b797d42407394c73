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

/** How alike two texts are: 1 for the same significant words, else the Dice coefficient, and the words they share. */
export function textSimilarity(a: string, b: string): { similarity: number; shared: string[] } {
  const wa = significantWords(a);
  const wb = new Set(significantWords(b).map((w) => w.stem));
  if (wa.length === 0 || wb.size === 0) return { similarity: 0, shared: [] };
  const shared = wa.filter((w) => wb.has(w.stem)).map((w) => w.word);
  const similarity = (2 * shared.length) / (wa.length + wb.size);
  return { similarity: Math.round(similarity * 100) / 100, shared };
}

/** Whether two texts are near-identical (see the module comment). */
export function isNearIdentical(a: string, b: string): boolean {
  const { similarity, shared } = textSimilarity(a, b);
  return similarity === 1 || (shared.length >= 2 && similarity >= OVERLAP_THRESHOLD);
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
  const out: RollupOverlap[] = [];
  const side = (c: SegmentCard): OverlapSide => ({ board: c.board, boardTitle: c.boardTitle, card: { id: c.card.id, text: excerptText(c.card.text) } });
  for (let i = 0; i < cards.length; i++) {
    const a = cards[i]!;
    for (let j = i + 1; j < cards.length; j++) {
      const b = cards[j]!;
      if (a.board === b.board || a.card.column !== b.card.column) continue;
      const segment = segments.find((s) => a.segments.has(s.id) && b.segments.has(s.id));
      if (!segment) continue;
      const { similarity, shared } = textSimilarity(a.card.text, b.card.text);
      if (!(similarity === 1 || (shared.length >= 2 && similarity >= OVERLAP_THRESHOLD))) continue;
      out.push({ segment, column: a.card.column as 'behaviour' | 'indicator', sides: [side(a), side(b)], similarity, shared });
    }
  }
  return out.sort((x, y) => y.similarity - x.similarity).slice(0, MAX_OVERLAPS);
}
