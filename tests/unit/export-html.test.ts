/** HTML: escaped text, landscape print CSS, columns in the board's direction, the commitments page. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, exportHtml } from '../../server/export/html.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

describe('HTML export', () => {
  it('escapes every piece of board text', () => {
    expect(escapeHtml('<a href="x">\'&\'</a>')).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    const html = exportHtml(fixture('hostile'));
    expect(html).not.toMatch(/<script|<img|<b>|<i>|onerror=alert(?![^<]*&#)/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    // Only our own tags: a closed list.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['body', 'br', 'col', 'colgroup', 'div', 'h1', 'h3', 'head', 'header', 'html', 'li', 'meta', 'ol', 'section', 'span', 'strong', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul'].filter((t) => tags.has(t)).sort());
    expect(tags.has('script')).toBe(false);
  });

  it('prints on landscape pages: the VCP table, then the commitments', () => {
    const html = exportHtml(fixture('example'));
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html.match(/<section class="page">/g)).toHaveLength(2);
    expect(html).toContain('<h1>Commitments</h1>');
  });

  it('orders the six columns in the board direction', () => {
    const heads = (html: string) => [...html.split('<tbody>')[0]!.matchAll(/<th class="(\w+)">/g)].map((m) => m[1]);
    expect(heads(exportHtml(fixture('example')))).toEqual(['initiative', 'indicator', 'behaviour', 'value', 'segment', 'goal']);
    expect(heads(exportHtml(fixture('unicode')))).toEqual(['goal', 'segment', 'value', 'behaviour', 'indicator', 'initiative']);
  });

  it('shortens very long card text in the one-page table', () => {
    const html = exportHtml(fixture('hostile'));
    expect(html).not.toContain('ENDE');
    expect(html.length).toBeLessThan(30_000);
  });

  it('an empty board prints an empty table and no commitments', () => {
    const html = exportHtml(fixture('empty'));
    expect(html).toContain('No cards on the board yet.');
    expect(html).toContain('No commitments yet.');
  });
});
