/**
 * Fonts for the PDF export. The PDF standard fonts only cover Latin-1, so we
 * embed DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew, many symbols)
 * from the `dejavu-fonts-ttf` package, falling back to the system's copy and
 * then to Helvetica. Characters the font lacks (emoji, CJK) are drawn as "□"
 * rather than as invisible or wrong glyphs.
 */
import PDFDocument from 'pdfkit';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface PdfFonts {
  regular: string;
  bold: string;
  /** True when a Unicode TTF is embedded; false means Helvetica (Latin-1 only). */
  unicode: boolean;
}

let cached: PdfFonts | undefined;

/** Paths of the regular and bold TTF to embed, or the standard-font names as a fallback. */
export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const dirs: string[] = [];
  try {
    const require = createRequire(import.meta.url);
    dirs.push(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // Package missing: try the system fonts below.
  }
  dirs.push('/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF');
  for (const dir of dirs) {
    const regular = join(dir, 'DejaVuSans.ttf');
    const bold = join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return (cached = { regular, bold, unicode: true });
  }
  return (cached = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false });
}

/** Zero-width code points that only modify their neighbours (joiners, variation selectors, skin tones, tags). */
function isModifier(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Replaces every grapheme the font cannot draw with "□" (one box per emoji,
 * however many code points it has). `hasGlyph` answers for one code point.
 */
export function printable(text: string, hasGlyph: (codePoint: number) => boolean, replacement = '□'): string {
  // Fast path, the common case: every character drawable, nothing to drop.
  let clean = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && (isModifier(cp) || !hasGlyph(cp))) {
      clean = false;
      break;
    }
  }
  if (clean) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const points = Array.from(segment, (ch) => ch.codePointAt(0)!);
    const drawable = points.every((cp) => cp < 0x20 || isModifier(cp) || hasGlyph(cp));
    out += drawable ? String.fromCodePoint(...points.filter((cp) => !isModifier(cp))) : replacement;
  }
  return out;
}

/** What Helvetica (WinAnsi) can draw: Latin-1 plus a few typographic marks. */
export function winAnsiGlyph(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)
    || [0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x20ac].includes(codePoint);
}

/** An A4 landscape pdfkit document with the export's fonts, `t` (text it can print) and `finish` (its bytes). */
export interface OpenPdf {
  doc: PDFKit.PDFDocument;
  /** The text with characters the font cannot draw replaced (□, or ? without a Unicode font). */
  t: (text: string) => string;
  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Uint8Array>;
}

/**
 * Starts a PDF export the way every export of the project does: A4 landscape,
 * `margin`, pages buffered (for page numbers), the body and bold fonts
 * registered, and the document info (title, creator, creation time).
 */
export function openPdf(options: { title: string; exportedAt: string; margin: number }): OpenPdf {
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', margin: options.margin, bufferPages: true, autoFirstPage: true,
    info: { Title: options.title, Creator: 'vcp-board', Producer: 'vcp-board (pdfkit)', CreationDate: new Date(options.exportedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('body');
  const glyphs = fontGlyphCheck(doc, fonts.unicode);
  return {
    doc,
    t: (text) => printable(text, glyphs, fonts.unicode ? '□' : '?'),
    async finish() {
      doc.end();
      await done;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

/** Which code points the current font draws (a Unicode font: asked of it, cached; else WinAnsi). */
export function fontGlyphCheck(doc: PDFKit.PDFDocument, unicode: boolean): (cp: number) => boolean {
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  if (unicode && typeof font?.hasGlyphForCodePoint === 'function') {
    const known = new Map<number, boolean>();
    return (cp) => known.get(cp) ?? known.set(cp, font.hasGlyphForCodePoint!(cp)).get(cp)!;
  }
  return unicode ? () => true : winAnsiGlyph;
}
