/** CSV: one row per commitment, RFC 4180 quoting, formula injection neutralised, optional BOM. */
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, exportCsv, neutraliseFormula } from '../../server/export/csv.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

/** A small RFC 4180 reader, to read the export back as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2', '@SUM(1)', '\tx', '\rx', '=HYPERLINK("http://x","y")']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['', 'a=1', ' =1', '2026-01-01', '"=1"', 'ok']) expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('reads back as one row per commitment with the header, every cell intact or neutralised', () => {
    const input = fixture('hostile');
    const rows = parseCsv(exportCsv(input));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + input.snapshot.commitments.length);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const [, first] = rows;
    const cell = (name: (typeof CSV_COLUMNS)[number]) => first![CSV_COLUMNS.indexOf(name)];
    expect(cell('title')).toBe('\'=HYPERLINK("http://x","y")');
    expect(cell('owner')).toBe("'@Mallory");
    expect(cell('contributors')).toBe('\'-Eve | "Trudy", the intruder');
    expect(cell('definition_of_done')).toBe('<script>alert(1)</script>\nline two; with, commas and "quotes"');
    expect(cell('initiative')).toBe("'+SUM(A1:A9) BEGIN:VEVENT END:VCALENDAR");
    expect(cell('segment')).toBe('\'=HYPERLINK("http://x","y")');
    expect(cell('due')).toBe('2026-07-01');
    for (const row of rows.slice(1)) for (const c of row) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('flattens the trace into one column per VCP column, joining several cards with " | "', () => {
    const rows = parseCsv(exportCsv(fixture('unicode')));
    const m1 = rows.find((r) => r[0] === 'u-m1')!;
    expect(m1[CSV_COLUMNS.indexOf('indicator')]).toBe('Wöchentlich aktive Planer:innen | ARR pro Konto');
    expect(m1[CSV_COLUMNS.indexOf('goal')]).toBe('Öka ARR till 12 M€ 📈');
    expect(m1[CSV_COLUMNS.indexOf('consent_at')]).toBe('2026-03-03T11:00:00.000Z');
    expect(rows.find((r) => r[0] === 'u-m2')![CSV_COLUMNS.indexOf('orphan')]).toBe('yes');
  });

  it('starts with a UTF-8 BOM only when asked', () => {
    const plain = exportCsv(fixture('unicode'));
    const bom = exportCsv(fixture('unicode'), { bom: true });
    expect(plain.charCodeAt(0)).not.toBe(0xfeff);
    expect(bom).toBe(`\ufeff${plain}`);
    expect(exportCsv(fixture('empty'))).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
