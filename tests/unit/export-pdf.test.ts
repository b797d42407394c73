/**
 * PDF: checked for structure and text, not bytes. Structure from the file
 * itself (pages, landscape media box, embedded Unicode font, metadata); text
 * through poppler's pdftotext (apt-get install poppler-utils; .ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPdf } from '../../server/export/pdf.ts';
import { printable } from '../../server/export/pdfFont.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);
const dir = mkdtempSync(join(tmpdir(), 'vcp-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The PDF's text in reading order (needs poppler's pdftotext, like the browser tests need Chromium). */
function pdfText(bytes: Uint8Array, name: string): string {
  if (!hasPdftotext()) throw new Error('pdftotext is missing: apt-get install poppler-utils (see README)');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
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
    const text = pdfText(await exportPdf(fixture('example')), 'example');
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

  it('draws hostile text as text, Unicode with the embedded font, and emoji as boxes', async () => {
    const hostile = pdfText(await exportPdf(fixture('hostile')), 'hostile');
    const unicode = pdfText(await exportPdf(fixture('unicode')), 'unicode');
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
    const text = pdfText(bytes, 'large');
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
