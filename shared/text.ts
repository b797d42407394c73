/**
 * Shortening text for labels, messages, exports and stored limits, in one
 * place. Lengths count UTF-16 code units, the unit of `string.length` and of
 * every text limit the board JSON and the document layer check, so an excerpt
 * always fits the limit it was cut for. A cut never falls inside a grapheme
 * (an emoji with its modifiers, a flag, a letter with combining marks), so it
 * never splits a surrogate pair either.
 */

/** How `excerpt` reads the text before shortening it. */
export type ExcerptLines =
  /** The whole text on one line: runs of whitespace (newlines included) become one space; trimmed. */
  | 'join'
  /** Only the first line that is not blank, trimmed. */
  | 'first'
  /** The text as it is (storage limits, multi-line renderings). */
  | 'keep';

export interface ExcerptOptions {
  /** Default `join`. */
  lines?: ExcerptLines;
  /** Appended when the text was shortened (counted in `max`); default `…`, `''` cuts without a mark. */
  ellipsis?: string;
  /** What a blank text reads as; default `''`. */
  empty?: string;
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/**
 * `text` shortened to at most `max` UTF-16 code units, ellipsis included,
 * cut at a grapheme boundary (whitespace before the ellipsis is dropped).
 */
export function excerpt(text: string, max: number, options: ExcerptOptions = {}): string {
  const lines = options.lines ?? 'join';
  const line = lines === 'join' ? text.replace(/\s+/g, ' ').trim()
    : lines === 'first' ? (text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '')
      : text;
  if (!line.trim()) return options.empty ?? (lines === 'keep' ? line : '');
  if (line.length <= max) return line;
  const ellipsis = options.ellipsis ?? '…';
  const cut = graphemeCut(line, Math.max(0, max - ellipsis.length));
  const head = ellipsis ? line.slice(0, cut).trimEnd() : line.slice(0, cut);
  return `${head}${ellipsis}`;
}

/** The largest grapheme boundary at or before `units`. */
function graphemeCut(text: string, units: number): number {
  if (segmenter) {
    let cut = 0;
    for (const { index, segment } of segmenter.segment(text)) {
      if (index + segment.length > units) break;
      cut = index + segment.length;
    }
    return cut;
  }
  // Without Intl.Segmenter (older browsers): at least never inside a surrogate pair.
  const code = text.charCodeAt(units - 1);
  return code >= 0xd800 && code <= 0xdbff ? units - 1 : units;
}
