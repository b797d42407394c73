/**
 * The activity feed: logging (anonymous mode), the cap, hostile entries, formatting.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, initBoard } from '../../shared/doc/index.ts';
import { ACTIVITY_CAP, logActivity, readActivity, trimActivity } from '../../shared/doc/review.ts';
import { formatActivity } from '../../shared/review/activity.ts';
import type { ActivityEntry } from '../../shared/review/model.ts';

const T0 = Date.UTC(2026, 5, 1, 9);

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Activity', createdAt: T0 });
  return doc;
}

describe('activity log', () => {
  it('appends entries with who, oldest first; anonymous mode drops who', () => {
    const doc = board();
    const card = addCard(doc, { column: 'goal', text: 'Grow ARR' });
    const a = logActivity(doc, { kind: 'card-added', who: 'Ann', card, to: 'goal', excerpt: 'Grow ARR' }, { now: T0 + 10 });
    const b = logActivity(doc, { kind: 'card-edited', who: 'Bob', card, excerpt: 'Grow ARR' }, { now: T0 + 5, anonymous: true });
    const read = readActivity(doc);
    expect(read.map((e) => e.id)).toEqual([b, a]);
    expect(read[0]).toEqual({ id: b, at: new Date(T0 + 5).toISOString(), kind: 'card-edited', card, excerpt: 'Grow ARR' });
    expect(read[1]!.who).toBe('Ann');
  });

  it('refuses invalid entries', () => {
    const doc = board();
    expect(() => logActivity(doc, { kind: 'hacked' } as never)).toThrow(/kind/);
    expect(() => logActivity(doc, { kind: 'card-added', card: '__proto__' })).toThrow(/card/);
    expect(() => logActivity(doc, { kind: 'card-added', who: '' })).toThrow(/who/);
    expect(() => logActivity(doc, { kind: 'card-added', excerpt: 'x'.repeat(201) })).toThrow(/excerpt/);
    expect(() => logActivity(doc, { kind: 'card-added', extra: 1 } as never)).toThrow(/extra/);
    expect(readActivity(doc)).toEqual([]);
  });

  it('writers keep the feed near its cap; trimActivity cuts it to the cap, oldest first', () => {
    const doc = board();
    for (let i = 0; i < ACTIVITY_CAP + 60; i++) logActivity(doc, { kind: 'card-edited', excerpt: `#${i}` }, { now: T0 + i });
    const log = readActivity(doc);
    expect(log.length).toBeLessThanOrEqual(ACTIVITY_CAP + 50);
    expect(log.length).toBeGreaterThanOrEqual(ACTIVITY_CAP);
    expect(log[log.length - 1]!.excerpt).toBe(`#${ACTIVITY_CAP + 59}`);
    const removed = trimActivity(doc, 100);
    expect(removed).toBe(log.length - 100);
    const trimmed = readActivity(doc);
    expect(trimmed).toHaveLength(100);
    expect(trimmed[0]!.excerpt).toBe(`#${ACTIVITY_CAP + 59 - 99}`);
    expect(trimActivity(doc, 100)).toBe(0);
  });

  it('skips hostile entries and repeated ids', () => {
    const doc = board();
    const id = logActivity(doc, { kind: 'card-added', who: 'Ann' }, { now: T0 });
    doc.getArray<unknown>('activity').push([
      42, 'text', null, { kind: 'card-added' },
      { id: 'e1', at: T0, kind: 'card-added', who: { name: 'Eve' } },
      { id: 'e2', at: 'yesterday', kind: 'card-added' },
      { id: 'e3', at: T0, kind: 'card-added', isAdmin: true },
      { id: 'e4', at: 1e30, kind: 'card-added' },
      { id, at: T0 + 1, kind: 'card-deleted' },
    ]);
    expect(readActivity(doc).map((e) => [e.id, e.kind])).toEqual([[id, 'card-added']]);
  });
});

describe('formatActivity', () => {
  const entry = (e: Omit<ActivityEntry, 'id' | 'at'>): ActivityEntry => ({ id: 'x', at: '2026-06-01T09:00:00.000Z', ...e });

  it('says who did what to which card, column or commitment', () => {
    expect(formatActivity(entry({ kind: 'card-added', who: 'Ann', card: 'c', to: 'goal', excerpt: 'Grow ARR' }))).toBe('Ann added “Grow ARR” to Business goals');
    expect(formatActivity(entry({ kind: 'card-moved', who: 'Ann', card: 'c', from: 'segment', to: 'value', excerpt: 'SMB' }))).toBe('Ann moved “SMB” from Segments to Customer value');
    expect(formatActivity(entry({ kind: 'card-moved', who: 'Ann', card: 'c', from: 'value', to: 'value', excerpt: 'SMB' }))).toBe('Ann reordered “SMB”');
    expect(formatActivity(entry({ kind: 'card-edited', card: 'c', excerpt: 'old' }), { cardLabel: () => 'new label' })).toBe('Someone edited “new label”');
    expect(formatActivity(entry({ kind: 'card-deleted', who: 'Bob' }))).toBe('Bob deleted a card');
    expect(formatActivity(entry({ kind: 'comment-added', who: 'Ann', card: 'c', excerpt: 'Goal' }))).toBe('Ann commented on “Goal”');
    expect(formatActivity(entry({ kind: 'comment-replied', who: 'Ann', card: 'c', excerpt: 'Goal' }))).toBe('Ann replied to a comment on “Goal”');
    expect(formatActivity(entry({ kind: 'comment-resolved', card: 'c', excerpt: 'Goal' }), { someone: 'A participant' })).toBe('A participant resolved a comment thread on “Goal”');
    expect(formatActivity(entry({ kind: 'comment-reopened', who: 'Bo', card: 'c', excerpt: 'Goal' }))).toBe('Bo reopened a comment thread on “Goal”');
    expect(formatActivity(entry({ kind: 'comment-deleted', who: 'Bo', card: 'c' }))).toBe('Bo deleted a comment on a card');
    expect(formatActivity(entry({ kind: 'check-in', who: 'Ann', commitment: 'm', to: 'at-risk', excerpt: 'Onboarding' }))).toBe('Ann checked in on “Onboarding”: at risk');
    expect(formatActivity(entry({ kind: 'commitment-status', who: 'Ann', commitment: 'm', from: 'agreed', to: 'in-progress' }), { commitmentLabel: () => 'Ship it' })).toBe('Ann set “Ship it” to in progress');
    expect(formatActivity(entry({ kind: 'board-restored', who: 'Fay', excerpt: 'Before the vote' }))).toBe('Fay restored the board to “Before the vote”');
    expect(formatActivity(entry({ kind: 'board-restored' }))).toBe('Someone restored the board to an earlier version');
  });
});
