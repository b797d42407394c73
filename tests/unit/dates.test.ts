/** Calendar days (ISO) and past-due commitments, pure. */
import { describe, expect, it } from 'vitest';
import { addDays, endOfMonthAfter, localDay } from '../../shared/dates.ts';
import { isPastDue } from '../../shared/commitments.ts';

describe('calendar days', () => {
  it('adds days and finds month ends across years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // a daylight-saving weekend in Europe
    expect(endOfMonthAfter('2026-12-05', 0)).toBe('2026-12-31');
    expect(endOfMonthAfter('2026-12-05', 2)).toBe('2027-02-28');
    expect(endOfMonthAfter('2027-12-05', 2)).toBe('2028-02-29');
    expect(endOfMonthAfter('2026-01-31', -1)).toBe('2025-12-31');
    expect(() => addDays('5 Dec 2026', 1)).toThrow(/not a calendar day/);
  });

  it('reads today where the user is', () => {
    expect(localDay(new Date(2026, 11, 5, 23, 59))).toBe('2026-12-05');
    expect(localDay(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });
});

describe('isPastDue', () => {
  it('is a commitment still open whose due date is before today', () => {
    expect(isPastDue({ due: '2026-06-30', status: 'proposed' }, '2026-12-05')).toBe(true);
    expect(isPastDue({ due: '2026-06-30', status: 'agreed' }, '2026-12-05')).toBe(true);
    expect(isPastDue({ due: '2026-06-30', status: 'in-progress' }, '2026-12-05')).toBe(true);
    expect(isPastDue({ due: '2026-12-05', status: 'agreed' }, '2026-12-05')).toBe(false); // due today is not yet past
    expect(isPastDue({ due: '2026-06-30', status: 'done' }, '2026-12-05')).toBe(false);
    expect(isPastDue({ due: '2026-06-30', status: 'dropped' }, '2026-12-05')).toBe(false);
    expect(isPastDue({ status: 'proposed' }, '2026-12-05')).toBe(false);
  });
});
