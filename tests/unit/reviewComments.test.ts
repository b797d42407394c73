/**
 * Comment threads on cards (shared/doc/review.ts) and "@Name" mentions.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, deleteCard, initBoard } from '../../shared/doc/index.ts';
import {
  addComment, deleteComment, openCommentCounts, readActivity, readAllThreads, readComments, readThreads, reopenThread, replyToComment,
  resolveThread,
} from '../../shared/doc/review.ts';
import { parseMentions } from '../../shared/review/mentions.ts';

const T0 = Date.UTC(2026, 5, 1, 9);

function board(): { doc: Y.Doc; goal: string; segment: string } {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Review', createdAt: T0 });
  const goal = addCard(doc, { column: 'goal', text: 'Grow ARR\nby 20%' });
  const segment = addCard(doc, { column: 'segment', text: 'Mid-market' });
  return { doc, goal, segment };
}

const say = (author: string, text: string, mentions: string[] = []) => ({ author, text, mentions });

describe('parseMentions', () => {
  const names = ['Ann', 'Ann Lee', 'Bob', 'Zoë'];

  it('finds @Name mentions, longest name first, case-insensitively, each once in order', () => {
    expect(parseMentions('@bob and @Ann Lee, please look (cc @ann, @BOB)', names)).toEqual(['Bob', 'Ann Lee', 'Ann']);
    expect(parseMentions('thanks @Zoë!', names)).toEqual(['Zoë']);
  });

  it('needs word boundaries on both sides', () => {
    expect(parseMentions('mail bob@ann.io or @Annabel or @Bobby', names)).toEqual([]);
    expect(parseMentions('@Ann_x @Ann2', names)).toEqual([]);
    expect(parseMentions('(@Ann)', names)).toEqual(['Ann']);
  });

  it('ignores blank names and texts without @', () => {
    expect(parseMentions('@ hello', ['', '  '])).toEqual([]);
    expect(parseMentions('no mentions here', names)).toEqual([]);
    expect(parseMentions('@', names)).toEqual([]);
  });
});

describe('comment threads', () => {
  it('adds threads and replies, read per card in time order', () => {
    const { doc, goal, segment } = board();
    const t1 = addComment(doc, goal, say('Ann', 'Is 20% realistic? @Bob', ['Bob']), { now: T0 + 1000 });
    const t2 = addComment(doc, goal, say('Bob', 'Which ARR?'), { now: T0 + 500 });
    const r1 = replyToComment(doc, t1, say('Bob', 'Yes, with the upsell.'), { now: T0 + 2000 });
    // Replying to a reply lands in the same thread.
    const r2 = replyToComment(doc, r1, say('Ann', 'OK'), { now: T0 + 3000 });
    addComment(doc, segment, say('Cy', 'Define mid-market'), { now: T0 });

    const threads = readThreads(doc, goal);
    expect(threads.map((t) => t.id)).toEqual([t2, t1]);
    const t = threads[1]!;
    expect(t.root).toEqual({ id: t1, card: goal, thread: t1, author: 'Ann', text: 'Is 20% realistic? @Bob', mentions: ['Bob'], at: new Date(T0 + 1000).toISOString() });
    expect(t.replies.map((r) => [r.id, r.thread, r.author])).toEqual([[r1, t1, 'Bob'], [r2, t1, 'Ann']]);
    expect(t.resolved).toBe(false);
    expect(t.lastAt).toBe(new Date(T0 + 3000).toISOString());
    expect(readAllThreads(doc)).toHaveLength(3);
    expect(readComments(doc).map((c) => c.text)).toEqual(['Define mid-market', 'Which ARR?', 'Is 20% realistic? @Bob', 'Yes, with the upsell.', 'OK']);
  });

  it('refuses comments on missing cards, blank or oversized text, bad mentions, and replies to nothing', () => {
    const { doc, goal } = board();
    expect(() => addComment(doc, 'nope', say('Ann', 'x'))).toThrow(/no such card/);
    expect(() => addComment(doc, goal, say('Ann', '   '))).toThrow(/text/);
    expect(() => addComment(doc, goal, say('Ann', 'x'.repeat(10_001)))).toThrow(/text/);
    expect(() => addComment(doc, goal, say('', 'x'))).toThrow(/author/);
    expect(() => addComment(doc, goal, { ...say('Ann', 'x'), mentions: [''] })).toThrow(/mentions/);
    expect(() => addComment(doc, goal, { ...say('Ann', 'x'), extra: 1 } as never)).toThrow(/extra/);
    expect(() => replyToComment(doc, 'nope', say('Ann', 'x'))).toThrow(/no such comment/);
    expect(readAllThreads(doc)).toEqual([]);
  });

  it('resolves and reopens a thread; open counts leave resolved threads out', () => {
    const { doc, goal, segment } = board();
    const t1 = addComment(doc, goal, say('Ann', 'one'));
    replyToComment(doc, t1, say('Bob', 'two'));
    const t2 = addComment(doc, goal, say('Bob', 'three'));
    addComment(doc, segment, say('Bob', 'four'));
    expect(openCommentCounts(doc)).toEqual(new Map([[goal, 3], [segment, 1]]));
    resolveThread(doc, t1, 'Ann', { now: T0 });
    expect(readThreads(doc, goal).find((t) => t.id === t1)).toMatchObject({ resolved: true, resolvedBy: 'Ann', resolvedAt: new Date(T0).toISOString() });
    expect(openCommentCounts(doc).get(goal)).toBe(1);
    reopenThread(doc, t1, 'Bob');
    const reopened = readThreads(doc, goal).find((t) => t.id === t1)!;
    expect(reopened.resolved).toBe(false);
    expect(reopened.resolvedBy).toBeUndefined();
    resolveThread(doc, t2, 'Bob');
    expect(openCommentCounts(doc).get(goal)).toBe(2);
  });

  it('deletes only its own comments, by person id (or as a moderator); a deleted first comment stays as a placeholder while replies remain', () => {
    const { doc, goal } = board();
    const t1 = addComment(doc, goal, say('Ann', 'secret plan', ['Bob']), { personId: 'person-ann-1' });
    const r1 = replyToComment(doc, t1, say('Bob', 'reply'), { personId: 'person-bob-1' });
    expect(readThreads(doc, goal)[0]!.root.authorId).toBe('person-ann-1');
    expect(() => deleteComment(doc, t1, 'Bob', { personId: 'person-bob-1' })).toThrow(/author/);
    // Another person under Ann's name is not Ann; nor is someone who names no person.
    expect(() => deleteComment(doc, t1, 'Ann', { personId: 'person-ann-2' })).toThrow(/author/);
    expect(() => deleteComment(doc, t1, 'Ann')).toThrow(/author/);
    deleteComment(doc, t1, 'Ann', { personId: 'person-ann-1' });
    const [thread] = readThreads(doc, goal);
    expect(thread!.root).toMatchObject({ id: t1, text: '', mentions: [], deleted: true });
    expect(JSON.stringify(doc.getMap('comments').toJSON())).not.toContain('secret plan');
    expect(readComments(doc).map((c) => c.id)).toEqual([r1]);
    expect(openCommentCounts(doc).get(goal)).toBe(1);
    deleteComment(doc, r1, 'Facilitator', { moderator: true });
    expect(readThreads(doc, goal)).toEqual([]);
    expect(openCommentCounts(doc).has(goal)).toBe(false);
    deleteComment(doc, r1, 'Bob'); // already deleted: a no-op
  });

  it('anonymous mode stores no author; such comments can only be deleted by a moderator', () => {
    const { doc, goal } = board();
    const id = addComment(doc, goal, say('Ann', 'anonymous thought'), { anonymous: true, personId: 'person-ann-1' });
    resolveThread(doc, id, 'Ann', { anonymous: true });
    const [thread] = readThreads(doc, goal);
    expect(thread!.root.author).toBeUndefined();
    expect(thread!.root.authorId).toBeUndefined();
    expect(thread!.resolvedBy).toBeUndefined();
    expect(JSON.stringify(doc.toJSON())).not.toContain('Ann');
    expect(JSON.stringify(doc.toJSON())).not.toContain('person-ann-1');
    expect(() => deleteComment(doc, id, 'Ann', { personId: 'person-ann-1' })).toThrow(/author/);
    deleteComment(doc, id, 'Facilitator', { moderator: true, anonymous: true });
    expect(readThreads(doc, goal)).toEqual([]);
  });

  it('comments outlive their card (and come back with it), and log activity', () => {
    const { doc, goal } = board();
    const id = addComment(doc, goal, say('Ann', 'hello'), { now: T0 });
    deleteCard(doc, goal);
    expect(readThreads(doc, goal)).toHaveLength(1);
    expect(() => replyToComment(doc, id, say('Bob', 'too late'))).toThrow(/no such card/);
    expect(readActivity(doc).map((e) => [e.kind, e.who, e.card, e.comment, e.excerpt])).toEqual([['comment-added', 'Ann', goal, id, 'Grow ARR']]);
  });

  it('merges concurrent comments and replies from two peers', () => {
    const { doc: a, goal } = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const t = addComment(a, goal, say('Ann', 'first'));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    replyToComment(a, t, say('Ann', 'from a'));
    replyToComment(b, t, say('Bob', 'from b'));
    resolveThread(b, t, 'Bob');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(readAllThreads(a)).toEqual(readAllThreads(b));
    expect(readThreads(a, goal)[0]!.replies.map((r) => r.text).sort()).toEqual(['from a', 'from b']);
  });
});

describe('hostile comment records', () => {
  it('skips invalid comments, orphan replies, replies on another card and prototype keys', () => {
    const { doc, goal, segment } = board();
    const good = addComment(doc, goal, say('Ann', 'fine'), { now: T0 });
    const comments = doc.getMap<unknown>('comments');
    const raw = (fields: Record<string, unknown>) => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
      return m;
    };
    doc.transact(() => {
      comments.set('plain', { card: goal, text: 'not a map', at: T0 });
      comments.set('__proto__', raw({ card: goal, text: 'proto', at: T0 }));
      comments.set('noCard', raw({ text: 'x', at: T0 }));
      comments.set('badTime', raw({ card: goal, text: 'x', at: 1e20 }));
      comments.set('blank', raw({ card: goal, text: '  ', at: T0 }));
      comments.set('numText', raw({ card: goal, text: 42, at: T0 }));
      comments.set('selfThread', raw({ card: goal, thread: 'selfThread', text: 'x', at: T0 }));
      comments.set('orphan', raw({ card: goal, thread: 'missing', text: 'x', at: T0 }));
      comments.set('elsewhere', raw({ card: segment, thread: good, text: 'x', at: T0 }));
      comments.set('badMentions', raw({ card: goal, text: 'ok', at: T0 + 1, mentions: ['Ann', 5, '', null], author: 42 }));
    });
    const threads = readThreads(doc, goal);
    expect(threads.map((t) => t.id)).toEqual([good, 'badMentions']);
    expect(threads[1]!.root.mentions).toEqual(['Ann']);
    expect(threads[1]!.root.author).toBeUndefined();
    expect(readThreads(doc, segment)).toEqual([]);
    expect(openCommentCounts(doc).get(goal)).toBe(2);
    expect(() => resolveThread(doc, 'orphan', 'Ann')).toThrow(/no such/);
  });
});
