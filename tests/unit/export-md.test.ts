/** Markdown: escaped board text, every section, and a Mermaid diagram with safe labels. */
import { describe, expect, it } from 'vitest';
import { exportMarkdown, md } from '../../server/export/markdown.ts';
import { mermaidLabel } from '../../server/export/mermaid.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

describe('Markdown export', () => {
  it('escapes HTML and Markdown syntax in board text', () => {
    expect(md('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md('[x](javascript:y) *a* _b_ `c` | d ~e~ # f \\')).toBe('\\[x\\](javascript:y) \\*a\\* \\_b\\_ \\`c\\` \\| d \\~e\\~ \\# f \\\\');
    expect(md('two\nlines\r\nhere')).toBe('two lines here');
  });

  it('has every section, in order', () => {
    const text = exportMarkdown(fixture('example'));
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Goals and chains', '## Value indicators', '## Commitments', '## Trace check', '## Parked items', '## Decision log', '## Vote tallies', '## Next review', '## Trace diagram']);
    expect(text).toContain('- **Facilitator:** Ana Souza');
    expect(text).toContain('- **Attendees:** Priya Nair, Jonas Berg, Lea Meyer, Tomás Alves');
    expect(text).toContain('_We believe mid-market ops teams add seats fastest once their planning runs in the tool._');
    expect(text).toContain('**Override** by Ana Souza: The browser extension stays a discovery item');
    expect(text).toContain('| CS-led kickoff: build the first capacity plan together in the onboarding call | Initiatives | 7 |');
    expect(text).toContain('> We believe that if ops leads plan capacity in Teamflow');
  });

  it('names every objection of a consent round, with its text, in the decision log', () => {
    const log = exportMarkdown(fixture('example')).split('## Decision log')[1]!.split('\n## ')[0]!.split('\n');
    const refused = log.findIndex((l) => l.includes('**Consent** on “Capacity view with one-click spreadsheet import”: not agreed'));
    expect(refused).toBeGreaterThan(0);
    expect(log[refused + 1]).toBe('  - Objection from Lea Meyer (down): Q3 is too late for the renewal wave');
    // A remark from someone who did not object is kept too, marked as a remark.
    const kickoff = log.findIndex((l) => l.includes('**Consent** on “Build the first capacity plan'));
    expect(log[kickoff + 1]).toBe('  - Remark from Lea Meyer (3): Needs a CS playbook update first');
    // The round agreed later has no objection: nothing listed under it.
    const agreed = log.findIndex((l) => l.includes('spreadsheet import”: agreed'));
    expect(log[agreed + 1]?.startsWith('  - ')).toBe(false);
  });

  it('no hostile text escapes its place', () => {
    const text = exportMarkdown(fixture('hostile'));
    expect(text).not.toMatch(/<script|<img|<b>|<i>/);
    expect(text).not.toMatch(/(?<!\\)\](?:\(|: )javascript:/);
    // Every table row has the same number of cells as its header: no pipe broke out.
    const tables = text.split('\n\n').filter((block) => block.startsWith('| '));
    for (const table of tables) {
      const counts = table.split('\n').map((row) => row.split(/(?<!\\)\|/).length);
      expect(new Set(counts).size, table.slice(0, 80)).toBe(1);
    }
    const fences = text.split('\n').filter((l) => l.startsWith('```'));
    expect(fences).toEqual(['```mermaid', '```']);
  });

  it('Mermaid labels carry no syntax', () => {
    expect(mermaidLabel('"]; click n1 call alert() %% end')).toBe('#34;#93;#59; click n1 call alert#40;#41; #37;#37; end');
    expect(mermaidLabel('')).toBe(' ');
    const diagram = exportMarkdown(fixture('hostile')).split('```mermaid\n')[1]!.split('\n```')[0]!.split('\n');
    expect(diagram[0]).toBe('flowchart LR');
    for (const line of diagram.slice(1)) {
      expect(line).toMatch(/^ {2}(subgraph \w+ \["[^"]*"\]|end|n\d+ --> n\d+|classDef committed .*|class [n\d,]+ committed| {2}n\d+\["[^"<>`]*"\]|%% .*)$/);
    }
  });

  it('an empty board says so rather than leaving holes', () => {
    const text = exportMarkdown(fixture('empty'));
    expect(text).toContain('_No goals yet._');
    expect(text).toContain('_No decisions recorded._');
    expect(text).toContain('empty["No linked cards yet"]');
    expect(text).toContain('- **Attendees:** _not recorded_');
  });

  it('lists check-ins per commitment, escaped, and leaves the section out when there are none', () => {
    const input = fixture('example');
    const commitment = input.snapshot.commitments[0]!;
    const text = exportMarkdown({
      ...input,
      checkIns: [
        { id: 'k1', commitment: commitment.id, by: 'Ana <b>', status: 'at-risk', note: 'Slow | *start*', value: 14, date: '2026-03-01', at: '2026-03-01T09:00:00.000Z' },
        { id: 'k2', commitment: 'not-a-commitment', by: 'X', status: 'done', note: 'orphan', date: '2026-03-02', at: '2026-03-02T09:00:00.000Z' },
      ],
    });
    expect(text).toContain('## Check-ins');
    expect(text).toContain(`| 2026-03-01 | ${md(commitment.title)} | at-risk | 14 | Slow \\| \\*start\\* | Ana &lt;b&gt; |`);
    expect(text).not.toContain('orphan |');
    expect(exportMarkdown(input)).not.toContain('## Check-ins');
  });

  it('the decision log shows a removal: what went, who and why, escaped', () => {
    const input = fixture('example');
    const removal = {
      id: 'r1', at: '2026-03-11T09:30:00.000Z', kind: 'removal' as const, by: 'Fran <b>', reason: 'Duplicate | of *the* trust centre',
      card: { id: 'x1', column: 'initiative' as const, text: 'SOC 2 evidence pack' },
      commitments: [{ id: 'c9', title: 'SOC 2 evidence pack', status: 'agreed' as const }], traces: [], links: 3,
    };
    const text = exportMarkdown({ ...input, snapshot: { ...input.snapshot, decisions: [...(input.snapshot.decisions ?? []), removal] } });
    expect(text).toContain(
      '- 2026-03-11 09:30 UTC — **Removed** card “SOC 2 evidence pack” (Initiatives) with the agreed commitment “SOC 2 evidence pack” and 3 links by Fran &lt;b&gt;: Duplicate \\| of \\*the\\* trust centre',
    );
  });
});
