/**
 * What the review adds to the exports: comment threads (author, time,
 * @mentions, resolved state) in the board JSON (export → import → export
 * keeps them), Markdown, HTML and PDF; and every objection in the objector's words
 * under its consent decision in the HTML and PDF decision logs, as in Markdown.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { addCard, exportBoardJson, importBoardJson, initBoard, validateBoardJson } from '../../shared/doc/index.ts';
import { addComment, readAllThreads, replyToComment, resolveThread } from '../../shared/doc/review.ts';
import type { CommentThread } from '../../shared/review/model.ts';
import { exportMarkdown } from '../../server/export/markdown.ts';
import { exportHtml } from '../../server/export/html.ts';
import { exportPdf } from '../../server/export/pdf.ts';
import { exportJsonText } from '../../server/export/index.ts';
import { EXPORT_FIXTURES, fixtureInput } from '../fixtures/exports/load.ts';

const fixture = (name: string) => fixtureInput(EXPORT_FIXTURES.find((f) => f.name === name)!);

/** Two threads on the example's first goal: one resolved with a reply and an @mention, one open (hostile text). */
function withThreads(name: string) {
  const input = fixture(name);
  const card = input.snapshot.cards.find((c) => c.column === 'goal')!;
  const comments: CommentThread[] = [
    {
      id: 'thread1', card: card.id, resolved: true, resolvedBy: 'Ana Souza', resolvedAt: '2026-03-12T09:30:00.000Z', lastAt: '2026-03-11T10:05:00.000Z',
      root: { id: 'thread1', card: card.id, thread: 'thread1', author: 'Priya Nair', text: 'Is 8% the FY target or the H1 one? @Ana Souza', mentions: ['Ana Souza'], at: '2026-03-11T09:00:00.000Z' },
      replies: [{ id: 'reply1', card: card.id, thread: 'thread1', author: 'Ana Souza', text: 'FY — fixed the wording.', mentions: [], at: '2026-03-11T10:05:00.000Z' }],
    },
    {
      id: 'thread2', card: card.id, resolved: false, lastAt: '2026-03-12T08:00:00.000Z',
      root: { id: 'thread2', card: card.id, thread: 'thread2', text: '<script>alert(1)</script> anonymous worry', mentions: [], at: '2026-03-12T08:00:00.000Z' },
      replies: [],
    },
  ];
  return { input: { ...input, comments }, card };
}

