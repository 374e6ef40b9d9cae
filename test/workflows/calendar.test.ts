import { describe, it, expect } from 'vitest';
import {
  addDays,
  addWorkingDays,
  dueAt,
  endOfShanghaiDay,
  shanghaiDate,
  shanghaiTime,
  weekendsOnly,
  type WorkCalendar,
} from '../../workflows/calendar.js';

/** 2025-10-01..03 are holidays (国庆); Saturday 2025-09-27 is a working day (调休). */
const withHolidays: WorkCalendar = {
  isWorkingDay(date) {
    if (date === '2025-09-27') return true;
    if (['2025-10-01', '2025-10-02', '2025-10-03'].includes(date)) return false;
    return weekendsOnly.isWorkingDay(date);
  },
};

describe('shanghaiDate', () => {
  it('gives the same date for an instant just before midnight in Shanghai', () => {
    const instant = new Date('2025-06-01T15:59:59.999Z'); // 23:59:59.999 in Shanghai

    expect(shanghaiDate(instant)).toBe('2025-06-01');
  });

  it('gives the next date from midnight in Shanghai on, while it is still the previous day in UTC', () => {
    const instant = new Date('2025-06-01T16:00:00.000Z'); // 00:00 on 2 June in Shanghai

    expect(shanghaiDate(instant)).toBe('2025-06-02');
  });

  it('is already the new year in Shanghai at 17:00 UTC on 31 December', () => {
    const instant = new Date('2026-12-31T17:00:00.000Z');

    expect(shanghaiDate(instant)).toBe('2027-01-01');
  });

  it('gives the UTC date for an instant in the Shanghai morning', () => {
    const instant = new Date('2025-06-02T02:00:00.000Z'); // 10:00 in Shanghai

    expect(shanghaiDate(instant)).toBe('2025-06-02');
  });
});

describe('endOfShanghaiDay', () => {
  it('is 15:59:59.999 UTC on the same date', () => {
    expect(endOfShanghaiDay('2025-06-09')).toBe('2025-06-09T15:59:59.999Z');
  });

  it('is an instant whose Shanghai date is the given date', () => {
    const end = new Date(endOfShanghaiDay('2025-12-31'));

    expect(shanghaiDate(end)).toBe('2025-12-31');
  });

  it('is one millisecond before the next Shanghai day begins', () => {
    const end = new Date(endOfShanghaiDay('2025-12-31'));

    expect(shanghaiDate(new Date(end.getTime() + 1))).toBe('2026-01-01');
  });
});

describe('addDays', () => {
  it('crosses the end of a month', () => {
    expect(addDays('2025-05-30', 3)).toBe('2025-06-02');
  });

  it('crosses the end of a year', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('goes back with a negative number of days', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('weekendsOnly', () => {
  it('treats Monday to Friday as working days', () => {
    const week = ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06'];

    expect(week.map((d) => weekendsOnly.isWorkingDay(d))).toEqual([true, true, true, true, true]);
  });

  it('treats Saturday and Sunday as days off', () => {
    expect([weekendsOnly.isWorkingDay('2025-06-07'), weekendsOnly.isWorkingDay('2025-06-08')]).toEqual([false, false]);
  });
});

describe('addWorkingDays', () => {
  it('gives Monday for one working day after a Friday', () => {
    expect(addWorkingDays('2025-06-06', 1)).toBe('2025-06-09');
  });

  it('gives the next day for one working day after a Monday', () => {
    expect(addWorkingDays('2025-06-02', 1)).toBe('2025-06-03');
  });

  it('gives the next Monday for five working days after a Monday (the start day does not count)', () => {
    expect(addWorkingDays('2025-06-02', 5)).toBe('2025-06-09');
  });

  it('skips two weekends for ten working days after a Monday', () => {
    expect(addWorkingDays('2025-06-02', 10)).toBe('2025-06-16');
  });

  it('gives Monday for one working day after a Saturday', () => {
    expect(addWorkingDays('2025-06-07', 1)).toBe('2025-06-09');
  });

  it('gives the date itself for zero working days', () => {
    expect(addWorkingDays('2025-06-07', 0)).toBe('2025-06-07');
  });

  it('skips holidays of the calendar it is given', () => {
    // Tue 30 Sep + 1: 1–3 Oct are holidays, 4–5 Oct a weekend → Mon 6 Oct.
    expect(addWorkingDays('2025-09-30', 1, withHolidays)).toBe('2025-10-06');
  });

  it('counts a working Saturday of the calendar it is given', () => {
    expect(addWorkingDays('2025-09-26', 1, withHolidays)).toBe('2025-09-27');
  });
});

describe('dueAt', () => {
  it('is the end of the Shanghai day five working days after a Monday morning, as UTC', () => {
    const now = new Date('2025-06-02T02:00:00.000Z'); // Monday 10:00 in Shanghai

    expect(dueAt(now, 5)).toBe('2025-06-09T15:59:59.999Z');
  });

  it('counts from the Shanghai date when it is already Friday in Shanghai but Thursday in UTC', () => {
    const now = new Date('2025-06-05T16:30:00.000Z'); // Friday 00:30 in Shanghai

    expect(dueAt(now, 1)).toBe('2025-06-09T15:59:59.999Z');
  });

  it('counts from Thursday when it is Thursday evening in Shanghai', () => {
    const now = new Date('2025-06-05T15:30:00.000Z'); // Thursday 23:30 in Shanghai

    expect(dueAt(now, 1)).toBe('2025-06-06T15:59:59.999Z');
  });

  it('uses the calendar it is given', () => {
    const now = new Date('2025-09-30T01:00:00.000Z'); // Tuesday 09:00 in Shanghai

    expect(dueAt(now, 1, withHolidays)).toBe('2025-10-06T15:59:59.999Z');
  });
});

describe('shanghaiTime', () => {
  it('shows an instant in Shanghai to the minute on a page, to the second on a record', () => {
    expect(shanghaiTime('2025-03-01T16:00:05.000Z')).toBe('2025-03-02 00:00');
    expect(shanghaiTime('2025-03-01T16:00:05.000Z', 'seconds')).toBe('2025-03-02 00:00:05');
  });

  it('leaves what is not an instant as it is', () => {
    expect(shanghaiTime('not a time')).toBe('not a time');
  });
});
