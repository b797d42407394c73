/**
 * Shortening text for labels, messages, exports and stored limits, in one
 * place. Lengths count UTF-16 code units, the unit of `string.length` and of
 * every text limit the board JSON and the document layer check, so an excerpt
 * always fits the limit it was cut for. A cut never falls inside a grapheme
 * (an emoji with its modifiers, a flag, a letter with combining marks), so it
 * never splits a surrogate pair either.
 */

/** How `excerpt` reads the text before shortening it. */
type ExcerptLines =
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

/**
 * Made on the first cut that needs it (a cut between two characters not both
 * ASCII): a segmenter loads ICU's grapheme rules, ~3 MB of a server's memory
 * that most boards never use.
 */
let segmenter: Intl.Segmenter | null | undefined;
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/**
 * `text` shortened to at most `max` UTF-16 code units, ellipsis included,
 * cut at a grapheme boundary (whitespace before the ellipsis is dropped).
 */
export function excerpt(text: string, max: number, options: ExcerptOptions = {}): string {
  const lines = options.lines ?? 'join';
  const line = lines === 'join' ? text.replace(/\s+/g, ' ').trim()
    : lines === 'first' ? (text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '')
      : text;
  if (!/\S/.test(line)) return options.empty ?? (lines === 'keep' ? line : '');
  if (line.length <= max) return line;
  const ellipsis = options.ellipsis ?? '…';
  const cut = graphemeCut(line, Math.max(0, max - ellipsis.length));
  const head = ellipsis ? line.slice(0, cut).trimEnd() : line.slice(0, cut);
  return `${head}${ellipsis}`;
}

/** The largest grapheme boundary at or before `units`. */
function graphemeCut(text: string, units: number): number {
  if (units <= 0) return 0;
  // Segmenting costs time in the length of what is segmented: start at the nearest boundary
  // that is certain without it (between two ASCII characters); often that is the cut itself.
  let start = units;
  while (start > 0 && !asciiBoundary(text, start)) start--;
  if (start === units) return units;
  const segmenter = graphemeSegmenter();
  if (!segmenter) {
    // Without Intl.Segmenter (older browsers): at least never inside a surrogate pair.
    const code = text.charCodeAt(units - 1);
    return code >= 0xd800 && code <= 0xdbff ? units - 1 : units;
  }
  // The grapheme the cut falls into starts at the boundary wanted. Whether there is a boundary at
  // the cut depends on what follows it (a skin tone, a combining mark), hence the characters after.
  const grapheme = segmenter.segment(text.slice(start, units + 32)).containing(units - start);
  return grapheme ? start + grapheme.index : start;
}

/** Between two ASCII characters (other than CR LF) there is always a grapheme boundary. */
function asciiBoundary(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  const after = text.charCodeAt(i);
  return before < 0x80 && after < 0x80 && !(before === 13 && after === 10);
}

/** How a stored text is cut to its limit: as it is, without a mark. */
export const CUT: Readonly<ExcerptOptions> = Object.freeze({ lines: 'keep', ellipsis: '' });