describe('comment threads in the exports', () => {
  it('Markdown: a Comments section with card, state, author, time and @mentions', () => {
    const { input, card } = withThreads('example');
    const text = exportMarkdown(input);
    const section = text.split('## Comments\n')[1]!.split('\n## ')[0]!;
    expect(section).toContain(`- On Business goals “${card.text}” — _resolved by Ana Souza on 2026-03-12 09:30 UTC_`);
    expect(section).toContain('  - Priya Nair, 2026-03-11 09:00 UTC: Is 8% the FY target or the H1 one? @Ana Souza (mentions @Ana Souza)');
    expect(section).toContain('  - Ana Souza, 2026-03-11 10:05 UTC: FY — fixed the wording.');
    expect(section).toMatch(/— _open_\n {2}- Anonymous, 2026-03-12 08:00 UTC: /);
    expect(section).not.toContain('<script>');
    // Without comments, no section (older boards export as before).
    expect(exportMarkdown(fixture('example'))).not.toContain('## Comments');
  });

  it('PDF: a Comments section after the decision log, with card, state, author, time and @mentions', async () => {
    const { input, card } = withThreads('example');
    const { text } = await extractText(await getDocumentProxy(await exportPdf(input)), { mergePages: true });
    const section = text.slice(text.indexOf('Comments', text.indexOf('Decision log')));
    const flat = section.replace(/\s+/g, ' ');
    expect(flat).toContain(`On Business goals “${card.text}” — resolved by Ana Souza on 2026-03-12 09:30 UTC`);
    expect(flat).toContain('Priya Nair, 2026-03-11 09:00 UTC: Is 8% the FY target or the H1 one? @Ana Souza (mentions @Ana Souza)');
    expect(flat).toContain('Ana Souza, 2026-03-11 10:05 UTC: FY — fixed the wording.');
    expect(flat).toMatch(/— open Anonymous, 2026-03-12 08:00 UTC: <script>alert\(1\)<\/script> anonymous worry/);
    // Without comments, no section.
    const { text: without } = await extractText(await getDocumentProxy(await exportPdf(fixture('example'))), { mergePages: true });
    expect(without.slice(without.indexOf('Decision log'))).not.toMatch(/\bComments\b/);
  });

  it('HTML: the same threads, escaped', () => {
    const html = exportHtml(withThreads('example').input);
    const section = html.split('<h3>Comments</h3>')[1]!;
    expect(section).toContain('<em>resolved by Ana Souza on 2026-03-12 09:30 UTC</em>');
    expect(section).toContain('<strong>Priya Nair</strong>, 2026-03-11 09:00 UTC: Is 8% the FY target or the H1 one? @Ana Souza <span class="mentions">(mentions @Ana Souza)</span>');
    expect(section).toContain('<strong>Anonymous</strong>, 2026-03-12 08:00 UTC: &#60;script&#62;alert(1)&#60;/script&#62; anonymous worry');
    expect(html).not.toContain('<script>');
  });

  it('board JSON: threads with replies, mentions and resolved state; export → import → export keeps them', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Review' });
    addCard(doc, { id: 'g1', column: 'goal', text: 'Cut churn below 8%' });
    const thread = addComment(doc, 'g1', { author: 'Priya', text: 'Which quarter? @Ana', mentions: ['Ana'] }, { now: Date.parse('2026-03-11T09:00:00Z'), personId: 'person-priya' });
    replyToComment(doc, thread, { author: 'Ana', text: 'Q4', mentions: [] }, { now: Date.parse('2026-03-11T10:00:00Z'), personId: 'person-ana' });
    resolveThread(doc, thread, 'Ana', { now: Date.parse('2026-03-11T10:01:00Z') });
    addComment(doc, 'g1', { author: 'Ben', text: 'Still open', mentions: [] }, { now: Date.parse('2026-03-12T08:00:00Z') });
    const json = exportBoardJson(doc, 'board1');
    // The authors' person ids (what makes a comment theirs to delete) stay on the board: never exported.
    expect(readAllThreads(doc)[0]!.root.authorId).toBe('person-priya');
    expect(JSON.stringify(json)).not.toContain('person-');
    expect(json.comments).toEqual([
      {
        id: thread, author: 'Priya', text: 'Which quarter? @Ana', mentions: ['Ana'], at: '2026-03-11T09:00:00.000Z', card: 'g1',
        resolved: true, resolvedBy: 'Ana', resolvedAt: '2026-03-11T10:01:00.000Z', replies: [{ id: expect.any(String), author: 'Ana', text: 'Q4', mentions: [], at: '2026-03-11T10:00:00.000Z' }],
      },
      { id: expect.any(String), author: 'Ben', text: 'Still open', mentions: [], at: '2026-03-12T08:00:00.000Z', card: 'g1', resolved: false, replies: [] },
    ]);
    const checked = validateBoardJson(JSON.parse(JSON.stringify(json)));
    expect(checked.ok).toBe(true);
    const back = new Y.Doc();
    Y.applyUpdate(back, importBoardJson(checked.ok ? checked.value : json));
    expect(exportBoardJson(back, 'board1')).toEqual(json);
    expect(readAllThreads(back)[0]).toMatchObject({ resolved: true, resolvedBy: 'Ana' });
    // The existing fields are unchanged: a board without comments has no `comments` key.
    expect(Object.keys(exportBoardJson(new Y.Doc(), 'board2'))).not.toContain('comments');
    // A thread on a card that is not on the board, or a blank comment, is refused with its path.
    const stray = validateBoardJson({ ...json, comments: [{ ...json.comments![0]!, card: 'nope' }] });
    expect(stray).toMatchObject({ ok: false, issue: { path: 'comments[0].card' } });
    const blank = validateBoardJson({ ...json, comments: [{ ...json.comments![1]!, text: '   ' }] });
    expect(blank).toMatchObject({ ok: false, issue: { path: 'comments[0].text' } });
  });

  it('the export route’s JSON text carries the threads it is given', () => {
    const parsed = JSON.parse(exportJsonText(withThreads('example').input)) as { comments: { id: string; replies: unknown[] }[] };
    expect(parsed.comments.map((t) => [t.id, t.replies.length])).toEqual([['thread1', 1], ['thread2', 0]]);
  });
});

describe('objections in the decision logs', () => {
  it('HTML lists each objection with its text under its consent decision', () => {
    const html = exportHtml(fixture('example'));
    const log = html.split('<h3>Decision log</h3>')[1]!;
    expect(log).toContain('not agreed (thumbs, 3 taking part)<ul class="voices"><li>Objection from Lea Meyer (down): Q3 is too late for the renewal wave</li></ul>');
  });

  it('PDF lists each objection with its text under its consent decision', async () => {
    const pdf = await getDocumentProxy(await exportPdf(fixture('example')));
    const { text } = await extractText(pdf, { mergePages: true });
    const log = text.slice(text.indexOf('Decision log'));
    expect(log).toMatch(/spreadsheet import”: not agreed \(thumbs, 3 taking part\)\s+Objection from Lea Meyer \(down\): Q3 is too late for the renewal wave/);
  });
});
