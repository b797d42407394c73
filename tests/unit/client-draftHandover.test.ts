/** Drafts on their way to the board after a reveal (client/sync/draftHandover.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Card } from '../../shared/model.ts';
import { DraftHandover } from '../../client/sync/draftHandover.ts';

const draft = (id: string, text = id): Card => ({ id, column: 'value', text, order: 'a0', createdAt: '2026-03-10T09:00:00.000Z', status: 'active' });

describe('DraftHandover', () => {
  let board: Set<string>;
  let changes: number;
  let handover: DraftHandover;
  beforeEach(() => {
    vi.useFakeTimers();
    board = new Set();
    changes = 0;
    handover = new DraftHandover((id) => board.has(id), () => changes++);
  });
  afterEach(() => {
    handover.destroy();
    vi.useRealTimers();
  });

  it('a draft that leaves the draft room before its card is on the board stays shown until the card arrives', () => {
    handover.setLive([draft('a'), draft('b')]);
    handover.setLive([]);
    expect(handover.shown().map((d) => d.id)).toEqual(['a', 'b']);
    expect(handover.revealing()).toEqual(['a', 'b']);
    expect(handover.liveCount()).toBe(0);
    board.add('a');
    handover.boardChanged();
    expect(handover.revealing()).toEqual(['b']);
    expect(handover.shown().map((d) => d.id)).toEqual(['b']);
  });

  it('a card already on the board, or a draft deleted by its author, is no pending reveal', () => {
    handover.setLive([draft('a'), draft('b')]);
    board.add('a');
    handover.deletedByMe('b');
    handover.setLive([]);
    expect(handover.shown()).toEqual([]);
    expect(handover.revealing()).toEqual([]);
  });

  it('gives a draft up when its card never comes (its id was taken on the board)', () => {
    handover.setLive([draft('a')]);
    handover.setLive([]);
    const before = changes;
    vi.advanceTimersByTime(29_000);
    expect(handover.revealing()).toEqual(['a']);
    vi.advanceTimersByTime(2_000);
    expect(handover.revealing()).toEqual([]);
    expect(changes).toBe(before + 1);
  });

  it('forget drops everything at once (the draft room closed without a reveal)', () => {
    handover.setLive([draft('a')]);
    handover.setLive([]);
    handover.forget();
    expect(handover.shown()).toEqual([]);
  });
});
