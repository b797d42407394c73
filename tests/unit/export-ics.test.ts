/** ICS: RFC 5545 all-day events with stable UIDs, escaping and line folding. */
import { describe, expect, it } from 'vitest';
import { exportIcs } from '../../server/export/ics.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

/** Content lines after unfolding (RFC 5545 3.1). */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

describe('ICS export', () => {
  it('writes CRLF lines of at most 75 octets', () => {
    for (const f of EXPORT_FIXTURES) {
      const ics = exportIcs(fixtureInput(f));
      expect(ics.endsWith('\r\n') || ics.endsWith('END:VCALENDAR'), f.name).toBe(true);
      for (const line of ics.split('\r\n')) {
        expect(Buffer.byteLength(line), `${f.name}: ${line}`).toBeLessThanOrEqual(75);
        expect(line).not.toMatch(/[\r\n]/);
      }
    }
  });

  it('has an all-day event per due date and checkpoint of agreed commitments, and the next review, with stable UIDs', () => {
    const lines = unfold(exportIcs(fixture('example')));
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:ZTB54Q3jxTm4-commitment-due@vcp-board',
      'UID:ZTB54Q3jxTm4-commitment-checkpoint@vcp-board',
      'UID:capacity-import-due@vcp-board',
      'UID:capacity-import-checkpoint@vcp-board',
      'UID:teamflow-fy26-vcp-review@vcp-board',
    ]);
    expect(lines).toContain('DTSTART;VALUE=DATE:20260831');
    expect(lines).toContain('DTEND;VALUE=DATE:20260901');
    expect(lines).toContain('DTSTART;VALUE=DATE:20260414');
    expect(lines.filter((l) => l.startsWith('DTSTAMP:'))).toEqual(Array(5).fill('DTSTAMP:20260310T163000Z'));
    // The proposed expansion pilot is no commitment yet.
    expect(lines.join('\n')).not.toContain('expansion-pilot');
  });

  it('escapes text so no card or title can add properties or components', () => {
    const ics = exportIcs(fixture('hostile'));
    const lines = unfold(ics);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('BEGIN:') || l.startsWith('END:'))).toEqual(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'END:VEVENT', 'END:VCALENDAR']);
    expect(lines).toContain('NAME:=HYPERLINK("http://x"\\,"y") <script>alert(1)</script> — commitments');
    const input = fixture('hostile');
    input.snapshot.board.title = 'Plan\nBEGIN:VEVENT\r\nUID:evil; x, y\\';
    const injected = unfold(exportIcs(input));
    expect(injected.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(injected.find((l) => l.startsWith('NAME:'))).toBe('NAME:Plan BEGIN:VEVENT UID:evil\\; x\\, y\\\\ — commitments');
  });

  it('an empty board is an empty calendar', () => {
    expect(unfold(exportIcs(fixture('empty')))).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//vcp-board//Product VCP board//EN', 'NAME:Empty board — commitments', 'X-WR-CALNAME:Empty board — commitments', 'END:VCALENDAR']);
  });
});
