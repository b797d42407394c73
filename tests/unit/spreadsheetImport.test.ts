/** Cards from a spreadsheet (shared/spreadsheetImport.ts): CSV, semicolons, pasted tab-separated rows. */
import { describe, expect, it } from 'vitest';
import { describeIssue, parseSpreadsheet } from '../../shared/spreadsheetImport.ts';

describe('spreadsheet rows to cards', () => {
  it('reads a CSV with a header: column, text and card fields, quoted commas and line breaks', () => {
    const csv = [
      'Column,Text,Metric,Owner,Confidence,Baseline,Baseline as of',
      'goal,"Grow NRR to 115%, by 2026",Net revenue retention,Ana,,,',
      'Initiatives,"Spreadsheet import',
      'with preview",,Jonas,High,,',
      'value indicators,Weekly active planners,,,,"22,5",2026-01-31',
    ].join('\r\n');
    const preview = parseSpreadsheet(csv);
    expect(preview.issues).toEqual([]);
    expect(preview.hasHeader).toBe(true);
    expect(preview.delimiter).toBe(',');
    expect(preview.cards).toEqual([
      { line: 2, column: 'goal', text: 'Grow NRR to 115%, by 2026', metric: 'Net revenue retention', author: 'Ana' },
      { line: 3, column: 'initiative', text: 'Spreadsheet import\nwith preview', author: 'Jonas', confidence: 'high' },
      { line: 5, column: 'indicator', text: 'Weekly active planners', baselineValue: 22.5, baselineAsOf: '2026-01-31' },
    ]);
  });

  it('reads tab-separated rows pasted from Sheets or Excel, and semicolon CSV with a byte order mark', () => {
    const pasted = parseSpreadsheet('segment\tMid-market ops teams, DACH\nbehaviour\tOps leads plan in the tool\n');
    expect(pasted.delimiter).toBe('\t');
    expect(pasted.hasHeader).toBe(false);
    expect(pasted.cards.map((c) => [c.column, c.text])).toEqual([['segment', 'Mid-market ops teams, DACH'], ['behaviour', 'Ops leads plan in the tool']]);
    const excel = parseSpreadsheet('\ufeffcolumn;text;target\nindicator;Days to first plan;7\n');
    expect(excel.delimiter).toBe(';');
    expect(excel.cards).toEqual([{ line: 2, column: 'indicator', text: 'Days to first plan', targetValue: 7 }]);
  });

  it('puts one-column rows into the default column, skipping empty lines', () => {
    const preview = parseSpreadsheet('First idea\n\nSecond idea\n', { defaultColumn: 'initiative' });
    expect(preview.cards.map((c) => [c.line, c.column, c.text])).toEqual([[1, 'initiative', 'First idea'], [3, 'initiative', 'Second idea']]);
  });

  it('names every bad cell by line and column, and imports none of those rows', () => {
    const csv = [
      'column,text,confidence,metric,target by,notes',
      'goal,Grow ARR,,ARR,,keep',
      'roadmap,Q3 themes,,,,',
      'initiative,,high,,,',
      'initiative,Pilot,very high,,,',
      'segment,Nordics,,Revenue,,',
      'indicator,Weekly planners,,,30/09/2026,',
    ].join('\n');
    const preview = parseSpreadsheet(csv);
    expect(preview.cards.map((c) => c.text)).toEqual(['Grow ARR']);
    expect(preview.ignored).toEqual(['notes']);
    expect(preview.issues.map(describeIssue)).toEqual([
      expect.stringMatching(/^line 3, column "column": "roadmap" is not a VCP column; use one of goal \(Business goals\)/),
      'line 4, column "text": empty: a card needs its text',
      'line 5, column "confidence": "very high" must be one of low, medium, high',
      'line 6, column "metric": does not apply to Segments cards',
      'line 7, column "target by": "30/09/2026" must be a date written YYYY-MM-DD',
    ]);
  });

  it('says where a quote was never closed, and what a header without a column column misses', () => {
    expect(parseSpreadsheet('goal,ok\nvalue,"never closed\nsegment,x').issues).toEqual([{ line: 2, column: '', message: 'a quote (") opens a cell here and is never closed' }]);
    expect(parseSpreadsheet('text,metric\nGrow ARR,ARR').issues[0]?.message).toMatch(/no "column" column/);
  });
});
