/**
 * Golden files for every export format, from the fixture boards in
 * tests/fixtures/exports (Unicode and emoji, an empty board, hostile text, very
 * long text). `UPDATE_GOLDEN=1 npx vitest run tests/unit/export-golden.test.ts`
 * rewrites them; otherwise the output must match byte for byte. The PDF is
 * checked for structure and text, not bytes (see export-pdf.test.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDocumentProxy } from 'unpdf';
import { exportBoard, exportJsonText, type ExportFormat } from '../../server/export/index.ts';
import { EXPORT_FIXTURES, fixtureInput, fixtureJsonText, GOLDEN_DIR } from '../fixtures/exports/load.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TEXT_FORMATS: ExportFormat[] = ['md', 'csv', 'ics', 'html'];

function golden(file: string, actual: string | Uint8Array): void {
  const path = join(GOLDEN_DIR, file);
  if (UPDATE || !existsSync(path)) {
    // A missing golden file is written (and the test still checks it was): new fixtures start green only once looked at.
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`golden file ${file} was missing and has been written: look at it, then rerun`);
    return;
  }
  const expected = readFileSync(path);
  expect(Buffer.from(actual).toString('utf8'), `${file} differs from its golden file (UPDATE_GOLDEN=1 to accept)`).toBe(expected.toString('utf8'));
}

describe.each(EXPORT_FIXTURES)('exports of the $name fixture', (fixture) => {
  it('json: the fixture board itself (export → import → export is identical)', () => {
    expect(exportJsonText(fixtureInput(fixture))).toBe(fixtureJsonText(fixture.name));
  });

  it.each(TEXT_FORMATS)('%s matches its golden file', async (format) => {
    const file = await exportBoard(format, fixtureInput(fixture));
    golden(`${fixture.name}.${format}`, file.body);
  });

  it('is a pure function of its input', async () => {
    for (const format of TEXT_FORMATS) {
      const a = await exportBoard(format, fixtureInput(fixture));
      const b = await exportBoard(format, fixtureInput(fixture));
      expect(a.body).toEqual(b.body);
    }
  });

  if (UPDATE) {
    it('writes the PDF to .tmp/exports, for looking at: a PDF file of this board', async () => {
      const input = fixtureInput(fixture);
      const file = await exportBoard('pdf', input);
      const path = join('.tmp/exports', `${fixture.name}.pdf`);
      mkdirSync('.tmp/exports', { recursive: true });
      writeFileSync(path, file.body);
      // What is on disk is a readable PDF of this board: pages, and the board's title in its metadata.
      const written = new Uint8Array(readFileSync(path));
      expect(Buffer.from(written.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const pdf = await getDocumentProxy(written);
      const { info } = await pdf.getMetadata();
      expect(pdf.numPages).toBeGreaterThanOrEqual(1);
      expect((info as { Title?: string }).Title).toBe(`${input.snapshot.board.title} — Product VCP`);
      await pdf.destroy();
    });
  }
});
