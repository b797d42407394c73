/**
 * PDF: checked for structure and text, not bytes. Structure from the file
 * itself (pages, landscape media box, embedded Unicode font, metadata); text
 * through unpdf (Mozilla's pdf.js text extraction, in JavaScript: no system tool).
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { exportPdf } from '../../server/export/pdf.ts';
import { printable } from '../../server/export/pdfFont.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

/** The PDF's text, line by line in reading order, pages separated by a form feed. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  await pdf.destroy();
  return text.join('\f');
}

function structure(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString('latin1');
  return {
    header: raw.slice(0, 5),
    pages: raw.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0,
    mediaBoxes: [...raw.matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number)),
    fonts: [...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => m[2]),
    eof: raw.trimEnd().endsWith('%%EOF'),
  };
}

describe('PDF export', () => {
  it('is a landscape A4 document: the VCP table page and the commitments page, with DejaVu Sans embedded', async () => {
    const s = structure(await exportPdf(fixture('example')));
    expect(s.header).toBe('%PDF-');
    expect(s.eof).toBe(true);
    expect(s.pages).toBe(2);
    for (const [, , w, h] of s.mediaBoxes) expect(w! > h!).toBe(true);
    expect(s.fonts).toEqual(expect.arrayContaining(['DejaVuSans', 'DejaVuSans-Bold']));
  });

  it('holds the table, the commitments, the read-back and the decision log as text', async () => {
    const text = await pdfText(await exportPdf(fixture('example')));
    const [tablePage, commitmentsPage] = text.split('\f');
    expect(tablePage).toMatch(/Initiatives\s+Value indicators\s+User behaviours\s+Customer value\s+Segments\s+Business goals/);
    expect(tablePage).toContain('Teamflow — FY2026 value creation plan');
    expect(tablePage).toContain('Weekly active planners');
    expect(tablePage).toContain('page 1 of 2');
    expect(commitmentsPage).toContain('Build the first capacity plan in every mid-market');
    expect(commitmentsPage).toContain('Read-back');
    expect(commitmentsPage).toContain('Override by Ana Souza');
    expect(commitmentsPage).toContain('page 2 of 2');
  });

  it('keeps the whole VCP on page one when cards serve several goals: each chain spelled out once, then the commitments', async () => {
    // As a workshop leaves it: the segment with the longest chain moves four goals, not one.
    const input = fixture('example');
    const { cards, links } = input.snapshot;
    const below = (id: string): number => links.filter((l) => l.to === id).reduce((n, l) => n + 1 + below(l.from), 0);
    const segment = cards.filter((c) => c.column === 'segment').sort((a, b) => below(b.id) - below(a.id))[0]!;
    const goal = cards.find((c) => c.column === 'goal')!;
    for (let i = 0; i < 3; i++) {
      cards.push({ ...goal, id: `goal-extra${i}`, text: `Extra goal ${i} this segment moves too` });
      links.push({ ...links.find((l) => l.from === segment.id)!, id: `link-extra${i}`, to: `goal-extra${i}` });
    }
    const bytes = await exportPdf(input);
    const [tablePage, commitmentsPage, ...rest] = (await pdfText(bytes)).split('\f');
    // Page one is the whole table; the commitments (and their read-back and log) start on page two.
    for (const page of [commitmentsPage!, ...rest]) expect(page).not.toMatch(/Initiatives\s+Value indicators/);
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    for (const card of cards.filter((c) => c.status === 'active')) expect(flat(tablePage!)).toContain(flat(card.text).slice(0, 24));
    expect(flat(tablePage!)).toContain('its chain continues as above');
    expect(commitmentsPage).toMatch(/^Commitments — /);
  });

  it('draws hostile text as text, Unicode with the embedded font, and emoji as boxes', async () => {
    const hostile = await pdfText(await exportPdf(fixture('hostile')));
    const unicode = await pdfText(await exportPdf(fixture('unicode')));
    expect(hostile).toContain('=HYPERLINK("http://x","y") <script>alert(1)</script>');
    expect(unicode).toContain('Säljplan 2026 — «VCP» □');
    expect(unicode).toContain('Wöchentlich aktive');
    expect(unicode).toContain('Öka ARR till 12 M€ □');
  });

  it('keeps a very large board readable: the table paginates with its header on every page', async () => {
    const input = fixture('example');
    const base = input.snapshot.cards.filter((c) => c.column === 'initiative')[0]!;
    const links = input.snapshot.links.filter((l) => l.from === base.id);
    for (let i = 0; i < 150; i++) {
      input.snapshot.cards.push({ ...base, id: `extra${i}`, text: `Extra initiative ${i} with enough words to wrap onto a second line in its cell` });
      for (const l of links) input.snapshot.links.push({ ...l, id: `extra-link${i}-${l.id}`, from: `extra${i}` });
    }
    const bytes = await exportPdf(input);
    const s = structure(bytes);
    expect(s.pages).toBeGreaterThan(3);
    const text = await pdfText(bytes);
    const pages = text.split('\f').filter((p) => p.trim());
    for (const page of pages.slice(0, s.pages - 1)) expect(page).toMatch(/Initiatives\s+Value indicators/);
  });

  it('printable(): one box per grapheme the font lacks, modifiers dropped', () => {
    const latinOnly = (cp: number) => cp < 0x250 || cp === 0x25a1;
    expect(printable('Plan 👩‍👩‍👧 🇸🇪 ✅ done', latinOnly)).toBe('Plan □ □ □ done');
    expect(printable('Zoë', latinOnly)).toBe('Zoë');
    expect(printable('山田', latinOnly, '?')).toBe('??');
  });
});
