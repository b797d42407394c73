import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterTypingPause } from '../../client/sync/signal.ts';

describe('afterTypingPause', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once, the pause after the last of a run of keys', () => {
    const fn = vi.fn();
    const typed = afterTypingPause(fn, 300);
    for (let key = 0; key < 20; key++) {
      typed();
      vi.advanceTimersByTime(60);
    }
    // Twenty keys 60 ms apart: nothing yet, the last key was 60 ms ago.
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(239);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs again after the next pause', () => {
    const fn = vi.fn();
    const typed = afterTypingPause(fn, 300);
    typed();
    vi.advanceTimersByTime(300);
    typed();
    vi.advanceTimersByTime(100);
    typed();
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
